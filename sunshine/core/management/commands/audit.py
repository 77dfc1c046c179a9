"""``sunshine audit verify|link``: check the audit chain, or link pending records now (AUD-1)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sunshine.core.audit import audit_verify, link_pending, parse_checkpoint


def checkpoint_argument(text: str) -> tuple[int, str]:
    import argparse

    try:
        return parse_checkpoint(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


class Command(BaseCommand):
    help = "Verify the audit chain (prints 'OK <count> <head-hash>') or link pending records."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{verify,link}")
        verify = sub.add_parser(
            "verify",
            help="walk the chain; exit non-zero naming the first broken record",
            description="Walk the audit chain and check every record's sequence, link, hash and columns.",
        )
        verify.add_argument(
            "--checkpoint",
            type=checkpoint_argument,
            metavar="COUNT:HASH",
            help="a published head (GET /api/v1/audit/head): also proves the chain was not cut",
        )
        verify.add_argument(
            "--strict", action="store_true", help="records not yet linked are an error, not a warning"
        )
        verify.add_argument(
            "--processes",
            type=int,
            metavar="N",
            help="walk the chain in N processes at once (default: one per core, up to 4, for long chains)",
        )
        sub.add_parser(
            "link",
            help="link pending records into the chain now (the worker does this in deferred mode)",
        )

    def handle(self, *args, action: str, **options):
        if action == "link":
            count = link_pending()
            self.stdout.write(f"linked {count}")
            return
        processes = options.get("processes")
        if processes is not None and processes < 1:
            raise CommandError("--processes must be at least 1")
        report = audit_verify(
            checkpoint=options.get("checkpoint"),
            parallel=None if processes is None else processes > 1,
            segments=processes,
        )
        if not report.ok:
            for problem in report.problems[1:]:
                self.stderr.write(problem)
            raise CommandError(report.summary())
        if report.pending:
            since = (
                f" (oldest written {timezone.localtime(report.oldest_pending_at):%Y-%m-%d %H:%M:%S})"
                if report.oldest_pending_at
                else ""
            )
            message = f"{report.pending} records not linked yet{since}"
            if options["strict"]:
                raise CommandError(
                    f"{message}; is the worker running? (`sunshine audit link` links them now)"
                )
            self.stderr.write(f"warning: {message}")
        self.stdout.write(report.summary())
