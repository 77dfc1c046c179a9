"""Parallel branches (a parallelGateway split and join, which flowchart validation accepts): each
branch's step is opened once, stays open while the other branch moves on, and the join waits for
both. A step sent back inside one branch leaves the other branch's open step as it is."""

from __future__ import annotations

import pytest

from sunshine.cases import services
from sunshine.cases.actions import send_back
from sunshine.cases.choices import CaseStatus, TaskStatus
from sunshine.cases.outcome import decisions
from sunshine.cases.tests.test_services import register
from sunshine.catalog.tests.factories import published
from sunshine.flows.tests.test_executor import parallel_chart

pytestmark = pytest.mark.django_db


@pytest.fixture
def permit(clerk, department, legal_reviewer, inspector, leader):
    return published(
        clerk, department, legal_reviewer, inspector, leader, code="XK-PAR", xml=parallel_chart()
    )


def open_steps(case) -> dict[str, int]:
    return dict(case.tasks.filter(status=TaskStatus.OPEN).values_list("name", "pk"))


def do(actor, case, name: str, **kwargs) -> None:
    services.task_complete(
        actor=actor, task=case.tasks.get(pk=open_steps(case)[name]), opinion="同意", **kwargs
    )


def split_open(clerk, permit):
    case = register(clerk, permit, received=["申请书", "营业执照复印件"])
    do(clerk, case, "受理审查", choice="受理")
    do(clerk, case, "审查")
    return case


def test_each_branch_opens_once_and_the_join_waits_for_both(clerk, permit):
    case = split_open(clerk, permit)
    branches = open_steps(case)
    assert set(branches) == {"现场核查", "材料核验"}
    assert case.tasks.get(pk=branches["材料核验"]).lane == "领导班子集体"

    do(clerk, case, "现场核查")  # 材料核验 is ready still: the same record stays open, not a second
    assert open_steps(case) == {"审核": open_steps(case)["审核"], "材料核验": branches["材料核验"]}
    do(clerk, case, "审核")  # one branch at the join: nothing new opens
    assert open_steps(case) == {"材料核验": branches["材料核验"]}
    do(clerk, case, "材料核验")
    assert list(open_steps(case)) == ["作出决定"]

    task = case.tasks.get(status=TaskStatus.OPEN)
    decisions.decision_record(
        actor=clerk, task=task, kind="approve", reasons="符合条件", legal_basis="《行政许可法》"
    )
    do(clerk, case, "送达")
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert sorted(case.tasks.values_list("name", flat=True)) == sorted(
        ["受理审查", "审查", "现场核查", "材料核验", "审核", "作出决定", "送达"]
    )


def test_sending_back_in_one_branch_leaves_the_other_open(clerk, permit):
    case = split_open(clerk, permit)
    verify = open_steps(case)["材料核验"]
    do(clerk, case, "现场核查")
    check = case.tasks.get(pk=open_steps(case)["审核"])
    onsite = case.tasks.get(name="现场核查", status=TaskStatus.DONE)
    reopened = send_back.task_send_back(actor=clerk, task=check, to_task=onsite, reason="核查记录不全")
    assert reopened.name == "现场核查"
    assert open_steps(case) == {"现场核查": reopened.pk, "材料核验": verify}
    check.refresh_from_db()
    assert check.status == TaskStatus.SENT_BACK
    do(clerk, case, "材料核验")
    do(clerk, case, "现场核查")
    do(clerk, case, "审核")
    assert list(open_steps(case)) == ["作出决定"]
