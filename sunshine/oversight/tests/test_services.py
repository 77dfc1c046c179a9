"""The scan (OVS-1, CASE-10) and the handling of alerts (OVS-2)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.db import IntegrityError, transaction

from sunshine.core import clock
from sunshine.core.errors import Conflict, InvalidInput, NotFound, NotPermitted, RuleViolated
from sunshine.core.models import AuditRecord, Notification
from sunshine.org.choices import DataScope
from sunshine.org.tests.factories import DepartmentFactory, account_with_role
from sunshine.oversight import services
from sunshine.oversight.choices import AlertKind, AlertLevel, AlertStatus, EscalationTarget, SubjectType
from sunshine.oversight.models import Alert, AlertEvent, OversightSetting
from sunshine.oversight.tests.conftest import open_task

pytestmark = pytest.mark.django_db


def task_alerts(case):
    return Alert.objects.filter(case=case, subject_type=SubjectType.TASK)


def test_overdue_step_gets_a_red_alert_for_its_assignee(late_case, clerk):
    result = services.scan()
    alert = task_alerts(late_case).get()
    assert (alert.level, alert.kind, alert.rule, alert.status) == ("red", "overdue", "CASE-10", "open")
    assert alert.task == open_task(late_case)
    assert alert.responsible == clerk
    assert alert.department == late_case.department
    assert "超过办理期限" in alert.message
    assert late_case.number in alert.message
    assert result.counts["red"] >= 1


def test_step_within_the_warning_lead_gets_a_yellow_alert(fresh_case):
    task = open_task(fresh_case)
    services.scan(now=task.due_at - dt.timedelta(days=1))
    alert = task_alerts(fresh_case).get()
    assert (alert.level, alert.kind, alert.rule) == (AlertLevel.YELLOW, AlertKind.DEADLINE_NEAR, "OVS-1")


def test_step_far_from_its_limit_gets_no_alert(fresh_case):
    services.scan()  # due in 5 working days, the lead is 2
    assert not task_alerts(fresh_case).exists()


def test_the_warning_lead_is_a_setting_of_the_body(fresh_case, body):
    OversightSetting.objects.create(body=body, warning_lead_workdays=10)
    services.scan()
    assert task_alerts(fresh_case).get().level == AlertLevel.YELLOW


def test_scanning_twice_creates_nothing_new(late_case, fresh_case):
    first = services.scan()
    count = Alert.objects.count()
    second = services.scan()
    assert Alert.objects.count() == count
    assert first.counts["red"] >= 1
    assert (second.counts["red"], second.counts["yellow"]) == (0, 0)


def test_red_alert_supersedes_the_yellow_one(fresh_case):
    task = open_task(fresh_case)
    services.scan(now=task.due_at - dt.timedelta(hours=2))
    yellow = task_alerts(fresh_case).get()
    result = services.scan(now=task.due_at + dt.timedelta(hours=1))
    yellow.refresh_from_db()
    red = task_alerts(fresh_case).get(kind=AlertKind.OVERDUE)
    assert yellow.status == AlertStatus.CLOSED
    assert yellow.superseded_by == red
    assert result.counts["superseded"] == 1


def test_a_closed_alert_is_not_raised_again_for_the_same_limit(late_case, clerk, inspector):
    services.scan()
    alert = task_alerts(late_case).get()
    services.alert_explain(actor=clerk, alert=alert, explanation="申请人补正材料延误")
    services.alert_close(actor=inspector, alert=alert, note="说明属实")
    services.scan()
    assert task_alerts(late_case).count() == 1


def test_one_scan_writes_one_audit_record_per_chunk(late_case):
    services.scan()
    records = AuditRecord.objects.filter(action="oversight.scan")
    assert records.count() == 1
    assert records.get().actor_id is None


def test_red_alert_notifies_responsible_leader_and_inspectors(late_case, clerk, leader, inspector):
    result = services.scan()  # the tests' task backend runs the queued notification at once
    assert result.counts["notify_queued"] == 1
    for user in (clerk, leader, inspector):
        assert Notification.objects.filter(recipient=user, category="oversight").exists(), user
    assert Alert.objects.filter(notified_at__isnull=True).count() == 0
    services.scan()  # notified once only
    assert Notification.objects.filter(recipient=clerk, category="oversight").count() == 1


def test_the_scan_queues_the_notifications_instead_of_sending_them(late_case, clerk, monkeypatch):
    from sunshine.oversight import tasks

    notify_task, queued = tasks.oversight_notify, []
    monkeypatch.setattr(tasks, "oversight_notify", SimpleNamespace(enqueue=lambda: queued.append(1)))
    services.scan()
    assert queued == [1]
    assert not Notification.objects.filter(recipient=clerk, category="oversight").exists()
    assert Alert.objects.filter(notified_at__isnull=True).count() == 1
    assert notify_task.call() == 1  # what the worker runs
    assert Notification.objects.filter(recipient=clerk, category="oversight").count() == 1
    assert notify_task.call() == 0  # idempotent: nothing is told twice
    assert Notification.objects.filter(recipient=clerk, category="oversight").count() == 1


def test_a_scan_with_nothing_new_and_nothing_pending_queues_nothing(late_case, monkeypatch):
    from sunshine.oversight import tasks

    services.scan()
    queued = []
    monkeypatch.setattr(tasks, "oversight_notify", SimpleNamespace(enqueue=lambda: queued.append(1)))
    assert services.scan().counts["notify_queued"] == 0
    assert queued == []


def test_notifications_a_crash_left_are_sent_by_the_next_scan(late_case, clerk, monkeypatch):
    from sunshine.oversight import tasks

    def crash(*args, **kwargs):
        raise RuntimeError("worker died")

    with monkeypatch.context() as patch:
        patch.setattr(services, "_notify_one", crash)
        services.scan()  # the tests' backend runs the queued notification at once; it fails
    assert Alert.objects.filter(notified_at__isnull=True).count() == 1  # rolled back, still pending
    assert not Notification.objects.filter(recipient=clerk, category="oversight").exists()
    result = services.scan()  # nothing new, but something pending: queued again
    assert (result.counts["red"], result.counts["notify_queued"]) == (0, 1)
    assert Notification.objects.filter(recipient=clerk, category="oversight").count() == 1
    assert Alert.objects.filter(notified_at__isnull=True).count() == 0
    assert tasks.oversight_notify.call() == 0


def test_yellow_alert_notifies_the_responsible_person_only(fresh_case, clerk, inspector):
    task = open_task(fresh_case)
    services.scan(now=task.due_at - dt.timedelta(days=1))
    assert Notification.objects.filter(recipient=clerk, category="oversight").exists()
    assert not Notification.objects.filter(recipient=inspector, category="oversight").exists()


def test_unassigned_step_answers_through_the_section_head(late_case, department):
    task = open_task(late_case)
    task.assignee = None
    task.post = None
    task.save(update_fields=["assignee", "post"])
    head = account_with_role("section_head", unit=department, scope=DataScope.OWN_DEPARTMENT)
    services.scan()
    alert = task_alerts(late_case).get()
    assert alert.responsible is None
    assert services.responsible_ids(alert) == [head.pk]


def test_the_database_refuses_a_second_live_alert_for_a_subject(late_case):
    services.scan()
    alert = task_alerts(late_case).get()
    alert.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        alert.save()


def test_the_database_refuses_closing_by_a_person_without_explanation(late_case, inspector):
    services.scan()
    alert = task_alerts(late_case).get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Alert.objects.filter(pk=alert.pk).update(
            status=AlertStatus.CLOSED, closed_at=clock.now(), closed_by=inspector
        )


# --- Handling -------------------------------------------------------------------------------------


@pytest.fixture
def red(late_case):
    services.scan()
    return task_alerts(late_case).get()


def test_responsible_person_acknowledges_explains_and_inspector_closes(red, clerk, inspector):
    red = services.alert_acknowledge(actor=clerk, alert=red)
    assert (red.status, red.acknowledged_by) == (AlertStatus.ACKNOWLEDGED, clerk)
    red = services.alert_explain(actor=clerk, alert=red, explanation="等待现场核查")
    assert (red.status, red.explanation, red.explained_by) == (AlertStatus.EXPLAINED, "等待现场核查", clerk)
    red = services.alert_close(actor=inspector, alert=red, note="理由成立")
    assert (red.status, red.closed_by) == (AlertStatus.CLOSED, inspector)
    assert list(AlertEvent.objects.filter(alert=red).values_list("action", flat=True)) == [
        "acknowledge",
        "explain",
        "close",
    ]
    assert AuditRecord.objects.filter(action="oversight.alert_close", object_id=str(red.pk)).exists()


def test_closing_needs_an_explanation_first(red, inspector):
    with pytest.raises(RuleViolated) as refused:
        services.alert_close(actor=inspector, alert=red)
    assert refused.value.rule == "OVS-2"


def test_explanation_text_is_required(red, clerk):
    with pytest.raises(InvalidInput) as refused:
        services.alert_explain(actor=clerk, alert=red, explanation="  ")
    assert refused.value.field == "explanation"


def test_only_the_discipline_office_closes(red, clerk):
    services.alert_explain(actor=clerk, alert=red, explanation="已补办")
    with pytest.raises(NotPermitted):
        services.alert_close(actor=clerk, alert=red)


def test_someone_else_may_not_explain(red, department):
    other = account_with_role("clerk", unit=department, scope=DataScope.OWN_DEPARTMENT)
    with pytest.raises(NotPermitted) as refused:
        services.alert_explain(actor=other, alert=red, explanation="不是我")
    assert refused.value.code == "alert_not_responsible"


def test_an_alert_outside_the_scope_is_not_found(red, body):
    elsewhere = DepartmentFactory(parent=body)
    stranger = account_with_role("clerk", unit=elsewhere, scope=DataScope.OWN_DEPARTMENT)
    with pytest.raises(NotFound):
        services.alert_acknowledge(actor=stranger, alert=red)


def test_acknowledging_twice_is_a_conflict(red, clerk):
    services.alert_acknowledge(actor=clerk, alert=red)
    red.refresh_from_db()
    with pytest.raises(Conflict):
        services.alert_acknowledge(actor=clerk, alert=red)


def test_a_stale_version_is_a_conflict(red, clerk):
    stale = Alert.objects.get(pk=red.pk)
    services.alert_acknowledge(actor=clerk, alert=red)
    with pytest.raises(Conflict):
        services.alert_explain(actor=clerk, alert=stale, explanation="x", expected_version=stale.version)


def test_escalation_tells_the_leader(red, clerk, leader):
    before = Notification.objects.filter(recipient=leader).count()
    red = services.alert_escalate(actor=clerk, alert=red, to=EscalationTarget.LEADER, note="需领导协调")
    assert (red.status, red.escalated_to, red.escalation_note) == ("escalated", "leader", "需领导协调")
    assert Notification.objects.filter(recipient=leader).count() == before + 1


def test_escalation_needs_a_note(red, inspector):
    with pytest.raises(InvalidInput) as refused:
        services.alert_escalate(actor=inspector, alert=red, to=EscalationTarget.DISCIPLINE, note="")
    assert refused.value.field == "note"
