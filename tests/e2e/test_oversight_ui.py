"""Electronic supervision in the browser: the discipline inspector sees a red alert for an overdue
case on the dashboard and opens it; the responsible clerk explains; the inspector closes it."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import expect

from sunshine.catalog.tests.factories import published
from sunshine.core import clock
from sunshine.oversight import services
from sunshine.oversight.models import Alert
from sunshine.oversight.tests.conftest import open_task, register


def log_out(page):
    page.get_by_role("button", name="退出").click()
    expect(page.get_by_label("用户名")).to_be_visible()


def test_inspector_sees_red_alert_clerk_explains_inspector_closes(
    page, login, clerk, legal_reviewer, inspector, leader, department
):
    permit = published(clerk, department, legal_reviewer, inspector, leader)
    case = register(clerk, permit, received_at=clock.now() - dt.timedelta(days=30))
    task = open_task(case)
    task.assignee = clerk
    task.save(update_fields=["assignee"])
    services.scan()
    alert = Alert.objects.get(case=case, task=task)

    login(inspector)
    page.goto("/oversight/")
    expect(page.get_by_test_id("count-red")).to_contain_text("1")
    row = page.get_by_test_id("alert-row").filter(has_text=case.number)
    expect(row.get_by_text("红牌")).to_be_visible()
    expect(row.get_by_test_id("case-link")).to_have_attribute("href", f"/cases/{case.pk}/")
    page.screenshot(path="/tmp/oversight-dashboard.png", full_page=True)
    row.get_by_test_id("alert-link").click()
    expect(page.get_by_test_id("alert-title")).to_contain_text("已超过办理期限")
    expect(page.get_by_test_id("form-close")).to_have_count(0)  # not before an explanation
    log_out(page)

    login(clerk)
    page.goto(f"/oversight/alerts/{alert.pk}/")
    page.get_by_label("情况说明").fill("申请人补正材料后需现场核查，已约定下周一核查。")
    page.get_by_role("button", name="提交说明").click()
    expect(page.get_by_test_id("alert-status")).to_have_text("已说明")
    expect(page.get_by_test_id("explanation")).to_contain_text("现场核查")
    log_out(page)

    login(inspector)
    page.goto(f"/oversight/alerts/{alert.pk}/")
    page.screenshot(path="/tmp/oversight-alert.png", full_page=True)
    page.get_by_label("关闭意见").fill("说明属实，督促按期办结。")
    page.get_by_role("button", name="审查关闭").click()
    expect(page.get_by_test_id("alert-status")).to_have_text("已关闭")
    expect(page.get_by_test_id("history-row")).to_have_count(3)
    alert.refresh_from_db()
    assert (alert.status, alert.closed_by) == ("closed", inspector)
