"""Fixtures of the accountability tests: the sample body's discipline office, its principal leader,
a person held accountable, and a case of sunshine.cases whose steps were done by known people."""

from __future__ import annotations

import datetime as dt

import pytest

from sunshine.accountability import services
from sunshine.accountability.choices import Source, Target
from sunshine.accountability.models import Ground, Sanction
from sunshine.cases import services as case_services
from sunshine.cases.choices import TaskStatus
from sunshine.cases.models import CaseTask
from sunshine.catalog.tests.factories import published
from sunshine.core import clock
from sunshine.org.choices import DataScope
from sunshine.org.tests.factories import account_with_role

# A Monday with no public holiday in the following seven weeks (2025-03-03).
MONDAY = dt.datetime(2025, 3, 3, 9, 0, tzinfo=clock.LOCAL_TZ)


@pytest.fixture
def section_head(department):
    return account_with_role(
        "section_head", unit=department, scope=DataScope.OWN_DEPARTMENT, username="head", full_name="钱股长"
    )


@pytest.fixture
def deputy(body):
    return account_with_role("deputy_leader", unit=body, username="deputy", full_name="孙副局长")


@pytest.fixture
def permit(clerk, department, legal_reviewer, inspector, leader):
    return published(clerk, department, legal_reviewer, inspector, leader)


@pytest.fixture
def done_case(clerk, permit, section_head, leader):
    """A case whose first step is open, then three done steps recorded beside it: handler, reviewer
    and approver with their choices (the record ACC-103 reads)."""
    case = case_services.case_register(
        actor=clerk,
        version=permit,
        subject="申请烟花爆竹零售经营许可",
        applicant_kind="organisation",
        applicant_name="示范县红星烟花店",
        applicant_contact="13800000000",
        received=["申请书"],
    )
    now = clock.now()
    for i, (name, who, choice) in enumerate(
        [("受理审查", clerk, "不予许可"), ("审核", section_head, "准予许可"), ("审批", leader, "准予许可")]
    ):
        CaseTask.objects.create(
            case=case,
            spiff_id=f"test-{i}",
            element_id=f"Task_{i}",
            name=name,
            status=TaskStatus.DONE,
            opened_at=now + dt.timedelta(minutes=i),
            completed_at=now + dt.timedelta(minutes=i, seconds=30),
            completed_by=who,
            choice=choice,
        )
    return case


def grounds():
    return list(Ground.objects.filter(catalogue="enforcement", number__in=[1, 4]))


def sanction(name: str, target: str = Target.INDIVIDUAL) -> Sanction:
    return Sanction.objects.get(body__isnull=True, target=target, name=name)


def register(actor, body, person, **kwargs):
    fields = {"source": Source.INSTRUCTION, "subject": "违规准予许可", "person": person}
    return services.case_register(actor=actor, body=body, **{**fields, **kwargs})


def opened(actor, body, person, leader, **kwargs):
    acase = register(actor, body, person, **kwargs)
    return services.case_open(
        actor=actor, acase=acase, verification="经初核，情况属实", approved_by=leader, grounds=grounds()
    )


def investigated(actor, body, person, leader, member, *, tier="serious", names=("通报批评",), **kwargs):
    """Opened, a team of one, a proposal and the person's statement heard."""
    acase = opened(actor, body, person, leader, **kwargs)
    acase = services.member_add(actor=actor, acase=acase, user=member, is_leader=True)
    acase = services.case_propose(actor=actor, acase=acase, tier=tier, sanctions=[sanction(n) for n in names])
    return services.statement_record(actor=actor, acase=acase, statement="对事实无异议", defence="请求从轻")


def reported(actor, body, person, leader, member, **kwargs):
    acase = investigated(actor, body, person, leader, member, **kwargs)
    return services.case_report(
        actor=actor, acase=acase, facts="违规准予许可", conclusion="情况属实", recommendation="通报批评"
    )


def decided(actor, body, person, leader, member, *, tier="serious", names=("通报批评",), **kwargs):
    acase = reported(actor, body, person, leader, member, **kwargs)
    return services.case_decide(
        actor=actor,
        acase=acase,
        tier=tier,
        sanctions=[sanction(n) for n in names],
        deciding_body="局党组",
        decision_text="给予通报批评",
    )


@pytest.fixture
def red_alert(clerk, permit):
    """A red alert (超过期限) on a case received thirty days ago, from the oversight scan."""
    from sunshine.oversight import services as oversight

    case = case_services.case_register(
        actor=clerk,
        version=permit,
        subject="申请烟花爆竹零售经营许可",
        applicant_kind="organisation",
        applicant_name="示范县红星烟花店",
        applicant_contact="13800000000",
        received=["申请书"],
        received_at=clock.now() - dt.timedelta(days=30),
    )
    task = case.tasks.get(status=TaskStatus.OPEN)
    task.assignee = clerk
    task.save(update_fields=["assignee"])
    oversight.scan(notify_people=False)
    return case.alerts.filter(level="red").order_by("id").first()
