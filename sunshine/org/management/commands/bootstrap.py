"""``sunshine bootstrap``: the first accounts of a fresh production installation.

Creates the root body when it is missing and the three administrator accounts (三员分立, SEC-1),
each holding one administrator role over every unit. Every account must change its password at
the first log-in (SEC-5). Passwords come from, in this order:

* ``--password-file FILE``: one ``username:password`` line per account (``#`` comments allowed);
* the environment: ``SUNSHINE_SYSTEM_ADMIN_PASSWORD``, ``SUNSHINE_SECURITY_ADMIN_PASSWORD``,
  ``SUNSHINE_AUDIT_ADMIN_PASSWORD``;
* a prompt (twice, to confirm) when standard input is a terminal.

A password that fails the policy (SEC-4), or one shared by two of the accounts, is refused and
nothing is created. Running it again leaves existing administrators alone; ``--reset-password``
sets new (temporary) passwords on them instead, the recovery path when an administrator is locked
out of their own password. Everything goes through org.services with the system as actor, so the
audit trail records it.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sunshine.core.errors import DomainError
from sunshine.core.models import User
from sunshine.core.services import validate_new_password
from sunshine.core.system import system_actor
from sunshine.org import services
from sunshine.org.backends import admin_kind_of
from sunshine.org.choices import DataScope, RoleKind, UnitKind
from sunshine.org.models import Role, Unit

ADMINS = [
    # option, role code, kind, full name, environment variable
    ("system_admin", "system_admin", RoleKind.SYSTEM_ADMIN, "系统管理员", "SUNSHINE_SYSTEM_ADMIN_PASSWORD"),
    (
        "security_admin",
        "security_admin",
        RoleKind.SECURITY_ADMIN,
        "安全管理员",
        "SUNSHINE_SECURITY_ADMIN_PASSWORD",
    ),
    ("audit_admin", "audit_admin", RoleKind.AUDIT_ADMIN, "审计管理员", "SUNSHINE_AUDIT_ADMIN_PASSWORD"),
]


def read_password_file(path: Path) -> dict[str, str]:
    passwords = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        username, sep, password = line.partition(":")
        if not sep or not username.strip() or not password:
            raise CommandError(f"{path}:{number}: expected 'username:password'")
        passwords[username.strip().lower()] = password
    return passwords


class Command(BaseCommand):
    help = "Create the root body and the system, security and audit administrators of a new installation."

    def add_arguments(self, parser):
        parser.add_argument(
            "--system-admin", required=True, metavar="USER", help="user name of the system administrator"
        )
        parser.add_argument(
            "--security-admin", required=True, metavar="USER", help="user name of the security administrator"
        )
        parser.add_argument(
            "--audit-admin", required=True, metavar="USER", help="user name of the audit administrator"
        )
        parser.add_argument(
            "--body-name", metavar="NAME", help="name of the root body (created when missing)"
        )
        parser.add_argument(
            "--body-code", default="ROOT", metavar="CODE", help="code of the root body (default ROOT)"
        )
        parser.add_argument("--password-file", type=Path, metavar="FILE", help="lines of 'username:password'")
        parser.add_argument(
            "--reset-password",
            action="store_true",
            help="set new temporary passwords on administrators that already exist",
        )

    def handle(self, *args, **options):
        usernames = {option: options[option].strip() for option, *_rest in ADMINS}
        if len({u.lower() for u in usernames.values()}) != len(usernames):
            raise CommandError("the three administrators must be three different accounts (三员分立, SEC-1)")
        body = self._root_body(options["body_name"], options["body_code"])
        pending = []
        for option, role_code, kind, full_name, env in ADMINS:
            username = usernames[option]
            user = User.objects.filter(username__iexact=username).first()
            if user is not None:
                if admin_kind_of(user) != kind:
                    raise CommandError(
                        f"account {username!r} exists and is not the {RoleKind(kind).label} ({kind})"
                    )
                if not options["reset_password"]:
                    self.stdout.write(f"{username}: {kind} already exists, unchanged")
                    continue
            pending.append((option, role_code, kind, full_name, env, username, user))
        passwords = self._passwords(pending, options["password_file"])
        try:
            with transaction.atomic(), system_actor(self):
                if body is None:
                    body = services.unit_create(
                        actor=None,
                        name=options["body_name"].strip(),
                        kind=UnitKind.BODY,
                        code=options["body_code"],
                    )
                    self.stdout.write(f"created root body {body.name} ({body.code})")
                for _option, role_code, kind, full_name, _env, username, user in pending:
                    password = passwords[username]
                    if user is not None:
                        services.account_reset_password(
                            actor=None, user=user, new_password=password, expected_version=user.version
                        )
                        self.stdout.write(f"{username}: new temporary password set ({kind})")
                        continue
                    user = services.account_create(
                        actor=None, username=username, full_name=full_name, password=password
                    )
                    services.role_assignment_create(
                        actor=None,
                        user=user,
                        role=Role.objects.get(code=role_code),
                        unit=body,
                        data_scope=DataScope.ALL,
                    )
                    self.stdout.write(
                        f"{username}: created as {kind}; must change the password at first log-in"
                    )
        except DomainError as error:
            raise CommandError(f"{error.message} ({error.field or error.code})") from error

    def _root_body(self, name: str | None, code: str) -> Unit | None:
        body = Unit.objects.filter(kind=UnitKind.BODY, parent__isnull=True)
        found = body.filter(name=name.strip()).first() if name else body.order_by("sort_order", "id").first()
        if found is None and not name:
            raise CommandError("no root body yet: give its name with --body-name")
        return found

    def _passwords(self, pending, password_file: Path | None) -> dict[str, str]:
        from_file = read_password_file(password_file) if password_file else {}
        passwords: dict[str, str] = {}
        for _option, _role, _kind, full_name, env, username, user in pending:
            password = (
                from_file.get(username.lower()) or os.environ.get(env) or self._prompt(username, full_name)
            )
            probe = user or User(username=username, full_name=full_name)
            try:
                validate_new_password(password, user=probe, field="password")
            except DomainError as error:
                raise CommandError(f"{username}: {error.message}") from error
            passwords[username] = password
        if len(set(passwords.values())) != len(passwords):
            raise CommandError("each administrator needs a password of their own (三员分立, SEC-1)")
        return passwords

    def _prompt(self, username: str, full_name: str) -> str:
        if not sys.stdin.isatty():
            raise CommandError(f"no password for {username}: use --password-file or the environment")
        first = getpass.getpass(f"{full_name} {username} 的初始口令: ")
        if getpass.getpass("再输入一次: ") != first:
            raise CommandError(f"{username}: the two passwords differ")
        return first
