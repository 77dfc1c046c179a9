"""The catalog services: registering, editing, grading risks, reviewing and publishing powers."""

from __future__ import annotations

import pytest

from sunshine.catalog import services
from sunshine.catalog.choices import Category, ReviewKind, ReviewOutcome, RiskLevel, Status
from sunshine.catalog.models import PowerItem, RiskPoint
from sunshine.catalog.tests.factories import complete_draft, published, user_steps
from sunshine.core.errors import Conflict, InvalidInput, NotFound, NotPermitted, RuleViolated
from sunshine.core.models import AuditRecord
from sunshine.org.tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def test_registering_a_power_makes_a_draft_first_version_and_audits_it(clerk, department):
    version = services.item_create(
        actor=clerk,
        body=department.body,
        code="XK-9",
        name="某许可",
        category=Category.PERMIT,
        department=department,
    )
    assert (version.number, version.status) == (1, Status.DRAFT)
    assert version.item.latest == version
    assert version.item.current is None
    assert AuditRecord.objects.filter(action="catalog.item_create", object_id=str(version.pk)).exists()


def test_a_code_is_unique_within_a_body(clerk, department):
    services.item_create(
        actor=clerk, body=department.body, code="XK-1", name="甲", category="permit", department=department
    )
    with pytest.raises(Conflict) as refused:
        services.item_create(
            actor=clerk,
            body=department.body,
            code="XK-1",
            name="乙",
            category="permit",
            department=department,
        )
    assert refused.value.field == "code"


def test_bad_input_names_its_field(clerk, department):
    with pytest.raises(InvalidInput) as refused:
        services.item_create(
            actor=clerk, body=department.body, code="X", name="甲", category="bribery", department=department
        )
    assert refused.value.field == "category"
    with pytest.raises(InvalidInput) as refused:
        services.item_create(
            actor=clerk,
            body=department.body,
            code="X",
            name="甲",
            category="permit",
            department=department,
            statutory_limit=5,
            promised_limit=8,
        )
    assert refused.value.field == "promised_limit"
    assert not PowerItem.objects.exists()


def test_the_department_must_belong_to_the_body(clerk, department, other_body):
    with pytest.raises(InvalidInput) as refused:
        services.item_create(
            actor=clerk, body=department.body, code="X", name="甲", category="permit", department=other_body
        )
    assert refused.value.field == "department"


def test_only_editors_in_scope_register_powers(inspector, clerk, department):
    with pytest.raises(NotPermitted):
        services.item_create(
            actor=inspector,
            body=department.body,
            code="X",
            name="甲",
            category="permit",
            department=department,
        )
    elsewhere = DepartmentFactory(parent=department.body)
    with pytest.raises(NotFound):  # the clerk's scope is their own department (SEC-7)
        services.item_create(
            actor=clerk, body=department.body, code="X", name="甲", category="permit", department=elsewhere
        )


def test_concurrent_edits_of_a_draft_do_not_overwrite_each_other(clerk, department):
    version = services.item_create(
        actor=clerk, body=department.body, code="X", name="甲", category="permit", department=department
    )
    seen = version.version
    services.version_update(actor=clerk, version=version, expected_version=seen, conditions="条件一")
    with pytest.raises(Conflict) as refused:
        services.version_update(actor=clerk, version=version, expected_version=seen, conditions="条件二")
    assert refused.value.rule == "AUD-3"
    version.refresh_from_db()
    assert version.conditions == "条件一"


def test_legal_bases_are_kept_law_first(clerk, department):
    """CAT-112: laws, then administrative regulations, then rules."""
    version = services.item_create(
        actor=clerk, body=department.body, code="X", name="甲", category="permit", department=department
    )
    services.legal_bases_set(
        actor=clerk,
        version=version,
        rows=[
            {"level": "ministerial_rule", "statute": "烟花爆竹经营许可实施办法"},
            {"level": "law", "statute": "中华人民共和国行政许可法"},
            {"level": "regulation", "statute": "烟花爆竹安全管理条例"},
        ],
    )
    assert [b.level for b in version.legal_bases.all()] == ["law", "regulation", "ministerial_rule"]
    with pytest.raises(InvalidInput) as refused:
        services.legal_bases_set(actor=clerk, version=version, rows=[{"level": "law", "statute": ""}])
    assert refused.value.field == "legal_bases.0.statute"
    assert version.legal_bases.count() == 3  # nothing half-written


def test_suggested_risk_level_grows_with_the_three_ratings():
    """CAT-4 / SUP-133: importance, frequency, likelihood → A/B/C."""
    assert services.suggested_level(3, 3, 2) == RiskLevel.A
    assert services.suggested_level(3, 2, 1) == RiskLevel.B
    assert services.suggested_level(1, 2, 2) == RiskLevel.C


def test_one_main_risk_point_per_power(clerk, department):
    """CAT-119: one main risk point; the first is main until another is marked."""
    version = complete_draft(clerk, department)
    first = version.risk_points.get()
    assert first.is_main
    step = user_steps(version)[0]["element_id"]
    second = services.risk_point_add(
        actor=clerk,
        version=version,
        step_id=step,
        description="受理时故意刁难",
        is_main=True,
        measures=["一次性告知"],
    )
    first.refresh_from_db()
    assert second.is_main
    assert not first.is_main
    assert second.level == services.suggested_level(2, 2, 2)


def test_a_risk_point_must_sit_on_a_step_of_the_flowchart(clerk, department):
    version = complete_draft(clerk, department)
    with pytest.raises(InvalidInput) as refused:
        services.risk_point_add(actor=clerk, version=version, step_id="NoSuchStep", description="x")
    assert refused.value.field == "step_id"
    assert refused.value.rule == "CAT-121"


