"""/api/v1/oversight/reports and /evaluations (issue #6 §7, §8): the efficiency report with the
page's filters and the stored quarterly evaluations, scope-checked as the pages (SEC-7); bad
parameters are a 400 naming the field, in Chinese."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from sunshine.org.choices import DataScope
from sunshine.org.tests.factories import account_with_role
from sunshine.oversight.reports import evaluations
from sunshine.oversight.tests import report_data

pytestmark = pytest.mark.django_db
REPORTS = "/api/v1/oversight/reports"
EVALUATIONS = "/api/v1/oversight/evaluations"
Q3 = {"period": "quarter", "year": 2025, "quarter": 3}
CJK = re.compile(r"[\u4e00-\u9fff]")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def pick(row, keys):
    return {k: row[k] for k in keys}


@pytest.fixture
def data(clerk, inspector, leader, permit, body, department):
    second, post = report_data.build(
        clerk=clerk, inspector=inspector, leader=leader, permit=permit, body=body, department=department
    )
    report_data.second_department_staff(second)
    return {"second": second, "post": post}


@pytest.fixture
def head(data):
    """The section head of the second department (科室负责人, scope: their department)."""
    return account_with_role(
        "section_head", unit=data["second"], scope=DataScope.OWN_DEPARTMENT, username="h"
    )


# --- The report ----------------------------------------------------------------------------------


def test_report_per_department_has_the_figures_of_the_page(data, inspector, body, department):
    response = client_for(inspector).get(REPORTS, {**Q3, "level": "department", "body": body.pk})
    assert response.status_code == 200
    report = response.json()
    assert (report["level"], report["whole_body"], report["body"]["id"]) == ("department", True, body.pk)
    assert report["period"] == {
        "kind": "quarter", "first_day": "2025-07-01", "last_day": "2025-09-30", "label": "2025年第3季度",
    }  # fmt: skip
    rows = {row["id"]: row for row in report["rows"]}
    assert pick(rows[department.pk], report_data.DEPARTMENT_1) == report_data.DEPARTMENT_1
    assert pick(rows[data["second"].pk], report_data.DEPARTMENT_2) == report_data.DEPARTMENT_2
    assert pick(report["totals"], report_data.BODY) == report_data.BODY
    assert [(r["rule"], r["alerts"], r["red"]) for r in report["alerts_by_rule"]] == [
        ("CASE-10", 2, 2),
        ("OVS-1", 1, 0),
    ]
    assert len(report["trend"]) == 12


def test_report_levels_default_and_trend(data, leader, clerk):
    client = client_for(leader)
    by_body = client.get(REPORTS, Q3).json()
    assert by_body["level"] == "body"  # the default for a viewer of the whole body
    assert pick(by_body["rows"][0], report_data.BODY) == report_data.BODY
    people = client.get(REPORTS, {**Q3, "level": "person", "trend": "false"}).json()
    assert {"张承办", "刘二股"} <= {row["name"] for row in people["rows"]}
    assert people["trend"] == []
    posts = client.get(REPORTS, {**Q3, "level": "post"}).json()
    assert {row["name"] for row in posts["rows"]} >= {"受理岗", "审核岗"}
    month = client.get(REPORTS, {"period": "month", "year": 2025, "month": 9, "level": "department"}).json()
    assert month["period"]["first_day"] == "2025-09-01"


def test_section_head_gets_their_department_and_not_the_body(data, head):
    client = client_for(head)
    report = client.get(REPORTS, Q3).json()
    assert (report["level"], report["whole_body"]) == ("department", False)
    assert [row["name"] for row in report["rows"]] == ["安监二股"]
    assert pick(report["totals"], report_data.DEPARTMENT_2) == report_data.DEPARTMENT_2
    refused = client.get(REPORTS, {**Q3, "level": "body"})
    assert refused.status_code == 403
    assert refused.json()["code"] == "report_scope"
    assert refused.json()["rule"]["id"] == "SEC-7"


def test_report_of_another_body_and_without_permission(data, body, other_body, clerk):
    """Another body's report is refused (404, as on the page: SEC-7 does not say whether it
    exists); an account without oversight.view gets 403."""
    stranger = account_with_role("principal_leader", unit=other_body, username="stranger")
    other = client_for(stranger).get(REPORTS, {**Q3, "body": body.pk})
    assert other.status_code == 404
    assert other.json()["code"] == "not_found"
    assert client_for(stranger).get(REPORTS, Q3).json()["body"]["id"] == other_body.pk
    refused = client_for(clerk).get(REPORTS, Q3)
    assert refused.status_code == 403
    assert refused.json()["code"] == "permission_denied"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"level": "galaxy"}, "level"),
        ({"period": "week"}, "period"),
        ({"year": "abc"}, "year"),
        ({"year": "1999"}, "year"),
        ({"quarter": "5"}, "quarter"),
        ({"period": "month", "month": "13"}, "month"),
        ({"period": "range", "start": "2025-02-30", "end": "2025-03-01"}, "start"),
        ({"period": "range", "start": "2025-03-02", "end": "2025-03-01"}, "end"),
        ({"period": "range", "start": "2020-01-01", "end": "2025-03-01"}, "end"),
        ({"period": "range", "start": "2025-03-02"}, "end"),
        ({"body": "abc"}, "body"),
    ],
)
def test_bad_parameters_are_400_naming_the_field(data, inspector, params, field):
    response = client_for(inspector).get(REPORTS, params)
    assert response.status_code == 400, response.content
    error = response.json()
    assert error["field"] == field
    assert CJK.search(error["message"]), error["message"]


# --- Stored quarterly evaluations ------------------------------------------------------------------


@pytest.fixture
def stored(data, body, inspector, leader):
    first = evaluations.evaluation_generate(actor=inspector, body=body, year=2025, quarter=3)
    second = evaluations.evaluation_generate(actor=leader, body=body, year=2025, quarter=3, note="补录答复")
    return first, second


def test_evaluations_list_and_filters(stored, inspector, body, other_body):
    client = client_for(inspector)
    listed = client.get(EVALUATIONS).json()
    assert listed["count"] == 2
    assert [row["revision"] for row in listed["results"]] == [2, 1]
    row = listed["results"][1]
    assert (row["body"], row["body_name"], row["year"], row["quarter"]) == (body.pk, body.name, 2025, 3)
    assert (row["period_start"], row["period_end"]) == ("2025-07-01", "2025-09-30")
    assert row["generated_by_name"] == "王纪检"
    assert "figures" not in row
    assert client.get(EVALUATIONS, {"year": 2024}).json()["count"] == 0
    assert client.get(EVALUATIONS, {"quarter": 3, "body": body.pk}).json()["count"] == 2
    bad = client.get(EVALUATIONS, {"body": other_body.pk})
    assert (bad.status_code, bad.json()["field"]) == (400, "body")
    assert client.get(EVALUATIONS, {"quarter": 7}).json()["field"] == "quarter"


def test_evaluation_detail_with_figures_and_revisions(stored, inspector):
    first, second = stored
    detail = client_for(inspector).get(f"{EVALUATIONS}/{first.pk}")
    assert detail.status_code == 200
    body = detail.json()
    assert body["revision"] == 1
    assert [(r["id"], r["revision"], r["note"]) for r in body["revisions"]] == [
        (first.pk, 1, ""),
        (second.pk, 2, "补录答复"),
    ]
    figures = body["figures"]
    assert figures["whole_body"] is True
    assert pick(figures["totals"], report_data.BODY) == report_data.BODY
    assert len(figures["levels"]["department"]) == 2
    assert {"张承办", "刘二股"} <= {row["name"] for row in figures["levels"]["person"]}
    assert len(figures["alerts_by_rule"]) == 2


def test_section_head_reads_the_evaluation_of_their_department(stored, head, data):
    first, _second = stored
    client = client_for(head)
    assert client.get(EVALUATIONS).json()["count"] == 2
    figures = client.get(f"{EVALUATIONS}/{first.pk}").json()["figures"]
    assert figures["whole_body"] is False
    assert [row["id"] for row in figures["levels"]["department"]] == [data["second"].pk]
    assert [row["name"] for row in figures["levels"]["post"]] == ["审核岗"]
    assert [row["name"] for row in figures["levels"]["person"]] == ["刘二股"]
    assert pick(figures["totals"], report_data.DEPARTMENT_2) == report_data.DEPARTMENT_2
    assert figures["alerts_by_rule"] == [{"rule": "CASE-10", "kind": "overdue", "alerts": 1, "red": 1}]


def test_evaluations_of_another_body_and_without_permission(stored, other_body, clerk):
    first, _second = stored
    stranger = account_with_role("principal_leader", unit=other_body, username="stranger-e")
    assert client_for(stranger).get(EVALUATIONS).json()["count"] == 0
    assert client_for(stranger).get(f"{EVALUATIONS}/{first.pk}").status_code == 404
    assert client_for(clerk).get(EVALUATIONS).status_code == 403
    assert client_for(clerk).get(f"{EVALUATIONS}/{first.pk}").status_code == 403
