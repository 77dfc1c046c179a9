"""The demo's penalty cases (issue #6 §10): one in every stage of the penalty flowchart, each step
done by the account holding its post, some late, one decided beyond its discretion tier (ANO-1),
one extended by the director (CASE-157)."""

from __future__ import annotations

import pytest
from django.db import transaction

from sunshine.cases import demo, penalty
from sunshine.cases.choices import CaseStatus, TaskStatus
from sunshine.cases.models import Case, CaseTask
from sunshine.catalog import demo as catalog_demo
from sunshine.catalog.choices import Category
from sunshine.core.system import system_actor
from sunshine.org import demo as org_demo
from sunshine.oversight.models import Alert

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module's tests (they only read it) in a transaction rolled
    back after them; each test's own transaction is a savepoint inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        with system_actor("test"):
            org_demo.load()
            catalog_demo.load()
            created = demo.load()
        yield created
        transaction.set_rollback(True)


def penalties() -> dict[str, Case]:
    cases = Case.objects.filter(power_version__category=Category.PENALTY)
    return {c.applicant_name: c for c in cases}


def waiting_at(case: Case) -> str:
    task = case.tasks.filter(status=TaskStatus.OPEN).first()
    return task.name if task is not None else ("archived" if hasattr(case, "archive") else case.status)


def test_the_penalty_cases_wait_in_every_stage(loaded):
    assert loaded["penalty cases"] == len(demo.PENALTIES)
    cases = penalties()
    assert {spec.party: waiting_at(cases[spec.party]) for spec in demo.PENALTIES} == {
        spec.party: spec.stage for spec in demo.PENALTIES
    }
    stages = {spec.stage for spec in demo.PENALTIES}
    assert {
        "立案",
        "调查取证",
        "法制审核",
        "告知权利及听证",
        "集体讨论",
        "送达",
        "执行",
        "archived",
    } <= stages
    archived = cases["示范县好运来烟花店"]
    assert archived.status == CaseStatus.CLOSED
    assert archived.archive.file_number
    assert archived.deliveries.exists()
    assert archived.publication is not None
    assert all(penalty.stage_clocks(c) for c in cases.values())


def test_each_step_is_done_by_the_account_holding_its_post(loaded):
    """The officer files, investigates, serves and files the dossier; the legal reviewer reviews
    (CASE-151); the director decides and closes (CASE-152/155): no step done without its post."""
    done = CaseTask.objects.filter(
        case__power_version__category=Category.PENALTY, status=TaskStatus.DONE
    ).select_related("completed_by")
    by_step = {}
    for task in done:
        by_step.setdefault(task.name, set()).add(task.completed_by.username)
    assert by_step["立案"] == by_step["调查取证"] == by_step["送达"] == by_step["归档"] == {"safety.officer"}
    assert by_step["法制审核"] == {"safety.legal"}
    assert by_step["作出处罚决定"] == by_step["结案"] == {"safety.director"}
    penalty_alerts = Alert.objects.filter(case__power_version__category=Category.PENALTY)
    assert not penalty_alerts.filter(kind__in=["done_without_post", "same_handler_approver"]).exists()


def test_late_filing_late_duration_and_an_extension(loaded):
    cases = penalties()
    filing = {r.key: r for r in penalty.stage_clocks(cases["示范县福源日杂店"])}["filing"]
    assert filing.rule == "CASE-146"
    assert filing.state == "running"
    assert filing.late
    duration = {r.key: r for r in penalty.stage_clocks(cases["示范县金星日杂店"])}["duration"]
    assert duration.rule == "CASE-157"
    assert duration.late
    extended = cases["示范县安泰建材公司"]
    assert penalty.duration_days(extended) == 60
    assert not {r.key: r for r in penalty.stage_clocks(extended)}["duration"].late
    on_time = {r.key: r for r in penalty.stage_clocks(cases["示范县顺达运输公司"])}["filing"]
    assert on_time.state == "running"
    assert not on_time.late


def test_one_decision_beyond_its_tier_raises_the_discretion_alert(loaded):
    beyond = penalties()["示范县金鑫冶炼厂"]
    assert beyond.decision.out_of_range
    assert beyond.decision.range_reason
    alert = Alert.objects.get(kind="discretion_exceeded")
    assert alert.case == beyond
    assert alert.level == "red"
    in_range = [c for c in penalties().values() if hasattr(c, "decision") and c != beyond]
    assert in_range
    assert not any(c.decision.out_of_range for c in in_range)
