"""Fixtures of core's tests: an audit chain to break, raw SQL past the guards, API clients."""

from __future__ import annotations

import pytest
from django.db import connection
from rest_framework.test import APIClient

from sunshine.core.audit import audit_record, link_pending
from sunshine.core.models import AuditRecord

AUDIT_TABLE = AuditRecord._meta.db_table


def run_sql(sql: str, params=None):
    """Run raw SQL as a database administrator could: with the audit guard (core.audit_guard)
    disabled for the statement (the test's transaction rolls the DDL back with everything else)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {AUDIT_TABLE} DISABLE TRIGGER core_auditrecord_guard")
            cursor.execute(sql, params)
            cursor.execute(f"ALTER TABLE {AUDIT_TABLE} ENABLE TRIGGER core_auditrecord_guard")
            return
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [AUDIT_TABLE]
        )
        triggers = cursor.fetchall()
        for name, _sql in triggers:
            cursor.execute(f'DROP TRIGGER "{name}"')
        cursor.execute(sql, params)
        for _name, trigger_sql in triggers:
            cursor.execute(trigger_sql)


@pytest.fixture
def tamper():
    return run_sql


@pytest.fixture
def chain(clerk, leader):
    """Five linked records by two people about two objects, oldest first."""
    records = [
        audit_record(actor=clerk, action="test.create", target=clerk, note="第一条"),
        audit_record(actor=leader, action="test.update", target=clerk, before={"full_name": "张"}),
        audit_record(actor=None, action="test.scan", object_type="test.job", object_id="nightly"),
        audit_record(actor=clerk, action="test.update", target=leader, extra={"why": "调整"}),
        audit_record(actor=leader, action="test.approve", target=leader),
    ]
    link_pending()
    return [AuditRecord.objects.get(pk=r.pk) for r in records]


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def api_as(api):
    """An API client authenticated as ``user`` with a bearer token from POST /api/v1/auth/token."""
    from sunshine.core.services import api_token_issue

    def _as(user):
        _, key = api_token_issue(user=user)
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
        return api

    return _as


class FrozenClock:
    """core.clock.now() held at a chosen instant; ``advance`` moves it on."""

    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now

    def advance(self, **delta) -> None:
        import datetime as dt

        self.now += dt.timedelta(**delta)


@pytest.fixture
def frozen_clock(monkeypatch):
    from django.utils import timezone

    from sunshine.core import clock

    frozen = FrozenClock(timezone.now().replace(microsecond=0))
    monkeypatch.setattr(clock, "now", frozen)
    return frozen


def audit_actions(**filters) -> list[str]:
    """The actions of the audit records matching ``filters``, oldest first."""
    return list(AuditRecord.objects.filter(**filters).order_by("id").values_list("action", flat=True))
