"""`sunshine audit verify|link` as an operator runs them."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from sunshine.core.audit import audit_record
from sunshine.core.models import AuditRecord
from sunshine.core.tests.conftest import AUDIT_TABLE, run_sql

pytestmark = pytest.mark.django_db


def audit_command(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("audit", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_verify_prints_ok_count_and_head(chain):
    out, err = audit_command("verify")
    assert out == f"OK 5 {chain[-1].hash}\n"
    assert err == ""


def test_verify_warns_on_stderr_about_records_not_linked_yet(settings, chain, clerk):
    settings.AUDIT_LINK_MODE = "deferred"
    audit_record(actor=clerk, action="test.later", target=clerk)
    out, err = audit_command("verify")
    assert out == f"OK 5 {chain[-1].hash}\n"
    assert err.startswith("warning: 1 records not linked yet (oldest written ")


def test_strict_verify_fails_while_records_are_not_linked(settings, chain, clerk):
    settings.AUDIT_LINK_MODE = "deferred"
    audit_record(actor=clerk, action="test.later", target=clerk)
    with pytest.raises(CommandError, match="1 records not linked yet"):
        audit_command("verify", "--strict")


def test_strict_verify_passes_once_everything_is_linked(chain):
    out, _ = audit_command("verify", "--strict")
    assert out.startswith("OK 5 ")


def test_verify_names_the_first_broken_record(chain):
    run_sql(f"UPDATE {AUDIT_TABLE} SET object_id = 'forged' WHERE seq = 4")
    with pytest.raises(CommandError, match=r"BROKEN at record 4 \(id \d+\): record 4 .* columns differ"):
        audit_command("verify")


def test_verify_against_a_checkpoint(chain):
    out, _ = audit_command("verify", "--checkpoint", f"4:{chain[3].hash}")
    assert out.startswith("OK 5 ")
    with pytest.raises(CommandError, match="checkpoint 4"):
        audit_command("verify", "--checkpoint", f"4:{chain[2].hash}")


def test_malformed_checkpoint_is_a_usage_error(chain):
    with pytest.raises(CommandError, match="COUNT:HASH"):
        audit_command("verify", "--checkpoint", "four")


def test_link_links_pending_records(settings, clerk):
    settings.AUDIT_LINK_MODE = "deferred"
    for _ in range(3):
        audit_record(actor=clerk, action="test.pending", target=clerk)
    out, _ = audit_command("link")
    assert out == "linked 3\n"
    assert not AuditRecord.objects.filter(seq__isnull=True).exists()
    assert audit_command("link")[0] == "linked 0\n"
