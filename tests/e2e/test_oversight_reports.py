"""Efficiency reports in the browser (issue #6 §7): the discipline inspector opens the report from
the navigation, filters Q3 2025 by department, sees the table and the three ECharts charts drawn
(a canvas with a size), downloads the Excel file, makes the quarter's stored evaluation and opens it."""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook
from playwright.sync_api import expect

from sunshine.catalog.tests.factories import published
from sunshine.oversight.tests import report_data


def test_inspector_reads_the_report_with_charts_and_stores_the_quarter(
    page, login, clerk, legal_reviewer, inspector, leader, body, department
):
    permit = published(clerk, department, legal_reviewer, inspector, leader)
    report_data.build(
        clerk=clerk, inspector=inspector, leader=leader, permit=permit, body=body, department=department
    )

    login(inspector)
    page.get_by_role("link", name="效能报告").first.click()
    expect(page.get_by_role("heading", name="效能报告", exact=True)).to_be_visible()
    page.get_by_label("统计层级").select_option("department")
    page.get_by_label("统计期间").select_option("quarter")
    page.get_by_label("年度").fill("2025")
    page.get_by_label("季度").select_option("3")
    page.get_by_role("button", name="统计").click()
    expect(page.get_by_test_id("report-caption")).to_contain_text("2025年第3季度")
    row = page.get_by_test_id("report-row").filter(has_text="安监一股")
    expect(row.locator('[data-col="on_time_rate"]')).to_have_text("33.3%")
    expect(row.locator('[data-col="slowest_hours"]')).to_have_text("2174.5")
    expect(page.get_by_test_id("report-total").locator('[data-col="steps"]')).to_have_text("4")
    for chart in ("chart-departments", "chart-rules", "chart-trend"):
        canvas = page.get_by_test_id(chart).locator("canvas")
        expect(canvas).to_have_count(1)
        box = canvas.bounding_box()
        assert box["width"] > 200, (chart, box)
        assert box["height"] > 200, (chart, box)
    page.screenshot(path="/tmp/oversight-report.png", full_page=True)

    with page.expect_download() as download:
        page.get_by_test_id("export-link").click()
    book = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))  # noqa: SIM115
    table = {r[0]: r for r in book["效能统计"].iter_rows(min_row=3, values_only=True)}
    assert table["安监一股"][3] == 3  # 办理环节数

    page.get_by_role("link", name="季度效能考核报告").click()
    form = page.get_by_test_id("evaluation-form")
    form.get_by_label("年度").fill("2025")
    form.get_by_label("季度").select_option("3")
    form.get_by_role("button", name="生成报告").click()
    expect(page.get_by_test_id("evaluation-title")).to_contain_text("2025年第3季度效能考核报告（第1版）")
    page.get_by_role("link", name="按人员").click()
    expect(
        page.get_by_test_id("report-row").filter(has_text="张承办").locator('[data-col="steps"]')
    ).to_have_text("3")
    page.screenshot(path="/tmp/oversight-evaluation.png", full_page=True)


def test_report_page_shows_the_stored_evaluation_to_the_inspector_and_the_section_head(
    page, login, clerk, legal_reviewer, inspector, leader, body, department
):
    """The report page shows the newest stored quarterly evaluation with its frozen figures and
    links to it; a section head sees it too, limited to their own department (SEC-7)."""
    from sunshine.org.choices import DataScope
    from sunshine.org.tests.factories import account_with_role
    from sunshine.oversight.reports import evaluations

    permit = published(clerk, department, legal_reviewer, inspector, leader)
    second, _post = report_data.build(
        clerk=clerk, inspector=inspector, leader=leader, permit=permit, body=body, department=department
    )
    report_data.second_department_staff(second)
    made = evaluations.evaluation_generate(actor=inspector, body=body, year=2025, quarter=3)
    head = account_with_role(
        "section_head", unit=second, scope=DataScope.OWN_DEPARTMENT, username="head2", full_name="周股长"
    )

    login(inspector)
    page.get_by_role("link", name="效能报告").first.click()
    card = page.get_by_test_id("stored-evaluation")
    expect(card).to_contain_text("2025年第3季度效能考核报告（第1版）")
    expect(card.locator('[data-col="steps"]')).to_have_text("4")
    expect(card.locator('[data-col="on_time_rate"]')).to_have_text("33.3%")
    page.screenshot(path="/tmp/oversight-report-stored.png", full_page=True)
    page.get_by_test_id("stored-evaluation-link").click()
    expect(page.get_by_test_id("evaluation-title")).to_contain_text("第1版")
    expect(page.get_by_test_id("report-row")).to_have_count(2)
    expect(page.get_by_test_id("scope-note")).to_have_count(0)
    page.get_by_role("button", name="退出").click()

    login(head)
    page.goto("/oversight/reports/")
    card = page.get_by_test_id("stored-evaluation")
    expect(card.locator('[data-col="steps"]')).to_have_text("1")
    page.get_by_test_id("stored-evaluation-link").click()
    expect(page).to_have_url(f"/oversight/reports/quarterly/{made.pk}/")
    expect(page.get_by_test_id("scope-note")).to_be_visible()
    expect(page.get_by_test_id("report-row")).to_have_count(1)
    expect(page.get_by_test_id("report-row")).to_contain_text("安监二股")
    page.get_by_role("link", name="按人员").click()
    expect(page.get_by_test_id("report-row")).to_have_text(re.compile("刘二股"))
    page.screenshot(path="/tmp/oversight-evaluation-section-head.png", full_page=True)
