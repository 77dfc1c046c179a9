"""Anomaly alerts and the oversight settings in the browser: the discipline inspector finds a
repeated-refusal alert (ANO-6) on the dashboard by its kind and opens it; the principal leader
changes the body's thresholds on /oversight/settings/, a bad value is refused beside its field."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from sunshine.cases import signals
from sunshine.cases.choices import CaseStatus
from sunshine.cases.models import Case
from sunshine.catalog.tests.factories import published
from sunshine.oversight.models import Alert, OversightSetting
from sunshine.oversight.tests.conftest import register

SHOTS = "/tmp"


def test_inspector_filters_the_dashboard_by_an_anomaly_kind(
    page, login, clerk, legal_reviewer, inspector, leader, department
):
    permit = published(clerk, department, legal_reviewer, inspector, leader)
    cases = []
    for _ in range(3):
        case = register(clerk, permit, applicant_id_number="91431025MA4Q8XK01R")
        Case.objects.filter(pk=case.pk).update(status=CaseStatus.REFUSED)
        signals.case_refused.send(sender=Case, case=case, actor=clerk)
        cases.append(case)
    alert = Alert.objects.get(kind="repeated_refusal")

    login(inspector)
    page.goto("/oversight/")
    page.get_by_label("预警类型").select_option("repeated_refusal")
    expect(page).to_have_url(re.compile(r"kind=repeated_refusal"))  # the filter has applied
    row = page.get_by_test_id("alert-row").filter(has_text=cases[2].number)
    expect(row).to_have_count(1)
    expect(page.get_by_test_id("alert-row")).to_have_count(1)
    expect(row.get_by_test_id("anomaly-tag")).to_be_visible()
    expect(row.get_by_test_id("alert-rule")).to_have_text("ANO-6")
    expect(row).to_contain_text("多次拒绝同一申请人")
    page.screenshot(path=f"{SHOTS}/oversight-anomaly-dashboard.png", full_page=True)
    row.get_by_test_id("alert-link").click()
    expect(page.get_by_test_id("alert-title")).to_contain_text("多次被拒绝")
    expect(page.get_by_test_id("anomaly-message")).to_contain_text("第3次")
    expect(page.get_by_text("ANO-6").first).to_be_visible()
    page.screenshot(path=f"{SHOTS}/oversight-anomaly-alert.png", full_page=True)
    assert page.url.endswith(f"/oversight/alerts/{alert.pk}/")


def test_leader_changes_the_settings_and_a_bad_value_is_refused(page, login, leader, body):
    login(leader)
    page.goto("/oversight/settings/")
    expect(page.get_by_test_id("on-defaults")).to_be_visible()
    expect(page.get_by_label("重复拒绝预警次数")).to_have_value("3")
    page.get_by_label("重复拒绝统计期（日）").fill("十天")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("error-refusal_window_days")).to_contain_text(
        "重复拒绝统计期须为1至3650之间的整数"
    )
    page.screenshot(path=f"{SHOTS}/oversight-settings-error.png", full_page=True)
    assert not OversightSetting.objects.exists()

    page.get_by_label("重复拒绝统计期（日）").fill("90")
    page.get_by_label("重复拒绝预警次数").fill("4")
    page.get_by_label("中止时限：听证（日）").fill("45")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存")).to_be_visible()
    expect(page.get_by_label("重复拒绝预警次数")).to_have_value("4")
    expect(page.get_by_test_id("on-defaults")).to_have_count(0)
    page.screenshot(path=f"{SHOTS}/oversight-settings.png", full_page=True)
    setting = OversightSetting.objects.get(body=body)
    assert (setting.refusal_count, setting.refusal_window_days, setting.suspension_limits["hearing"]) == (
        4,
        90,
        45,
    )
