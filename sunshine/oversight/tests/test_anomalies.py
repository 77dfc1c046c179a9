"""Anomaly rules ANO-1..ANO-6 (oversight.anomalies, oversight.suspensions): each fires exactly when
it should, once per subject (idempotent), to the responsible person, their leader and the discipline
office, and inside the case step's transaction."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from sunshine.cases import services as case_services
from sunshine.cases import signals
from sunshine.cases.choices import CaseStatus, TaskStatus
from sunshine.cases.models import Case, CaseTask, Suspension
from sunshine.core import clock
from sunshine.core.audit import audit_record
from sunshine.core.models import AuditRecord, Notification
from sunshine.org.choices import PostKind
from sunshine.org.models import Person
from sunshine.org.tests.factories import PersonFactory, PostFactory, PostHoldingFactory, account_with_role
from sunshine.oversight import anomalies
from sunshine.oversight.choices import AlertKind, AlertLevel, AlertStatus
from sunshine.oversight.models import Alert, ApplicantRefusal, OversightSetting
from sunshine.oversight.suspensions import check_suspensions
from sunshine.oversight.tests.conftest import open_task, register

pytestmark = pytest.mark.django_db

LONG_AGO = dt.date(2020, 1, 1)


def hold(user, post, start=LONG_AGO, end=None):
    person = Person.objects.filter(user=user).first() or PersonFactory(
        user=user, name=user.full_name or user.username
    )
    return PostHoldingFactory(person=person, post=post, start_date=start, end_date=end)


@pytest.fixture
def posts(department, body):
    return {
        "handler": PostFactory(unit=department, name="承办岗", kind=PostKind.CLERK),
        "leader": PostFactory(unit=body, name="分管领导", kind=PostKind.DEPUTY_LEADER),
    }


@pytest.fixture
def case(clerk, permit):
    return register(clerk, permit)


def step(case, name, *, post=None, by=None, done=True, n=[0]):  # noqa: B006 - a counter for spiff ids
    n[0] += 1
    now = clock.now()
    return CaseTask.objects.create(
        case=case,
        spiff_id=f"test-{n[0]}",
        element_id=f"Task_{n[0]}",
        name=name,
        post=post,
        status=TaskStatus.DONE if done else TaskStatus.OPEN,
        opened_at=now,
        completed_at=now if done else None,
        completed_by=by if done else None,
    )


def alerts(kind):
    return list(Alert.objects.filter(kind=kind))


# --- ANO-1 ------------------------------------------------------------------------------------------


def test_out_of_range_decision_raises_a_red_alert_to_all_three(case, posts, leader, inspector, clerk):
    """ANO-1 (CAT-128): a decision outside the tier's range; the alert reaches the responsible
    person, the leader and the discipline office."""
    task = step(case, "作出决定", post=posts["leader"], by=leader)
    signals.decision_recorded.send(
        sender=Case, case=case, task=task, actor=leader, decision=None, out_of_range=True
    )
    [alert] = alerts(AlertKind.DISCRETION_EXCEEDED)
    assert (alert.rule, alert.level, alert.task, alert.responsible) == ("ANO-1", AlertLevel.RED, task, leader)
    assert alert.status == AlertStatus.OPEN
    assert alert.notified_at is not None
    told = set(
        Notification.objects.filter(link__endswith=f"/{alert.pk}/").values_list("recipient", flat=True)
    )
    assert {leader.pk, inspector.pk} <= told
    assert AuditRecord.objects.filter(action="oversight.anomaly_raise", object_id=str(alert.pk)).exists()


def test_in_range_decision_raises_nothing(case, posts, leader):
    task = step(case, "作出决定", post=posts["leader"], by=leader)
    signals.decision_recorded.send(
        sender=Case, case=case, task=task, actor=leader, decision=None, out_of_range=False
    )
    assert not Alert.objects.exists()


def test_the_same_event_twice_leaves_one_live_alert_and_a_repeat_record(case, posts, leader):
    task = step(case, "作出决定", post=posts["leader"], by=leader)
    for _ in range(2):
        signals.decision_recorded.send(
            sender=Case, case=case, task=task, actor=leader, decision=None, out_of_range=True
        )
    assert len(alerts(AlertKind.DISCRETION_EXCEEDED)) == 1
    assert AuditRecord.objects.filter(action="oversight.anomaly_repeat").count() == 1


def test_a_closed_alert_lets_a_new_one_be_raised(case, posts, leader, inspector):
    """The partial unique constraint counts live alerts only (OVS-2: the closed one stays)."""
    task = step(case, "作出决定", post=posts["leader"], by=leader)
    send = lambda: signals.decision_recorded.send(  # noqa: E731
        sender=Case, case=case, task=task, actor=leader, decision=None, out_of_range=True
    )
    send()
    first = Alert.objects.get()
    Alert.objects.filter(pk=first.pk).update(
        status=AlertStatus.CLOSED, closed_at=clock.now(), explanation="已纠正"
    )
    send()
    assert Alert.objects.filter(kind=AlertKind.DISCRETION_EXCEEDED).count() == 2


# --- ANO-2 ------------------------------------------------------------------------------------------


def test_deciding_a_case_one_handled_raises_same_handler(case, posts, clerk):
    """ANO-2 (CAT-126): the clerk reviewed the case and then recorded its decision."""
    step(case, "审查", post=posts["handler"], by=clerk)
    decide = step(case, "作出决定", post=posts["leader"], by=clerk)
    signals.decision_recorded.send(
        sender=Case, case=case, task=decide, actor=clerk, decision=None, out_of_range=False
    )
    [alert] = alerts(AlertKind.SAME_HANDLER_APPROVER)
    assert (alert.rule, alert.task, alert.responsible) == ("ANO-2", decide, clerk)
    assert "审查" in alert.message


def test_a_different_approver_raises_nothing(case, posts, clerk, leader):
    step(case, "审查", post=posts["handler"], by=clerk)
    decide = step(case, "作出决定", post=posts["leader"], by=leader)
    signals.decision_recorded.send(
        sender=Case, case=case, task=decide, actor=leader, decision=None, out_of_range=False
    )
    assert not Alert.objects.exists()


def test_two_approving_steps_by_one_leader_are_not_handling(case, posts, leader):
    """A leader's earlier step (集体讨论) is approving, not handling: no ANO-2."""
    step(case, "集体讨论决定", post=posts["leader"], by=leader)
    decide = step(case, "作出决定", post=posts["leader"], by=leader)
    signals.decision_recorded.send(
        sender=Case, case=case, task=decide, actor=leader, decision=None, out_of_range=False
    )
    assert not alerts(AlertKind.SAME_HANDLER_APPROVER)


