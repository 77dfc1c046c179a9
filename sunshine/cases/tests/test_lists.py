"""The lists at 1,000,000 cases (issue #6 §11, bench/cases_lists_pg.py): "my tasks" and the case list
read a page in a fixed number of queries whatever the number of rows (STYLE §6: list pages pin
their query counts), their pages read part by part (cases.paging.OrderedUnion) hold exactly the
rows of the plain filter in its order, and on PostgreSQL they are read through the indexes of
migration 0009. Scopes are SEC-7's (a clerk's department, a leader's body)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sunshine.cases import selectors
from sunshine.cases.action_models import Delegation, StandIn
from sunshine.cases.choices import CaseStatus, TaskStatus
from sunshine.cases.models import Case, CaseTask
from sunshine.cases.paging import CappedPaginator
from sunshine.cases.signer_models import Signature
from sunshine.cases.tests.test_views import client_for, register, url, window_post
from sunshine.catalog.tests.factories import published
from sunshine.core import clock
from sunshine.org.tests.factories import DepartmentFactory, account_with_role
from sunshine.workdays import engine

pytestmark = pytest.mark.django_db
_numbers = itertools.count(1)


@pytest.fixture
def permit(clerk, department, legal_reviewer, inspector, leader):
    return published(clerk, department, legal_reviewer, inspector, leader)


def copies(case: Case, n: int, **changes) -> list[Case]:
    """``n`` more cases like ``case`` (with a copy of each of its steps), one minute older each:
    rows for the lists without running the flowchart n times."""
    made = []
    for i in range(n):
        copy = Case.objects.get(pk=case.pk)
        copy.pk = None
        copy.number = f"{case.number}-{next(_numbers)}"
        copy.received_at = case.received_at - dt.timedelta(minutes=i + 1)
        for field, value in changes.items():
            setattr(copy, field, value)
        copy.save()
        for task in case.tasks.all():
            task.pk = None
            task.case = copy
            task.due_at = (task.due_at or clock.now()) + dt.timedelta(hours=i + 1)
            task.save()
        made.append(copy)
    return made


@pytest.fixture
def steady_calendar(monkeypatch):
    """The working-day calendar checks its revision at most once a second (workdays.engine): hold
    that check off while queries are counted, so that a slow test run counts the same."""

    def hold():
        engine.current()
        monkeypatch.setattr(engine.CACHE, "check_at", float("inf"))

    return hold


def queries_of(client, path: str, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params or {})
    assert response.status_code == 200
    return len(captured.captured_queries)


# --- Query counts --------------------------------------------------------------------------------------

# my tasks: session, account, roles, unread messages; what makes steps the actor's (posts,
# stand-ins, delegations, signatures: one query); the page (its ids and its rows with case and
# power: one query). A list longer than a page adds its count.
MY_TASKS_QUERIES = 6
# the case list: session, account, roles, unread messages; the units of the scope; the page (its
# ids and its rows with power and department: one query). A list longer than a page adds its count.
CASE_LIST_QUERIES = 6


def test_my_tasks_reads_a_page_in_the_same_queries_for_5_or_25_rows(
    clerk, department, permit, steady_calendar
):
    window_post(department, clerk)
    first = register(clerk, permit, applicant_name="店0")
    copies(first, 4)
    client = client_for(clerk)
    client.get(url("my_tasks"))
    steady_calendar()
    assert queries_of(client, url("my_tasks")) == MY_TASKS_QUERIES
    copies(first, 20)
    response = client.get(url("my_tasks"))
    assert len(response.context["rows"]) == 25
    assert queries_of(client, url("my_tasks")) == MY_TASKS_QUERIES


def test_my_tasks_beyond_a_page_adds_one_count(clerk, department, permit, steady_calendar):
    window_post(department, clerk)
    copies(register(clerk, permit), 59)
    client = client_for(clerk)
    client.get(url("my_tasks"))
    steady_calendar()
    assert queries_of(client, url("my_tasks")) == MY_TASKS_QUERIES + 1
    response = client.get(url("my_tasks"), {"page": 2})
    assert len(response.context["rows"]) == 10
    assert queries_of(client, url("my_tasks"), {"page": 2}) == MY_TASKS_QUERIES + 1


@pytest.mark.parametrize("params", [{}, {"status": CaseStatus.RECEIVED}, {"q": "店"}])
def test_the_case_list_reads_a_page_in_the_same_queries_for_5_or_25_rows(
    clerk, permit, steady_calendar, params
):
    first = register(clerk, permit, applicant_name="店0")
    copies(first, 4)
    client = client_for(clerk)
    client.get(url("case_list"), params)
    steady_calendar()
    assert queries_of(client, url("case_list"), params) == CASE_LIST_QUERIES
    copies(first, 20)
    assert len(client.get(url("case_list"), params).context["rows"]) == 25
    assert queries_of(client, url("case_list"), params) == CASE_LIST_QUERIES


def test_a_leaders_list_over_several_departments_reads_the_same_queries(
    clerk, leader, body, permit, steady_calendar
):
    first = register(clerk, permit)
    other = DepartmentFactory(name="安监二股", code="BODY-1-D2", parent=body)
    copies(first, 30, department=other)
    copies(first, 30)
    client = client_for(leader)
    client.get(url("case_list"))
    steady_calendar()
    assert queries_of(client, url("case_list")) == CASE_LIST_QUERIES + 1  # 61 cases: counted
    assert queries_of(client, url("case_list"), {"page": 2}) == CASE_LIST_QUERIES + 1


# --- Pages read part by part hold the rows of the plain filter -----------------------------------------


def pages_of(rows, size: int) -> list[list[int]]:
    paginator = CappedPaginator(rows, size)
    return [[r.pk for r in paginator.get_page(n).object_list] for n in paginator.page_range]


def test_my_tasks_pages_hold_every_part_once_in_due_order(clerk, department, permit):
    """Own steps, a post's unclaimed steps, a stand-in's (TASK-4 代理), delegated (委派) and awaiting
    a signature (TASK-6) — a step awaiting the clerk's signature that also waits for the clerk's post
    is listed once."""
    colleague = account_with_role("clerk", unit=department, username="w2", full_name="窗口乙")
    away = account_with_role("clerk", unit=department, username="w3", full_name="窗口丙")
    window_post(department, clerk, colleague)
    first = register(clerk, permit)
    cases = [first, *copies(first, 11)]
    tasks = [c.tasks.get(status=TaskStatus.OPEN) for c in cases]
    CaseTask.objects.filter(pk__in=[t.pk for t in tasks[0:3]]).update(assignee=clerk)
    CaseTask.objects.filter(pk__in=[t.pk for t in tasks[3:5]]).update(assignee=colleague)
    CaseTask.objects.filter(pk__in=[t.pk for t in tasks[5:8]]).update(assignee=away)
    CaseTask.objects.filter(pk=tasks[3].pk).update(due_at=None)  # no due date: last
    today = clock.today()
    StandIn.objects.create(person=away, stand_in=clerk, starts_on=today, ends_on=today, reason="出差")
    Delegation.objects.create(task=tasks[4], owner=colleague, delegate=clerk)
    Signature.objects.create(task=tasks[8], signer=clerk, phase="all")  # also waits for the post
    Signature.objects.create(task=tasks[3], signer=clerk, phase="before")
    CaseTask.objects.filter(pk=tasks[11].pk).update(status=TaskStatus.DONE)

    mine = selectors.my_tasks(actor=clerk)
    expected = [
        t.pk
        for t in sorted(
            CaseTask.objects.filter(pk__in=[t.pk for t in tasks[:11]]),
            key=lambda t: (t.due_at is None, t.due_at or clock.now(), t.opened_at, t.pk),
        )
    ]
    assert [t.pk for t in mine.queryset] == expected
    assert [pk for page in pages_of(mine, 4) for pk in page] == expected
    assert mine.count() == mine.count_upto(100) == 11
    assert mine.count_upto(5) == 5
    assert expected[-1] == tasks[3].pk


def test_a_leaders_pages_merge_the_departments_newest_first(clerk, leader, body, permit):
    first = register(clerk, permit)
    other = DepartmentFactory(name="安监二股", code="BODY-1-D2", parent=body)
    third = DepartmentFactory(name="安监三股", code="BODY-1-D3", parent=body)
    copies(first, 7, department=other)
    copies(first, 5, department=third, status=CaseStatus.CLOSED)
    copies(first, 6)
    same_time = copies(first, 3, department=other)
    Case.objects.filter(pk__in=[c.pk for c in same_time]).update(received_at=first.received_at)  # ties: by id

    for params in ({}, {"status": CaseStatus.CLOSED}, {"status": CaseStatus.RECEIVED}):
        cases = selectors.case_list(actor=leader, **params)
        assert len(cases.branches) > 1  # one part per unit of the body
        expected = list(
            Case.objects.filter(**params).order_by("-received_at", "-id").values_list("pk", flat=True)
        )
        assert [pk for page in pages_of(cases, 4) for pk in page] == expected
        assert cases.count_upto(100) == len(expected)
    assert selectors.case_list(actor=clerk).count() == 7  # the clerk's own department


def test_a_short_first_page_is_not_counted_apart(clerk, permit):
    copies(register(clerk, permit), 2)
    paginator = CappedPaginator(selectors.case_list(actor=clerk), 50)
    with CaptureQueriesContext(connection) as captured:
        page = paginator.get_page(None)
        assert (paginator.count, paginator.num_pages, len(page)) == (3, 1, 3)
    assert not any("COUNT(" in q["sql"] for q in captured.captured_queries)


# --- PostgreSQL reads them through the indexes (migration 0009) ----------------------------------------


def plan(sql: str, params, *, off=("seqscan",)) -> str:
    """PostgreSQL's plan of ``sql`` on this test's few rows. A test's few rows would be read whole,
    and statistics left by earlier tests of the same worker steer the planner elsewhere: the tables
    are analysed first, and the plan kinds in ``off`` disabled (a planner penalty, not a ban)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cases_case, cases_casetask")
        for kind in off:
            cursor.execute(f"SET LOCAL enable_{kind} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.postgres
def test_postgresql_reads_a_page_of_my_tasks_through_the_open_step_indexes(clerk, department, permit):
    window_post(department, clerk)
    register(clerk, permit)
    mine = selectors.my_tasks(actor=clerk)
    with CaptureQueriesContext(connection) as captured:
        mine[0:50]
    ids_sql = next(q["sql"] for q in captured.captured_queries if "UNION ALL" in q["sql"])
    shown = plan(ids_sql, None, off=("seqscan", "sort"))  # each part read in order, not sorted
    assert "cases_task_mine_open_idx" in shown
    assert "cases_task_post_open_idx" in shown


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("field", "index"),
    [
        ("number", "cases_case_number_trgm"),
        ("applicant_name", "cases_case_applicant_trgm"),
        ("subject", "cases_case_subject_trgm"),
    ],
)
def test_postgresql_reads_a_keyword_through_a_trigram_index(clerk, permit, field, index):
    """The indexes are over the expression Django's icontains writes (UPPER(col::text))."""
    register(clerk, permit)
    sql, params = (
        Case.objects.filter(**{f"{field}__icontains": "2026-0001"}).values("pk").query.sql_with_params()
    )
    assert index in plan(sql, params, off=("seqscan", "indexscan"))  # GIN: a bitmap scan
