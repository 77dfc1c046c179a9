"""Efficiency reports (issue #6 §7, ACC-22): exact figures from a known data set, scope refusals
(SEC-7), and the stored quarterly evaluation (idempotence, revisions, immutability, OVS-20)."""

from __future__ import annotations

import datetime as dt

import pytest

from sunshine.core.errors import InvalidInput, NotFound, NotPermitted
from sunshine.org.choices import DataScope
from sunshine.org.tests.factories import account_with_role
from sunshine.oversight.reports import periods, queries, selectors
from sunshine.oversight.tests import report_data

Q3 = periods.quarter(2025, 3)


def pick(row, keys):
    return {k: row[k] for k in keys}


@pytest.fixture
def data(clerk, inspector, leader, permit, body, department):
    second, post = report_data.build(
        clerk=clerk, inspector=inspector, leader=leader, permit=permit, body=body, department=department
    )
    return {"second": second, "post": post}


def test_body_totals_of_the_quarter(data, body, leader):
    report = selectors.report_for(actor=leader, body=body, period=Q3, level="body")
    assert pick(report["totals"], report_data.BODY) == report_data.BODY
    [row] = report["rows"]
    assert row["id"] == body.pk
    assert pick(row, report_data.BODY) == report_data.BODY


def test_department_rows(data, body, department, inspector):
    report = selectors.report_for(actor=inspector, body=body, period=Q3, level="department")
    rows = {row["id"]: row for row in report["rows"]}
    assert set(rows) == {department.pk, data["second"].pk}
    assert pick(rows[department.pk], report_data.DEPARTMENT_1) == report_data.DEPARTMENT_1
    assert pick(rows[data["second"].pk], report_data.DEPARTMENT_2) == report_data.DEPARTMENT_2
    assert rows[department.pk]["name"] == "安监一股"


def test_post_and_person_rows(data, body, clerk, inspector, leader):
    posts = queries.rows_for(body, Q3, "post")
    by_post = {row["id"]: row for row in posts}
    assert by_post[data["post"].pk]["steps"] == 2
    assert by_post[data["post"].pk]["alerts"] == 2
    assert by_post[None]["steps"] == 2
    assert by_post[None]["name"] == "（未指定）"
    assert by_post[data["post"].pk]["orders"] is None  # orders have no post
    people = {row["id"]: row for row in queries.rows_for(body, Q3, "person")}
    assert pick(people[clerk.pk], ["steps", "cases", "on_time", "orders", "replied_late"]) == {
        "steps": 3, "cases": 2, "on_time": 1, "orders": 2, "replied_late": 1,
    }  # fmt: skip
    assert people[inspector.pk]["steps"] == 1
    assert people[inspector.pk]["avg_hours"] == 6.0
    assert people[leader.pk]["steps"] == 0
    assert people[leader.pk]["unanswered_overdue"] == 1


def test_alerts_by_rule_and_trend(data, body):
    by_rule = queries.alerts_by_rule(body, Q3)
    assert [(r["rule"], r["alerts"], r["red"]) for r in by_rule] == [("CASE-10", 2, 2), ("OVS-1", 1, 0)]
    trend = {m["month"]: m for m in queries.trend(body, Q3)}
    assert len(trend) == 12
    assert list(trend)[-1] == "2025-09"
    assert (trend["2025-07"]["steps"], trend["2025-07"]["on_time_rate"], trend["2025-07"]["alerts"]) == (
        2,
        50.0,
        1,
    )
    assert (trend["2025-09"]["steps"], trend["2025-09"]["on_time_rate"]) == (1, 0.0)
    assert trend["2025-06"]["alerts"] == 1  # June's alert
    assert trend["2025-06"]["steps"] == 0
    assert next(iter(trend)) == "2024-10"


def test_other_periods(data, body):
    july = queries.totals(body, periods.month(2025, 7))
    assert (july["steps"], july["on_time"], july["alerts"], july["orders"]) == (2, 1, 1, 1)
    october = queries.totals(body, periods.month(2025, 10))
    assert october["steps"] == 1  # the step done at 00:30 local time on 1 October
    year = queries.totals(body, periods.year_period(2025))
    assert (year["steps"], year["alerts"]) == (5, 4)
    span = periods.parse(
        {"period": "range", "start": "2025-08-01", "end": "2025-08-01"}, today=dt.date.today()
    )
    assert queries.totals(body, span)["steps"] == 1