def test_completing_a_leader_step_after_handling_raises_it_once(case, posts, clerk):
    """On task_completed of a leader's step, and again on its decision: one live alert."""
    hold(clerk, posts["handler"])
    hold(clerk, posts["leader"])
    step(case, "受理审查", post=posts["handler"], by=clerk)
    decide = step(case, "作出决定", post=posts["leader"], by=clerk)
    signals.task_completed.send(sender=Case, case=case, task=decide, actor=clerk)
    signals.decision_recorded.send(
        sender=Case, case=case, task=decide, actor=clerk, decision=None, out_of_range=False
    )
    assert len(alerts(AlertKind.SAME_HANDLER_APPROVER)) == 1
    assert not alerts(AlertKind.DONE_WITHOUT_POST)


def test_completing_a_handling_step_after_handling_is_not_approval(case, posts, clerk):
    hold(clerk, posts["handler"])
    step(case, "受理审查", post=posts["handler"], by=clerk)
    review = step(case, "审查", post=posts["handler"], by=clerk)
    signals.task_completed.send(sender=Case, case=case, task=review, actor=clerk)
    assert not Alert.objects.exists()


# --- ANO-3 ------------------------------------------------------------------------------------------


def test_a_step_done_by_a_holder_of_its_post_is_fine(case, posts, clerk):
    hold(clerk, posts["handler"])
    task = step(case, "审查", post=posts["handler"], by=clerk)
    signals.task_completed.send(sender=Case, case=case, task=task, actor=clerk)
    assert not Alert.objects.exists()


