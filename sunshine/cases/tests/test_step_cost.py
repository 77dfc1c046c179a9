"""What one case step costs (issue #6 §11): a fixed number of queries, whatever else the case or
the body holds; the pinned chart read once (cases.pinned); the post of a lane and its sole holder
found with the step's one post query (cases.services._post_for)."""

from __future__ import annotations

import pytest

from sunshine.cases import pinned, services
from sunshine.cases.choices import TaskStatus
from sunshine.cases.tests.test_services import open_task, register
from sunshine.catalog.tests.factories import published
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