def test_section_head_sees_their_department_only(data, body, department):
    head = account_with_role(
        "section_head", unit=data["second"], scope=DataScope.OWN_DEPARTMENT, username="head2"
    )
    report = selectors.report_for(actor=head, body=body, period=Q3, level="department")
    assert [row["id"] for row in report["rows"]] == [data["second"].pk]
    assert pick(report["totals"], report_data.DEPARTMENT_2) == report_data.DEPARTMENT_2
    with pytest.raises(NotPermitted) as refused:
        selectors.report_for(actor=head, body=body, period=Q3, level="body")
    assert refused.value.rule == "SEC-7"


def test_refusals(data, body, other_body, clerk):
    with pytest.raises(NotPermitted):  # a clerk holds no oversight.view
        selectors.report_for(actor=clerk, body=body, period=Q3, level="department")
    stranger = account_with_role("principal_leader", unit=other_body, username="other-leader")
    with pytest.raises(NotFound):
        selectors.report_for(actor=stranger, body=body, period=Q3, level="department")
    with pytest.raises(NotFound):
        selectors.body_for(stranger, body.pk)
    leader = account_with_role("principal_leader", unit=body, username="leader2")
    with pytest.raises(InvalidInput) as bad:
        selectors.report_for(actor=leader, body=body, period=Q3, level="galaxy")
    assert bad.value.field == "level"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"period": "week"}, "period"),
        ({"period": "month", "month": "13"}, "month"),
        ({"period": "quarter", "quarter": "x"}, "quarter"),
        ({"period": "range", "start": "2025-02-30", "end": "2025-03-01"}, "start"),
        ({"period": "range", "start": "2025-03-02", "end": "2025-03-01"}, "end"),
    ],
)
def test_bad_periods_are_refused_on_their_field(params, field):
    with pytest.raises(InvalidInput) as bad:
        periods.parse(params, today=dt.date(2025, 11, 3))
    assert bad.value.field == field


def test_period_parsing():
    today = dt.date(2025, 11, 3)
    assert periods.parse({}, today=today) == periods.quarter(2025, 4)
    assert periods.parse({"period": "month", "year": "2024", "month": "2"}, today=today).end_day == dt.date(
        2024, 3, 1
    )
    assert periods.previous_quarter(dt.date(2026, 1, 1)) == (2025, 4)
    assert periods.previous_quarter(dt.date(2025, 7, 1)) == (2025, 2)


# --- The stored quarterly evaluation ----------------------------------------------------------------


def test_periodic_job_makes_one_per_body_and_quarter(data, body, other_body, as_system):
    from sunshine.core.audit import AuditRecord
    from sunshine.oversight.models import QuarterlyEvaluation
    from sunshine.oversight.reports import evaluations

    made = evaluations.generate_due(now=report_data.at(2025, 10, 1, 0, 5))
    assert {e.body_id for e in made} == {body.pk, other_body.pk}
    assert evaluations.generate_due(now=report_data.at(2025, 10, 2, 9)) == []  # idempotent
    stored = QuarterlyEvaluation.objects.get(body=body)
    assert (stored.year, stored.quarter, stored.revision, stored.generated_by) == (2025, 3, 1, None)
    assert str(stored.period_start) == "2025-07-01"
    assert str(stored.period_end) == "2025-09-30"
    assert pick(stored.figures["totals"], report_data.BODY) == report_data.BODY
    departments = {row["id"]: row for row in stored.figures["levels"]["department"]}
    assert pick(departments[data["second"].pk], report_data.DEPARTMENT_2) == report_data.DEPARTMENT_2
    assert {"post", "person"} <= set(stored.figures["levels"])
    assert AuditRecord.objects.filter(
        action="oversight.evaluation_generate", object_id=str(stored.pk)
    ).exists()