@pytest.mark.parametrize(
    ("start", "end"),
    [(None, None), (LONG_AGO, dt.date(2021, 1, 1)), (dt.date(2099, 1, 1), None)],
    ids=["never-held", "left-before", "starts-later"],
)
def test_a_step_done_without_the_post_raises_done_without_post(case, posts, clerk, start, end):
    """ANO-3: no holding of the step's post on the day of completion."""
    if start is not None:
        hold(clerk, posts["handler"], start=start, end=end)
    task = step(case, "审查", post=posts["handler"], by=clerk)
    signals.task_completed.send(sender=Case, case=case, task=task, actor=clerk)
    [alert] = alerts(AlertKind.DONE_WITHOUT_POST)
    assert (alert.rule, alert.task, alert.responsible) == ("ANO-3", task, clerk)
    assert "承办岗" in alert.message


def test_a_holding_that_ended_on_the_day_still_counts(case, posts, clerk):
    hold(clerk, posts["handler"], end=clock.today())
    task = step(case, "审查", post=posts["handler"], by=clerk)
    signals.task_completed.send(sender=Case, case=case, task=task, actor=clerk)
    assert not Alert.objects.exists()


def test_a_step_given_by_a_recorded_action_is_allowed(case, posts, clerk, leader):
    """The allow-list: an audited action gave the step to the actor (claim, and transfer or
    delegation once declared with assign_action)."""
    task = step(case, "审查", post=posts["handler"], by=leader)
    anomalies.assign_action("cases.task_transfer")
    before = {"assignee_id": clerk.pk}
    task.assignee = leader
    task.save(update_fields=["assignee"])
    audit_record(actor=clerk, action="cases.task_transfer", target=task, before=before)
    signals.task_completed.send(sender=Case, case=case, task=task, actor=leader)
    assert not Alert.objects.exists()


def test_a_recorded_action_for_someone_else_does_not_allow(case, posts, clerk, leader):
    task = step(case, "审查", post=posts["handler"], by=leader)
    task.assignee = clerk
    task.save(update_fields=["assignee"])
    audit_record(actor=clerk, action="cases.task_claim", target=task)
    signals.task_completed.send(sender=Case, case=case, task=task, actor=leader)
    assert len(alerts(AlertKind.DONE_WITHOUT_POST)) == 1


def test_an_extra_allowance_can_be_registered(case, posts, clerk, monkeypatch):
    monkeypatch.setattr(anomalies, "ALLOWANCES", [*anomalies.ALLOWANCES, lambda task, actor: True])
    task = step(case, "审查", post=posts["handler"], by=clerk)
    signals.task_completed.send(sender=Case, case=case, task=task, actor=clerk)
    assert not Alert.objects.exists()


def test_a_step_without_a_post_is_not_checked(case, clerk):
    task = step(case, "审查", by=clerk)
    signals.task_completed.send(sender=Case, case=case, task=task, actor=clerk)
    assert not Alert.objects.exists()


def test_the_real_step_service_raises_it_in_its_transaction(case, posts, clerk):
    """Through cases.services.task_complete: the assignee (put there by no recorded action) does
    not hold the step's post; the alert is written with the step."""
    task = open_task(case)
    CaseTask.objects.filter(pk=task.pk).update(post=posts["handler"], assignee=clerk)
    task.refresh_from_db()
    case_services.task_complete(actor=clerk, task=task, opinion="材料齐全", choice="受理")
    [alert] = alerts(AlertKind.DONE_WITHOUT_POST)
    assert alert.task == task


