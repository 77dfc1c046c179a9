"""The report pages (issue #6 §7): the report with its filters and chart data, the Excel download
read back with openpyxl, scope refusals (SEC-7), and the stored quarterly evaluations' pages."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from sunshine.org.choices import DataScope
from sunshine.org.tests.factories import account_with_role
from sunshine.oversight.models import QuarterlyEvaluation
from sunshine.oversight.tests import report_data

Q3 = "period=quarter&year=2025&quarter=3"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def data(clerk, inspector, leader, permit, body, department):
    second, post = report_data.build(
        clerk=clerk, inspector=inspector, leader=leader, permit=permit, body=body, department=department
    )
    return {"second": second, "post": post}


def test_report_page_shows_the_department_table_and_chart_data(data, inspector, body):
    response = client_for(inspector).get(f"/oversight/reports/?{Q3}&level=department&body={body.pk}")
    assert response.status_code == 200
    rows = {item["row"]["name"]: item for item in response.context["rows"]}
    assert set(rows) == {"安监一股", "安监二股"}
    cells = {cell["key"]: cell["text"] for cell in rows["安监一股"]["cells"]}
    assert (cells["steps"], cells["on_time_rate"], cells["avg_hours"], cells["replied_late"]) == (
        "3", "33.3%", "752.8", "1",
    )  # fmt: skip
    charts = response.context["charts"]
    assert sorted((d["name"], d["rate"]) for d in charts["departments"]) == [
        ("安监一股", 33.3),
        ("安监二股", None),
    ]
    assert [r["value"] for r in charts["rules"]] == [2, 1]
    assert len(charts["trend"]) == 12
    html = response.content.decode()
    assert 'id="report-charts"' in html
    assert "vendor/echarts/echarts.min.js" in html
    assert "自然小时" in html  # the page says handling time is in elapsed hours


def test_body_level_is_the_default_for_a_leader(data, leader, body):
    response = client_for(leader).get(f"/oversight/reports/?{Q3}")
    assert response.status_code == 200
    assert response.context["report"]["level"] == "body"
    assert [item["row"]["id"] for item in response.context["rows"]] == [body.pk]
    # The department chart is there even when the table is per body.
    assert len(response.context["charts"]["departments"]) == 2


def test_excel_download_has_the_same_table(data, inspector, body):
    response = client_for(inspector).get(f"/oversight/reports/export/?{Q3}&level=department")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["效能统计", "预警按规则", "月度趋势"]
    sheet = book["效能统计"]
    assert "2025年第3季度" in sheet["A1"].value
    header = [c.value for c in sheet[2]]
    assert header[:6] == ["科室", "所属机构", "办件数", "办理环节数", "按时办理环节", "按时率(%)"]
    table = {
        row[0]: dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=3, values_only=True)
    }
    assert table["安监一股"]["办理环节数"] == 3
    assert table["安监一股"]["按时率(%)"] == 33.3
    assert table["安监一股"]["最长用时(小时)"] == 2174.5
    assert table["安监二股"]["按时率(%)"] is None  # no timed step: empty, not 0
    assert table["合计"]["督办"] == 3
    assert table["合计"]["逾期未答复"] == 1
    rules = list(book["预警按规则"].iter_rows(min_row=2, values_only=True))
    assert rules == [("CASE-10", "超过期限", 2, 2), ("OVS-1", "临近期限", 1, 0)]
    trend = list(book["月度趋势"].iter_rows(min_row=2, values_only=True))
    assert trend[-1] == ("2025-09", 1, 0.0, 1)


def test_section_head_is_refused_the_body_level(data, body):
    head = account_with_role(
        "section_head", unit=data["second"], scope=DataScope.OWN_DEPARTMENT, username="h2"
    )
    client = client_for(head)
    assert client.get(f"/oversight/reports/?{Q3}&level=body").status_code == 403
    response = client.get(f"/oversight/reports/?{Q3}")
    assert response.context["report"]["level"] == "department"
    assert [item["row"]["name"] for item in response.context["rows"]] == ["安监二股"]
    assert client.get(f"/oversight/reports/export/?{Q3}&level=body").status_code == 403


def test_refusals_and_bad_input(data, clerk, other_body, body, inspector):
    assert client_for(clerk).get("/oversight/reports/").status_code == 403
    stranger = account_with_role("principal_leader", unit=other_body, username="stranger")
    assert client_for(stranger).get(f"/oversight/reports/?body={body.pk}").status_code == 404
    response = client_for(inspector).get("/oversight/reports/?period=range&start=2025-03-02&end=2025-03-01")
    assert response.status_code == 200
    assert response.context["report"] is None
    assert "结束日期不能早于开始日期" in response.content.decode()
    assert client_for(inspector).get("/oversight/reports/?body=abc").status_code == 400
    response = client_for(inspector).get("/oversight/reports/export/?period=month&month=13")
    assert response.status_code == 400


def test_quarterly_evaluation_pages(data, inspector, leader, body):
    client = client_for(inspector)
    page = client.get("/oversight/reports/quarterly/")
    assert page.status_code == 200
    assert page.context["form"] is not None
    made = client.post(
        "/oversight/reports/quarterly/", {"body": body.pk, "year": 2025, "quarter": 3, "note": ""}
    )
    evaluation = QuarterlyEvaluation.objects.get()
    assert made.status_code == 302
    assert made["Location"] == f"/oversight/reports/quarterly/{evaluation.pk}/"
    again = client.post("/oversight/reports/quarterly/", {"body": body.pk, "year": 2025, "quarter": 3})
    assert again.status_code == 400
    assert "重新生成须填写原因" in again.content.decode()
    assert QuarterlyEvaluation.objects.count() == 1
    client.post(
        "/oversight/reports/quarterly/", {"body": body.pk, "year": 2025, "quarter": 3, "note": "补录"}
    )
    assert list(QuarterlyEvaluation.objects.values_list("revision", flat=True).order_by("revision")) == [1, 2]
    detail = client_for(leader).get(f"/oversight/reports/quarterly/{evaluation.pk}/?level=person")
    assert detail.status_code == 200
    assert "第1版" in detail.content.decode()
    assert {item["row"]["name"] for item in detail.context["rows"]} >= {"张承办", "王纪检"}
    book = load_workbook(
        io.BytesIO(client.get(f"/oversight/reports/quarterly/{evaluation.pk}/export/").content)
    )
    assert book.sheetnames == ["按科室", "按岗位", "按人员", "预警按规则", "报告信息"]
    rows = {r[0]: r for r in book["按科室"].iter_rows(min_row=3, values_only=True)}
    assert rows["合计"][3] == 4  # 办理环节数


def test_quarterly_pages_show_a_section_head_their_department(data, inspector, body, clerk, other_body):
    """SEC-7: the section head reads the stored evaluation of their body, only the rows of their
    department (page and workbook), and may not make one; a clerk and another body's leader
    see nothing."""
    report_data.second_department_staff(data["second"])
    client_for(inspector).post("/oversight/reports/quarterly/", {"body": body.pk, "year": 2025, "quarter": 3})
    evaluation = QuarterlyEvaluation.objects.get()
    head = account_with_role(
        "section_head", unit=data["second"], scope=DataScope.OWN_DEPARTMENT, username="h3"
    )
    listed = client_for(head).get("/oversight/reports/quarterly/")
    assert listed.context["form"] is None  # a section head may not make one
    assert [e.pk for e in listed.context["page"]] == [evaluation.pk]
    detail = client_for(head).get(f"/oversight/reports/quarterly/{evaluation.pk}/")
    assert detail.status_code == 200
    assert [item["row"]["name"] for item in detail.context["rows"]] == ["安监二股"]
    assert 'data-testid="scope-note"' in detail.content.decode()
    assert [r["rule"] for r in detail.context["rules"]] == ["CASE-10"]
    people = client_for(head).get(f"/oversight/reports/quarterly/{evaluation.pk}/?level=person")
    assert [item["row"]["name"] for item in people.context["rows"]] == ["刘二股"]
    whole = client_for(inspector).get(f"/oversight/reports/quarterly/{evaluation.pk}/")
    assert 'data-testid="scope-note"' not in whole.content.decode()
    book = load_workbook(
        io.BytesIO(client_for(head).get(f"/oversight/reports/quarterly/{evaluation.pk}/export/").content)
    )
    names = [r[0] for r in book["按科室"].iter_rows(min_row=3, values_only=True)]
    assert names == ["安监二股", "合计"]
    assert [r[0] for r in book["按人员"].iter_rows(min_row=3, values_only=True)] == ["刘二股"]
    refused = client_for(head).post(
        "/oversight/reports/quarterly/", {"body": body.pk, "year": 2025, "quarter": 3}
    )
    assert refused.status_code == 403
    assert client_for(clerk).get("/oversight/reports/quarterly/").status_code == 403
    stranger = account_with_role("principal_leader", unit=other_body, username="stranger-q")
    assert client_for(stranger).get(f"/oversight/reports/quarterly/{evaluation.pk}/").status_code == 404
    assert client_for(stranger).get("/oversight/reports/quarterly/").context["page"].paginator.count == 0


def test_report_page_shows_the_latest_stored_evaluation(data, inspector, body):
    """The report page shows the body's newest stored quarterly evaluation with its frozen totals
    (a section head: those of their department), and links to it."""
    from sunshine.oversight.reports import evaluations

    assert client_for(inspector).get(f"/oversight/reports/?{Q3}").context["stored"]["latest"] is None
    made = evaluations.evaluation_generate(actor=inspector, body=body, year=2025, quarter=3)
    page = client_for(inspector).get("/oversight/reports/")
    stored = page.context["stored"]
    assert stored["latest"] == made
    assert (stored["cells"]["steps"], stored["cells"]["on_time_rate"], stored["cells"]["orders"]) == (
        "4", "33.3%", "3",
    )  # fmt: skip
    html = page.content.decode()
    assert 'data-testid="stored-evaluation"' in html
    assert f"/oversight/reports/quarterly/{made.pk}/" in html
    head = account_with_role(
        "section_head", unit=data["second"], scope=DataScope.OWN_DEPARTMENT, username="h5"
    )
    mine = client_for(head).get("/oversight/reports/").context["stored"]
    assert mine["latest"] == made
    assert (mine["cells"]["steps"], mine["cells"]["orders"]) == ("1", "1")