def test_the_constraint_allows_one_revision_1(data, body):
    from django.db import IntegrityError, transaction

    from sunshine.oversight.models import QuarterlyEvaluation

    fields = dict(body=body, year=2025, quarter=3, revision=1, period_start="2025-07-01",
                  period_end="2025-09-30", figures={}, generated_at=report_data.at(2025, 10, 1))  # fmt: skip
    QuarterlyEvaluation.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        QuarterlyEvaluation.objects.create(**fields)


def test_on_demand_revision_and_immutability(data, body, leader, inspector, clerk):
    from sunshine.core.audit import AuditRecord
    from sunshine.oversight.reports import evaluations

    first = evaluations.evaluation_generate(actor=inspector, body=body, year=2025, quarter=3)
    assert (first.revision, first.generated_by) == (1, inspector)
    with pytest.raises(InvalidInput) as no_reason:
        evaluations.evaluation_generate(actor=leader, body=body, year=2025, quarter=3)
    assert (no_reason.value.field, no_reason.value.rule) == ("note", "OVS-20")
    # A late reply changes the figures: the new revision has them, the first keeps the old ones.
    from sunshine.oversight.models import SupervisionOrder

    SupervisionOrder.objects.filter(seq=3).update(replied_at=report_data.at(2025, 9, 5, 9))
    second = evaluations.evaluation_generate(actor=leader, body=body, year=2025, quarter=3, note="补录答复")
    assert second.revision == 2
    assert second.figures["totals"]["replied"] == 3
    first.refresh_from_db()
    assert first.figures["totals"]["replied"] == 2
    with pytest.raises(ValueError, match="immutable"):
        first.save()
    with pytest.raises(ValueError, match="never deleted"):
        first.delete()
    assert AuditRecord.objects.filter(action="oversight.evaluation_generate").count() == 2
    with pytest.raises(NotPermitted):  # a clerk may not make one
        evaluations.evaluation_generate(actor=clerk, body=body, year=2025, quarter=3, note="x")
    with pytest.raises(InvalidInput) as not_ended:
        evaluations.evaluation_generate(actor=leader, body=body, year=2100, quarter=1, note="x")
    assert not_ended.value.code == "quarter_not_ended"


def test_stored_reports_are_read_within_scope(data, body, other_body, inspector, clerk):
    from sunshine.oversight.reports import evaluations

    made = evaluations.evaluation_generate(actor=inspector, body=body, year=2025, quarter=3)
    assert list(evaluations.evaluation_list(actor=inspector)) == [made]
    stranger = account_with_role("principal_leader", unit=other_body, username="other-leader")
    assert list(evaluations.evaluation_list(actor=stranger)) == []
    with pytest.raises(NotFound):
        evaluations.evaluation_get(actor=stranger, pk=made.pk)
    with pytest.raises(NotFound):
        evaluations.evaluation_generate(actor=stranger, body=body, year=2025, quarter=3, note="x")
    with pytest.raises(NotPermitted):  # a clerk holds no oversight.view
        evaluations.evaluation_list(actor=clerk)


def test_section_head_reads_their_department_of_a_stored_evaluation(data, body, inspector):
    """SEC-7: a section head (scope: their department) reads the stored evaluation's rows of their
    department (its row, its posts and people, its alerts by rule) and their total; a viewer of
    the whole body reads all of it."""
    from sunshine.oversight.reports import evaluations

    second = data["second"]
    report_data.second_department_staff(second)
    made = evaluations.evaluation_generate(actor=inspector, body=body, year=2025, quarter=3)
    head = account_with_role("section_head", unit=second, scope=DataScope.OWN_DEPARTMENT, username="h")
    assert list(evaluations.evaluation_list(actor=head)) == [made]
    assert evaluations.evaluation_get(actor=head, pk=made.pk) == made
    seen = evaluations.evaluation_figures(actor=head, evaluation=made)
    assert seen["whole_body"] is False
    assert [row["id"] for row in seen["levels"]["department"]] == [second.pk]
    assert [row["name"] for row in seen["levels"]["post"]] == ["审核岗"]
    assert [row["name"] for row in seen["levels"]["person"]] == ["刘二股"]
    assert pick(seen["totals"], report_data.DEPARTMENT_2) == report_data.DEPARTMENT_2
    assert seen["alerts_by_rule"] == [{"rule": "CASE-10", "kind": "overdue", "alerts": 1, "red": 1}]
    whole = evaluations.evaluation_figures(actor=inspector, evaluation=made)
    assert whole["whole_body"] is True
    assert whole["totals"] == made.figures["totals"]
    assert len(whole["levels"]["department"]) == 2
    assert len(whole["alerts_by_rule"]) == 2