def test_a_failing_rule_rolls_the_step_back(case, posts, clerk, monkeypatch):
    """Anomaly detection runs inside the step's transaction: if it fails, the step is not done
    (and the person is told), rather than done without its alert (docs/decisions/0009)."""
    task = open_task(case)
    version = Case.objects.get(pk=case.pk).version

    def broken(**kwargs):
        raise RuntimeError("rule failed")

    monkeypatch.setattr(anomalies, "check_done_without_post", broken)
    with pytest.raises(RuntimeError):
        case_services.task_complete(actor=clerk, task=task, opinion="材料齐全", choice="受理")
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN
    assert Case.objects.get(pk=case.pk).version == version
    assert case.tasks.count() == 1


# --- ANO-4 ------------------------------------------------------------------------------------------


def test_a_changed_decision_raises_an_alert_once_and_records_the_repeat(case, leader):
    for amount in ("5000", "6000"):
        signals.decision_changed.send(
            sender=Case,
            case=case,
            actor=leader,
            decision=None,
            before={"amount": "3000"},
            after={"amount": amount},
        )
    [alert] = alerts(AlertKind.DECISION_CHANGED)
    assert (alert.rule, alert.task, alert.responsible) == ("ANO-4", None, leader)
    assert "amount" in alert.message
    assert AuditRecord.objects.filter(action="oversight.anomaly_repeat", object_id=str(alert.pk)).exists()


# --- ANO-6 ------------------------------------------------------------------------------------------


def refuse(actor, version, **applicant):
    case = register(actor, version, **applicant)
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.REFUSED)
    signals.case_refused.send(sender=Case, case=case, actor=actor)
    return case


def test_the_third_refusal_of_one_id_number_raises_it(clerk, permit):
    """ANO-6: same id number, whatever the name; the 3rd refusal within 180 days (defaults)."""
    first = refuse(clerk, permit, applicant_id_number="91430000MA4L000001")
    refuse(clerk, permit, applicant_id_number="91430000 ma4l000001", applicant_name="另一个名字")
    assert not Alert.objects.exists()
    third = refuse(clerk, permit, applicant_id_number="91430000MA4L000001")
    [alert] = alerts(AlertKind.REPEATED_REFUSAL)
    assert (alert.rule, alert.case, alert.task, alert.responsible) == ("ANO-6", third, None, clerk)
    assert first.number in alert.message
    assert "第3次" in alert.message
    refuse(clerk, permit, applicant_id_number="91430000MA4L000001")
    assert len(alerts(AlertKind.REPEATED_REFUSAL)) == 2  # every later refusal too, on its own case


def test_name_and_contact_identify_an_applicant_without_id_number(clerk, permit):
    for _ in range(2):
        refuse(clerk, permit)
    refuse(clerk, permit, applicant_contact="13900000000")  # another applicant of the same name
    assert not Alert.objects.exists()
    refuse(clerk, permit)
    assert len(alerts(AlertKind.REPEATED_REFUSAL)) == 1


def test_refusals_older_than_the_window_do_not_count(clerk, permit):
    for _ in range(2):
        refuse(clerk, permit)
    ApplicantRefusal.objects.update(refused_at=clock.now() - dt.timedelta(days=181))
    refuse(clerk, permit)
    assert not Alert.objects.exists()


def test_the_body_sets_its_own_count(clerk, permit, body):
    OversightSetting.objects.create(body=body, refusal_count=2, refusal_window_days=30)
    refuse(clerk, permit)
    refuse(clerk, permit)
    assert len(alerts(AlertKind.REPEATED_REFUSAL)) == 1


def test_one_case_refused_twice_counts_once(clerk, permit):
    case = refuse(clerk, permit)
    signals.case_refused.send(sender=Case, case=case, actor=clerk)
    signals.case_refused.send(sender=Case, case=case, actor=clerk)
    assert ApplicantRefusal.objects.count() == 1
    assert not Alert.objects.exists()


# --- ANO-5 ------------------------------------------------------------------------------------------


def suspend(case, kind="correction", days=31, by=None, ended=False):
    started = clock.now() - dt.timedelta(days=days)
    return Suspension.objects.create(
        case=case, kind=kind, started_at=started, ended_at=clock.now() if ended else None, created_by=by
    )