def test_an_incomplete_power_is_refused_with_every_missing_element_named(clerk, department):
    version = services.item_create(
        actor=clerk, body=department.body, code="X", name="甲", category="penalty", department=department
    )
    with pytest.raises(RuleViolated) as refused:
        services.version_submit(actor=clerk, version=version, expected_version=version.version)
    codes = {e.code for e in refused.value.errors}
    assert {
        "no_legal_basis",
        "no_handler",
        "no_time_limit",
        "no_risk_point",
        "no_discretion_benchmark",
        "no_flowchart",
    } <= codes
    version.refresh_from_db()
    assert version.status == Status.DRAFT


def test_a_risk_point_without_a_prevention_measure_stops_publication(clerk, department):
    """SUP-132: every risk point has at least one measure."""
    version = complete_draft(clerk, department)
    step = user_steps(version)[0]
    services.risk_point_add(
        actor=clerk, version=version, step_id=step["element_id"], description="无措施的风险"
    )
    problems = services.publication_problems(version)
    assert [p.code for p in problems] == ["risk_point_without_measure"]
    assert problems[0].rule == "SUP-132"
    assert problems[0].element_id == step["element_id"]
    point = RiskPoint.objects.get(description="无措施的风险")
    services.measure_add(actor=clerk, point=point, description="双人审核")
    assert services.publication_problems(version) == []


def test_review_publish_supersede(clerk, department, legal_reviewer, inspector, leader):
    """CAT-116: submitted → legal and discipline review → reviewed → published; a change is a new
    version, published over the old one, which is superseded (AUD-4)."""
    first = published(clerk, department, legal_reviewer, inspector, leader)
    assert first.status == Status.PUBLISHED
    assert first.item.current == first
    with pytest.raises(Conflict) as refused:
        services.version_update(actor=clerk, version=first, expected_version=first.version, name="改名")
    assert refused.value.rule == "AUD-4"

    second = services.version_new(actor=clerk, item=first.item, change_note="调整承诺时限")
    assert second.number == 2
    assert second.status == Status.DRAFT
    assert second.risk_points.get().measures.count() == 2
    assert second.flowchart.xml == first.flowchart.xml
    with pytest.raises(Conflict):
        services.version_new(actor=clerk, item=first.item)

    services.version_update(actor=clerk, version=second, expected_version=second.version, promised_limit=8)
    services.version_submit(actor=clerk, version=second, expected_version=second.version)
    for reviewer, kind in ((legal_reviewer, ReviewKind.LEGAL), (inspector, ReviewKind.DISCIPLINE)):
        services.version_review(
            actor=reviewer, version=second, kind=kind, outcome="approved", opinion="同意", basis_checked=True
        )
    second.refresh_from_db()
    services.version_publish(actor=leader, version=second, expected_version=second.version)
    first.refresh_from_db()
    assert first.status == Status.SUPERSEDED
    assert first.superseded_at is not None
    assert PowerItem.objects.get().current == second
    assert first.promised_limit == 10  # the old version still says what it said


def test_a_returned_review_sends_the_draft_back(clerk, department, legal_reviewer):
    version = complete_draft(clerk, department)
    services.version_submit(actor=clerk, version=version, expected_version=version.version)
    services.version_review(
        actor=legal_reviewer,
        version=version,
        kind="legal",
        outcome=ReviewOutcome.RETURNED,
        opinion="依据条款有误",
    )
    version.refresh_from_db()
    assert version.status == Status.DRAFT
    services.version_update(
        actor=clerk, version=version, expected_version=version.version, conditions="改正后"
    )


def test_reviews_need_the_right_office_and_the_three_checks(
    clerk, department, legal_reviewer, inspector, leader
):
    version = complete_draft(clerk, department)
    services.version_submit(actor=clerk, version=version, expected_version=version.version)
    with pytest.raises(NotPermitted):
        services.version_review(
            actor=inspector, version=version, kind="legal", outcome="approved", opinion="同意"
        )
    with pytest.raises(RuleViolated) as refused:
        services.version_review(
            actor=legal_reviewer, version=version, kind="legal", outcome="approved", opinion="同意"
        )
    assert refused.value.field == "basis_checked"
    services.version_review(
        actor=legal_reviewer,
        version=version,
        kind="legal",
        outcome="approved",
        opinion="同意",
        basis_checked=True,
    )
    with pytest.raises(Conflict):
        services.version_review(
            actor=legal_reviewer,
            version=version,
            kind="legal",
            outcome="approved",
            opinion="再次",
            basis_checked=True,
        )
    version.refresh_from_db()
    assert version.status == Status.SUBMITTED  # the discipline office has not reviewed yet
    with pytest.raises(Conflict):
        services.version_publish(actor=leader, version=version, expected_version=version.version)


def test_penalty_benchmarks_check_their_ranges(clerk, department):
    """CAT-127: each tier has a range or a measure; the lower bound is not above the upper."""
    version = complete_draft(clerk, department, category=Category.PENALTY, code="CF-1", name="某处罚")
    assert version.benchmarks.get().tiers.count() == 2
    with pytest.raises(InvalidInput) as refused:
        services.benchmarks_set(
            actor=clerk,
            version=version,
            benchmarks=[
                {
                    "violation": "x",
                    "tiers": [
                        {"grade": "一般", "circumstances": "y", "min_amount": "500", "max_amount": "100"}
                    ],
                }
            ],
        )
    assert refused.value.field == "benchmarks.0.tiers.0.min_amount"
    assert version.benchmarks.get().tiers.count() == 2