def test_section_head_of_two_departments_reads_their_summed_total(data, body, department, inspector):
    """A section head whose scope holds both departments: the total of the two rows equals the
    body's (rates from the summed counts, the average weighted by steps)."""
    from sunshine.oversight.reports import evaluations

    made = evaluations.evaluation_generate(actor=inspector, body=body, year=2025, quarter=3)
    from sunshine.org.tests.factories import RoleAssignmentFactory, builtin_role

    head = account_with_role("section_head", unit=department, scope=DataScope.OWN_DEPARTMENT, username="h1")
    RoleAssignmentFactory(
        user=head, role=builtin_role("section_head"), unit=data["second"], data_scope=DataScope.OWN_DEPARTMENT
    )
    seen = evaluations.evaluation_figures(actor=head, evaluation=made)
    assert seen["whole_body"] is False
    assert pick(seen["totals"], report_data.BODY) == report_data.BODY


def test_an_evaluation_stored_before_rows_named_their_unit(data, body, inspector):
    """Evaluations frozen before rows carried ``unit_id`` and alerts per department: the post and
    person rows are matched by their unit of today, and alerts by rule are withheld (None)."""
    from sunshine.oversight.models import QuarterlyEvaluation
    from sunshine.oversight.reports import evaluations

    second = data["second"]
    report_data.second_department_staff(second)
    figures = evaluations.freeze(body, 2025, 3, now=report_data.at(2025, 10, 1, 9))
    for rows in figures["levels"].values():
        for row in rows:
            del row["unit_id"]
    del figures["alerts_by_rule_by_department"]
    old = QuarterlyEvaluation(
        body=body, year=2025, quarter=3, period_start=dt.date(2025, 7, 1), period_end=dt.date(2025, 9, 30),
        figures=figures, generated_at=report_data.at(2025, 10, 1, 9),
    )  # fmt: skip
    old.save(force_insert=True)
    head = account_with_role("section_head", unit=second, scope=DataScope.OWN_DEPARTMENT, username="h4")
    seen = evaluations.evaluation_figures(actor=head, evaluation=old)
    assert [row["name"] for row in seen["levels"]["post"]] == ["审核岗"]
    assert [row["name"] for row in seen["levels"]["person"]] == ["刘二股"]
    assert seen["alerts_by_rule"] is None


@pytest.mark.parametrize("level", ["body", "department", "post", "person"])
def test_summed_totals_equal_the_aggregate(data, body, level):
    """Body and department totals are summed from their rows (no second scan); they must equal the
    aggregate over the whole scope, as must the totals of the other levels."""
    assert queries.report(body, Q3, level, with_trend=False)["totals"] == queries.totals(body, Q3)


def test_an_empty_period_has_zero_totals(data, body):
    report = queries.report(body, periods.month(2024, 2), "department")
    assert report["rows"] == []
    assert report["totals"] == queries.totals(body, periods.month(2024, 2))
    assert (report["totals"]["steps"], report["totals"]["orders"], report["totals"]["on_time_rate"]) == (
        0,
        0,
        None,
    )


def test_the_periodic_job_is_registered_and_runs_as_the_system(body):
    from sunshine.core.periodic import JOBS
    from sunshine.oversight.models import QuarterlyEvaluation

    job = JOBS["oversight.quarterly_evaluation"]
    assert job.task.call() == {"made": 1}
    assert job.task.call() == {"made": 0}
    stored = QuarterlyEvaluation.objects.get()
    assert (stored.body, stored.revision, stored.generated_by) == (body, 1, None)
