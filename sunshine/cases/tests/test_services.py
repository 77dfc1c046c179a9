"""Cases along their flowcharts: registration, the acceptance check and its one-time notice
(CASE-105/106), steps done by their post, one at a time."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.db import IntegrityError

from sunshine.cases import services
from sunshine.cases.choices import CaseStatus, TaskStatus
from sunshine.cases.models import Case, CaseTask
from sunshine.cases.outcome import decisions
from sunshine.catalog.tests.factories import complete_draft, published
from sunshine.core import clock
from sunshine.core.errors import Conflict, InvalidInput, NotPermitted, RuleViolated
from sunshine.core.models import AuditRecord
from sunshine.flows.engine import executor
from sunshine.org.tests.factories import PersonFactory, PostFactory, PostHoldingFactory, account_with_role
from sunshine.workdays.services import add_working_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def permit(clerk, department, legal_reviewer, inspector, leader):
    return published(clerk, department, legal_reviewer, inspector, leader)


def register(actor, version, **kwargs):
    fields = {
        "subject": "申请烟花爆竹零售经营许可",
        "applicant_kind": "organisation",
        "applicant_name": "示范县红星烟花店",
        "applicant_contact": "13800000000",
        "received": ["申请书"],
    }
    return services.case_register(actor=actor, version=version, **{**fields, **kwargs})


def open_task(case) -> CaseTask:
    return case.tasks.get(status=TaskStatus.OPEN)


def test_registering_pins_the_version_and_opens_the_first_step(clerk, permit):
    case = register(clerk, permit)
    assert case.power_version == permit
    assert case.first_contact == clerk
    assert case.number.endswith("-000001")
    assert len(case.check_code) == 6
    task = open_task(case)
    assert (task.name, task.lane, task.time_limit) == ("受理审查", "窗口受理岗", 5)
    day = case.received_at.astimezone(clock.LOCAL_TZ).date()
    assert task.due_at.astimezone(clock.LOCAL_TZ).date() == add_working_days(date=day, n=5)
    assert AuditRecord.objects.filter(action="cases.case_register", object_id=str(case.pk)).exists()
    assert [(m.name, m.received_at is not None) for m in case.materials.all()] == [
        ("申请书", True),
        ("营业执照复印件", False),
    ]


def test_only_published_powers_take_cases(clerk, department):
    draft = complete_draft(clerk, department, code="XK-2")
    with pytest.raises(Conflict) as refused:
        register(clerk, draft)
    assert refused.value.field == "version"


def test_acceptance_counts_from_receipt_of_complete_materials(clerk, permit):
    """CASE-106: accepted on the day the complete materials were received; the case clock runs
    from there for the promised limit."""
    case = register(clerk, permit, received=["申请书", "营业执照复印件"])
    services.task_complete(actor=clerk, task=open_task(case), opinion="材料齐全", choice="受理")
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED
    assert case.accepted_at == case.received_at
    due = add_working_days(date=case.received_at.astimezone(clock.LOCAL_TZ).date(), n=permit.promised_limit)
    assert case.due_at.astimezone(clock.LOCAL_TZ).date() == due
    assert open_task(case).name == "审查"


def test_the_step_after_a_gateway_needs_a_choice(clerk, permit):
    case = register(clerk, permit)
    with pytest.raises(InvalidInput) as refused:
        services.task_complete(actor=clerk, task=open_task(case), opinion="")
    assert refused.value.field == "choice"
    assert "受理" in str(refused.value.message)
    assert open_task(case).name == "受理审查"  # nothing moved


def test_one_time_notice_lists_everything_once(clerk, permit):
    """CASE-105: all corrections in one notice; no second, piecemeal notice for the submission."""
    case = register(clerk, permit)
    missing = [m.pk for m in case.materials.filter(received_at__isnull=True)]
    services.task_complete(
        actor=clerk, task=open_task(case), choice="一次性告知补正", missing=missing, note="请补交"
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.CORRECTING
    assert case.notice.missing == ["营业执照复印件"]
    assert not case.deemed_accepted
    services.task_complete(actor=clerk, task=open_task(case), opinion="已出具一次性告知书")
    assert open_task(case).name == "受理审查"
    with pytest.raises(RuleViolated) as refused:
        services.task_complete(actor=clerk, task=open_task(case), choice="一次性告知补正", missing=missing)
    assert refused.value.rule == "CASE-105"
    services.task_complete(actor=clerk, task=open_task(case), choice="受理")
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED
    assert case.accepted_at == case.notice.completed_at


def test_a_late_notice_makes_the_case_accepted_from_receipt(clerk, permit):
    """CASE-105: not told within 5 working days, the case counts as accepted on the day of receipt."""
    received = clock.now() - dt.timedelta(days=20)
    case = register(clerk, permit, received_at=received)
    missing = [m.pk for m in case.materials.filter(received_at__isnull=True)]
    services.task_complete(actor=clerk, task=open_task(case), choice="一次性告知补正", missing=missing)
    case.refresh_from_db()
    assert case.deemed_accepted
    assert case.accepted_at == received


def test_a_permit_runs_to_the_end(clerk, permit):
    case = register(clerk, permit, received=["申请书", "营业执照复印件"])
    choices = {"受理审查": "受理", "审核": "否"}
    names = []
    while case.status not in (CaseStatus.CLOSED, CaseStatus.REFUSED):
        task = open_task(case)
        names.append(task.name)
        if task.name == "作出决定":  # done only with its decision (OUT-1)
            with pytest.raises(Conflict) as refused:
                services.task_complete(actor=clerk, task=task, opinion="同意")
            assert refused.value.code == "decision_required"
            decisions.decision_record(
                actor=clerk, task=task, kind="approve", reasons="符合条件", legal_basis="《行政许可法》"
            )
        else:
            services.task_complete(actor=clerk, task=task, opinion="同意", choice=choices.get(task.name, ""))
        case.refresh_from_db()
        assert len(names) < 20
    assert names == ["受理审查", "审查", "现场核查", "审核", "作出决定", "送达"]
    assert case.status == CaseStatus.CLOSED
    assert case.closed_at is not None


def test_a_step_is_done_once(clerk, permit):
    case = register(clerk, permit)
    task = open_task(case)
    stale = CaseTask.objects.get(pk=task.pk)
    services.task_complete(actor=clerk, task=task, choice="受理")
    with pytest.raises(Conflict) as refused:
        services.task_complete(actor=clerk, task=stale, choice="受理")
    assert "张承办" in str(refused.value.message)
    assert case.tasks.filter(name="受理审查", status=TaskStatus.DONE).count() == 1


def test_a_step_whose_writes_the_database_refuses_leaves_the_case_as_it_was(clerk, permit, monkeypatch):
    """Issue #6 §9: a failed step leaves the case exactly as before. The step's writes go to the
    database together (core.prepared.batch); here the next step is opened twice, which its unique
    (case, engine task) refuses after the step and the case were already sent."""
    case = register(clerk, permit)
    task = open_task(case)
    before = Case.objects.get(pk=case.pk)
    records = AuditRecord.objects.count()
    engine_step = executor.complete

    def opening_twice(*args, **kwargs):
        progress = engine_step(*args, **kwargs)
        return dataclasses.replace(progress, ready=progress.ready * 2)

    monkeypatch.setattr(executor, "complete", opening_twice)
    with pytest.raises(IntegrityError):
        services.task_complete(actor=clerk, task=task, choice="受理", opinion="同意")
    assert list(case.tasks.values_list("pk", "status", "opinion")) == [(task.pk, TaskStatus.OPEN, "")]
    after = Case.objects.get(pk=case.pk)
    assert (after.version, after.status, after.workflow_state) == (
        before.version,
        before.status,
        before.workflow_state,
    )
    assert AuditRecord.objects.count() == records


def test_a_step_of_a_post_is_done_by_its_holders(clerk, department, permit):
    window = PostFactory(unit=department, name="窗口受理岗")
    holder = account_with_role(
        "clerk", unit=department, scope="department", username="window1", full_name="窗口甲"
    )
    colleague = account_with_role(
        "clerk", unit=department, scope="department", username="window2", full_name="窗口乙"
    )
    for user in (holder, colleague):
        PostHoldingFactory(
            person=PersonFactory(unit=department, user=user, name=user.full_name),
            post=window,
            start_date="2024-01-01",
        )
    case = register(clerk, permit)
    task = open_task(case)
    assert task.post == window
    assert task.assignee is None  # two holders: either claims it
    with pytest.raises(NotPermitted):
        services.task_complete(actor=clerk, task=task, choice="受理")
    services.task_claim(actor=colleague, task=task)
    task.refresh_from_db()
    assert task.assignee == colleague
    with pytest.raises(NotPermitted):
        services.task_claim(actor=holder, task=task)
    services.task_complete(actor=colleague, task=task, choice="受理")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_people_completing_one_step_at_once_one_wins(
    clerk, department, legal_reviewer, inspector, leader
):
    """Issue #6 §9: exactly one succeeds, the other is told; the case moves on once."""
    import threading

    from django.db import connection

    other = account_with_role(
        "clerk", unit=department, scope="department", username="clerk2", full_name="李承办"
    )
    version = published(clerk, department, legal_reviewer, inspector, leader)
    case = register(clerk, version)
    task = open_task(case)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(user):
        try:
            barrier.wait()
            services.task_complete(actor=user, task=CaseTask.objects.get(pk=task.pk), choice="受理")
            outcomes.append("done")
        except Conflict:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(user,)) for user in (clerk, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["done", "refused"]
    assert case.tasks.filter(name="受理审查").count() == 1
    assert case.tasks.filter(name="审查", status=TaskStatus.OPEN).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_step_locks_its_case_before_the_step_itself(clerk, department, legal_reviewer, inspector, leader):
    """The step's one locking statement (cases.locks.lock_step_later) keeps the order every change of a
    case keeps (cases.locks): the case first. A change holding the case's lock may then still
    take the step's, so the two never wait for each other (no deadlock)."""
    import threading

    from django.db import connection, transaction

    from sunshine.cases.locks import lock_case

    case = register(clerk, published(clerk, department, legal_reviewer, inspector, leader))
    task = open_task(case)
    holding = threading.Event()
    outcome: list[str] = []

    def step():
        try:
            holding.wait(10)
            services.task_complete(actor=clerk, task=CaseTask.objects.get(pk=task.pk), choice="受理")
            outcome.append("step done")
        except Conflict:
            outcome.append("step refused")
        finally:
            connection.close()

    thread = threading.Thread(target=step)
    thread.start()
    with transaction.atomic():
        lock_case(case.pk)
        holding.set()
        _until_a_session_waits_for_a_lock()
        # the step's statement waits for the case; the step's row must still be free
        locked = CaseTask.objects.select_for_update(nowait=True).get(pk=task.pk)
        assert locked.status == TaskStatus.OPEN
    thread.join(20)
    assert outcome == ["step done"]


def _until_a_session_waits_for_a_lock(seconds: float = 10) -> None:
    import time

    from django.db import connection

    deadline = time.monotonic() + seconds
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # else one view per transaction
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.02)
    raise AssertionError("no session came to wait for the lock")
