"""The penalty clocks in the browser: the case page lists each stage of a penalty case with its
rule, due date and explanation (CASE-146/157); the principal leader extends the case duration,
first past his 90-day cap (refused next to the field, with the rule), then within it. The one-time
notice shows the applicant's correction deadline, and after it the case is ended (CASE-105A)."""

from __future__ import annotations

import os

from playwright.sync_api import expect

from sunshine.cases.tests.test_notice_deadline import correcting  # noqa: F401 (fixture)
from sunshine.cases.tests.test_penalty import FILED, filed, penalty_version, reported  # noqa: F401

SHOTS = os.environ.get("SUNSHINE_SCREENSHOTS")  # a directory: save the pages for a look


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_stage_clocks_and_the_extension_of_the_case_duration(page, login, leader, filed):  # noqa: F811
    login(leader)
    page.goto(f"/cases/{filed.pk}/")
    panel = page.get_by_test_id("penalty-clocks")
    expect(panel).to_be_visible()
    filing = panel.locator('[data-stage="filing"]')
    expect(filing).to_contain_text("CASE-146")
    expect(filing).to_contain_text("按时办理")
    duration = panel.locator('[data-stage="duration"]')
    expect(duration).to_contain_text("2026-04-09")
    expect(duration).to_contain_text("已逾期")
    duration.get_by_text("期限计算过程").click()
    expect(duration.get_by_test_id("stage-explain")).to_contain_text("起算")
    shot(page, "penalty-case-page")

    panel.get_by_test_id("penalty-extend").click()
    page.get_by_label("延长后办案期限（日）").fill("120")
    page.get_by_label("批准机关").select_option("principal")
    page.get_by_label("延期理由").fill("需委托鉴定机构进行技术鉴定")
    page.get_by_role("button", name="批准延期").click()
    expect(page.get_by_text("须经上级主管部门")).to_be_visible()
    expect(page.locator("body")).to_contain_text("CASE-157")
    shot(page, "penalty-extend-refused")
    page.get_by_label("延长后办案期限（日）").fill("90")
    page.get_by_role("button", name="批准延期").click()
    expect(page.get_by_role("status")).to_contain_text("办案期限已延长至90日")
    duration = page.get_by_test_id("penalty-clocks").locator('[data-stage="duration"]')
    expect(duration).to_contain_text("2026-06-08")
    expect(duration.get_by_test_id("penalty-extension")).to_contain_text("局主要负责人")


def test_the_correction_deadline_and_ending_a_lapsed_case(page, login, clerk, correcting):  # noqa: F811
    login(clerk)
    page.goto(f"/cases/{correcting.pk}/")
    card = page.get_by_test_id("correction-deadline")
    expect(card).to_contain_text("20个工作日")
    expect(card).to_contain_text("2026-03-30")
    expect(card.get_by_test_id("correction-overdue")).to_be_visible()
    shot(page, "correction-deadline")
    page.get_by_test_id("print-notice").click()
    expect(page.get_by_test_id("correction-due")).to_contain_text("2026年3月30日")
    shot(page, "notice-print")
    page.go_back()
    page.get_by_test_id("notice-lapse").click()
    page.get_by_label("说明").fill("多次电话联系，申请人未补正")
    page.get_by_role("button", name="终止办件").click()
    expect(page.get_by_role("status")).to_contain_text("已按逾期未补正终止办件")
    expect(page.get_by_test_id("case-status")).to_have_text("不予受理")
    expect(page.get_by_test_id("lapsed")).to_be_visible()
