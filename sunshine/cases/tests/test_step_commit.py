"""A case step's commit on PostgreSQL (issue #6 §11, docs/decisions/0021-asynchronous-step-commit.md):
in "fast" mode the step's own transaction does not wait for the WAL flush (``SET LOCAL
synchronous_commit TO OFF``), and only that transaction; "durable" mode, a step inside a larger
transaction and inline audit linking keep the flush; SQLite ignores the setting."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from sunshine.cases import services, signals
from sunshine.cases.choices import TaskStatus
from sunshine.cases.models import Case
from sunshine.cases.tests.test_services import open_task, register
from sunshine.catalog.tests.factories import published
from sunshine.core import commit


@pytest.fixture
def permit(clerk, department, legal_reviewer, inspector, leader):
    return published(clerk, department, legal_reviewer, inspector, leader)


def _show() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


@pytest.fixture
def seen_inside():
    """synchronous_commit as the step's transaction sees it (task_completed is sent inside it)."""
    seen: list[str] = []

    def receiver(sender, **kwargs):
        seen.append(_show())

    signals.task_completed.connect(receiver, dispatch_uid="test_step_commit")
    yield seen
    signals.task_completed.disconnect(dispatch_uid="test_step_commit")


def step(clerk, permit):
    case = register(clerk, permit)
    services.task_complete(actor=clerk, task=open_task(case), choice="受理")
    return case


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_step_commits_without_waiting_for_the_disk_and_only_the_step(clerk, permit, settings, seen_inside):
    settings.SUNSHINE_STEP_COMMIT, settings.AUDIT_LINK_MODE = "fast", "deferred"
    case = step(clerk, permit)
    assert seen_inside == ["off"]
    assert _show() == "on"  # SET LOCAL ended with the step's transaction
    assert case.tasks.filter(status=TaskStatus.DONE).count() == 1
    with transaction.atomic():  # the next transaction of the connection waits for the flush again
        assert _show() == "on"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_durable_mode_waits_for_the_flush(clerk, permit, settings, seen_inside):
    settings.SUNSHINE_STEP_COMMIT, settings.AUDIT_LINK_MODE = "durable", "deferred"
    step(clerk, permit)
    assert seen_inside == ["on"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_inline_audit_linking_keeps_the_step_durable(clerk, permit, settings, seen_inside):
    """Inline, the step's commit moves the chain head: a head read and published before the flush
    could name a record a crash then loses, so the step waits (ADR 0021)."""
    settings.SUNSHINE_STEP_COMMIT, settings.AUDIT_LINK_MODE = "fast", "inline"
    step(clerk, permit)
    assert seen_inside == ["on"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_step_inside_a_larger_transaction_leaves_it_durable(clerk, permit, settings, seen_inside):
    settings.SUNSHINE_STEP_COMMIT, settings.AUDIT_LINK_MODE = "fast", "deferred"
    case = register(clerk, permit)
    with transaction.atomic():
        Case.objects.filter(pk=case.pk).update(subject="同一事务中的其他变更")
        services.task_complete(actor=clerk, task=open_task(case), choice="受理")
        assert _show() == "on"
    assert seen_inside == ["on"]


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite's leg")
@pytest.mark.django_db(transaction=True)
def test_sqlite_ignores_the_setting(settings):
    settings.SUNSHINE_STEP_COMMIT = "fast"
    with transaction.atomic():
        assert commit.fast_step_commit() is False


def test_a_wrong_value_is_refused(settings):
    settings.SUNSHINE_STEP_COMMIT = "sometimes"
    with pytest.raises(ValueError, match="SUNSHINE_STEP_COMMIT"):
        commit.step_mode()
