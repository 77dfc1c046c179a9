"""What one case step costs (issue #6 §11): a fixed number of queries, whatever else the case or
the body holds; on PostgreSQL two waits for the database before the commit (the lock with the
step's reads, then the writes); the pinned chart read once (cases.pinned); the post of a lane and
its sole holder found with the step's one post query (cases.services._post_for)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sunshine.cases import pinned, services
from sunshine.cases.choices import TaskStatus
from sunshine.cases.tests.test_services import open_task, register
from sunshine.catalog.choices import Category
from sunshine.catalog.tests.factories import published
from sunshine.core.pipeline import Pipeline
from sunshine.flows.engine import executor
from sunshine.org.tests.factories import PersonFactory, PostFactory, PostHoldingFactory, account_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def permit(clerk, department, legal_reviewer, inspector, leader):
    return published(clerk, department, legal_reviewer, inspector, leader)


def holder_of(post, unit, username, end_date=None):
    user = account_with_role("clerk", unit=unit, scope="department", username=username, full_name=username)
    PostHoldingFactory(
        person=PersonFactory(unit=unit, user=user, name=username),
        post=post,
        start_date="2024-01-01",
        end_date=end_date,
    )
    return user


def test_a_step_costs_the_same_few_queries_however_many_cases_and_steps_exist(
    clerk, permit, settings, django_assert_max_num_queries
):
    settings.AUDIT_LINK_MODE = "deferred"  # production's: the chain is linked after the commit
    for _ in range(5):  # other cases with their steps, done and open
        other = register(clerk, permit)
        services.task_complete(actor=clerk, task=open_task(other), choice="受理")
    case = register(clerk, permit)
    services.task_complete(actor=clerk, task=open_task(case), choice="受理")
    task = open_task(case)
    # lock the case, lock the step with its co-signer/delegation facts, the step, the case, the
    # next step's post, the next step, two audit records, and the test's savepoint and its release
    with django_assert_max_num_queries(10):
        services.task_complete(actor=clerk, task=task, opinion="同意")
    assert case.tasks.get(pk=task.pk).status == TaskStatus.DONE


@pytest.mark.postgres
def test_a_step_waits_for_the_database_twice_the_lock_with_its_reads_then_the_writes(
    clerk, department, legal_reviewer, inspector, leader, settings, monkeypatch
):
    """ADR 0023: the lock, the lane posts of the whole chart and a penalty clock's steps go in one
    pipeline; the step, the case, the next step and the audit records in another; nothing else
    runs outside them but the test's savepoint."""
    settings.AUDIT_LINK_MODE = "deferred"
    version = published(
        clerk, department, legal_reviewer, inspector, leader, code="CF-9", category=Category.PENALTY
    )
    case = register(clerk, version, subject="未按规定储存烟花爆竹", received=[])
    task = open_task(case)  # 立案: ends the filing stage, so the clock reads its steps
    enter, leave = Pipeline.__enter__, Pipeline.__exit__
    pipelines, starts = [], []

    def entered(self):
        starts.append(len(captured.captured_queries))
        return enter(self)

    def left(self, *exc):
        pipelines.append(captured.captured_queries[starts.pop() :])
        return leave(self, *exc)

    monkeypatch.setattr(Pipeline, "__enter__", entered)
    monkeypatch.setattr(Pipeline, "__exit__", left)
    assert clerk.has_perm("cases.handle", task)  # the actor's scope, read once per request (org.backends)
    with CaptureQueriesContext(connection) as captured:
        services.task_complete(actor=clerk, task=task, opinion="同意", choice="立案")
    assert [len(p) for p in pipelines] == [3, 4]
    lock, writes = (" ".join(q["sql"] for q in p) for p in pipelines)
    first, after_lock = lock.split("FOR UPDATE")
    assert '"cases_case"' in first  # the lock, then what runs once it holds:
    assert '"org_post"' in after_lock  # the posts of the lanes that can come next
    assert '"cases_casetask"' in after_lock  # the clock's steps
    assert writes.count("UPDATE ") == 2  # the step and the case
    assert writes.count('INSERT INTO "cases_casetask"') == 1  # the next step
    # the step, the case and its clock: one audit statement of three records
    assert writes.count('INSERT INTO "core_auditrecord"') == 1
    assert writes.count("(%s, %s, %s, %s, %s, %s)") == 3
    piped = [q for p in pipelines for q in p]
    alone = [q["sql"] for q in captured.captured_queries if q not in piped]
    assert all(sql.startswith(("SAVEPOINT", "RELEASE SAVEPOINT")) for sql in alone), alone


def test_the_chart_of_a_case_is_read_once(clerk, permit, django_assert_num_queries):
    case = register(clerk, permit)
    assert pinned.xml(case) == permit.flowchart.xml
    with django_assert_num_queries(0):
        assert pinned.xml(case) == permit.flowchart.xml
        assert pinned.category(case) == permit.category


def test_writing_a_chart_forgets_what_was_read(clerk, permit, django_assert_num_queries):
    case = register(clerk, permit)
    pinned.xml(case)
    chart = permit.flowchart
    chart.xml = chart.xml.replace("受理审查", "受理审核")
    chart.save()  # only a draft's chart is edited; tests reuse ids after a rollback
    assert "受理审核" in pinned.xml(case)


def test_a_lane_names_the_department_post_first_and_its_sole_holder_gets_the_step(
    clerk, body, department, permit
):
    at_body = PostFactory(unit=body, name="窗口受理岗")
    holder_of(at_body, body, "body-window")
    window = PostFactory(unit=department, name="窗口受理岗")
    sole = holder_of(window, department, "window1")
    holder_of(window, department, "left-window", end_date="2024-06-30")  # no longer holds it
    task = open_task(register(clerk, permit))
    assert task.post == window
    assert task.assignee == sole


def test_a_lane_falls_back_to_the_body_post_when_the_department_has_none(clerk, body, permit):
    at_body = PostFactory(unit=body, name="窗口受理岗")
    first = holder_of(at_body, body, "window-a")
    task = open_task(register(clerk, permit))
    assert (task.post, task.assignee) == (at_body, first)
    holder_of(at_body, body, "window-b")
    task = open_task(register(clerk, permit))
    assert (task.post, task.assignee) == (at_body, None)  # two holders: either claims it


def test_a_next_step_in_a_lane_not_read_with_the_lock_still_gets_its_post(
    clerk, department, permit, monkeypatch
):
    """The lanes read with the lock are those the chart says can come next (executor.next_lanes);
    a ready step in any other lane has its posts read after the engine."""
    officer = holder_of(PostFactory(unit=department, name="承办岗"), department, "officer1")
    foreseen = register(clerk, permit)
    services.task_complete(actor=clerk, task=open_task(foreseen), choice="受理")
    monkeypatch.setattr(executor, "next_lanes", lambda xml, element_id: frozenset())
    unforeseen = register(clerk, permit)
    services.task_complete(actor=clerk, task=open_task(unforeseen), choice="受理")
    for case in (foreseen, unforeseen):
        assert (open_task(case).lane, open_task(case).assignee) == ("承办岗", officer)