def test_a_suspension_over_its_limit_raises_it_once(case, clerk, leader, inspector):
    """ANO-5: correction's default limit is 30 days; the check is idempotent."""
    suspension = suspend(case, days=31, by=clerk)
    assert check_suspensions() == 1
    assert check_suspensions() == 0
    [alert] = alerts(AlertKind.SUSPENSION_OVERDUE)
    assert (alert.rule, alert.level, alert.task, alert.responsible) == (
        "ANO-5",
        AlertLevel.YELLOW,
        None,
        clerk,
    )
    assert alert.due_at == suspension.started_at + dt.timedelta(days=30)
    assert "补正材料" in alert.message
    assert alert.notified_at is not None
    told = set(
        Notification.objects.filter(link__endswith=f"/{alert.pk}/").values_list("recipient", flat=True)
    )
    assert {clerk.pk, inspector.pk} <= told
    record = AuditRecord.objects.get(action="oversight.anomaly_scan")
    assert json.loads(record.payload)["after"]["alerts"] == [alert.pk]


@pytest.mark.parametrize(
    ("kind", "days", "ended", "raised"),
    [
        ("correction", 29, False, 0),
        ("correction", 31, True, 0),
        ("rectification", 31, False, 0),
        ("rectification", 61, False, 1),
        ("hearing", 31, False, 1),
    ],
)
def test_only_open_suspensions_over_their_kinds_limit(case, kind, days, ended, raised):
    suspend(case, kind=kind, days=days, ended=ended)
    assert check_suspensions() == raised


def test_the_bodys_own_limit_applies(case, body, other_body):
    OversightSetting.objects.create(body=body, suspension_limits={"correction": 40})
    suspend(case, days=31)
    assert check_suspensions() == 0
    OversightSetting.objects.filter(body=body).update(suspension_limits={"correction": 20})
    assert check_suspensions() == 1


def test_a_closed_case_is_not_checked(case):
    suspend(case, days=90)
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED)
    assert check_suspensions() == 0


def test_a_closed_alert_is_not_raised_again_for_the_same_suspension(case):
    suspend(case, days=31)
    check_suspensions()
    Alert.objects.update(status=AlertStatus.CLOSED, closed_at=clock.now(), explanation="已恢复")
    assert check_suspensions() == 0


# --- The API and the periodic task --------------------------------------------------------------------


def test_the_api_lists_anomaly_alerts_by_kind(case, posts, leader, inspector):
    task = step(case, "作出决定", post=posts["leader"], by=leader)
    signals.decision_recorded.send(
        sender=Case, case=case, task=task, actor=leader, decision=None, out_of_range=True
    )
    suspend(case, days=31)
    check_suspensions()
    client = Client()
    client.force_login(inspector)
    rows = client.get("/api/v1/oversight/alerts?kind=discretion_exceeded").json()["results"]
    assert [(r["kind"], r["rule"]) for r in rows] == [("discretion_exceeded", "ANO-1")]
    rows = client.get("/api/v1/oversight/alerts?kind=suspension_overdue").json()["results"]
    assert [r["rule"] for r in rows] == ["ANO-5"]
    bad = client.get("/api/v1/oversight/alerts?kind=nonsense")
    assert bad.status_code == 400


def test_the_periodic_task_runs_the_suspension_check(case):
    from sunshine.oversight.tasks import oversight_scan

    suspend(case, days=31)
    counts = oversight_scan.call()
    assert counts["suspension_overdue"] == 1


def test_an_account_without_a_person_is_handled(case, posts, body):
    """An actor with no staff record holds no post: ANO-3 fires rather than failing the step."""
    outsider = account_with_role("clerk", unit=body, username="outsider")
    task = step(case, "审查", post=posts["handler"], by=outsider)
    signals.task_completed.send(sender=Case, case=case, task=task, actor=outsider)
    assert len(alerts(AlertKind.DONE_WITHOUT_POST)) == 1
