"""An accountability case in the browser (问责, issue #9 §1): the discipline inspector opens it from a
red alert's page (立案问责), records the principal leader's decision to open (ACC-6), forms the
team (ACC-12), proposes a sanction, hears the person (ACC-8), reports (ACC-9), is refused a heavier
decision after the defence (ACC-8, shown with its rule) and decides (ACC-10); the clocks show on
the case page and the list; a decision not served in time is a red record alert on the discipline
office's alert list (ACC-10, oversight.records)."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import expect

from sunshine.accountability import clocks
from sunshine.accountability.models import AccountabilityCase
from sunshine.catalog.tests.factories import published
from sunshine.core import clock
from sunshine.oversight import records, services
from sunshine.oversight.models import Alert
from sunshine.oversight.tests.conftest import open_task, register


def act(page, testid: str):
    page.get_by_test_id(testid).click()


def test_from_an_alert_to_the_decision(page, login, clerk, legal_reviewer, inspector, leader, department):
    permit = published(clerk, department, legal_reviewer, inspector, leader)
    case = register(clerk, permit, received_at=clock.now() - dt.timedelta(days=30))
    task = open_task(case)
    task.assignee = clerk
    task.save(update_fields=["assignee"])
    services.scan(notify_people=False)
    alert = Alert.objects.filter(case=case, level="red").order_by("id").first()

    login(inspector)
    page.goto(f"/oversight/alerts/{alert.pk}/")
    act(page, "register-accountability")
    expect(page.get_by_label("问责事项")).to_have_value(alert.message)
    page.get_by_label("被问责人").select_option(str(clerk.pk))
    page.get_by_label("工作不勤勉，致使事项超过期限办结").check()
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_test_id("accountability-status")).to_have_text("初步核实")
    acase = AccountabilityCase.objects.get()
    assert acase.alert_id == alert.pk

    act(page, "action-open")
    page.get_by_label("初步核实情况").fill("经调阅办件记录，受理审查环节超期15个工作日，情况属实。")
    page.get_by_label("决定启动的主要负责人").select_option(str(leader.pk))
    page.get_by_role("button", name="启动问责").click()
    expect(page.get_by_test_id("accountability-status")).to_have_text("调查")
    expect(page.locator('[data-key="investigation"]')).to_have_attribute("data-state", "running")

    act(page, "action-members")
    page.get_by_label("调查组成员").select_option(str(legal_reviewer.pk))
    page.get_by_label("组长").check()
    page.get_by_role("button", name="确定调查组成员").click()
    expect(page.get_by_test_id("members")).to_contain_text(legal_reviewer.full_name)

    page.goto(f"/accountability/{acase.pk}/propose/")
    page.locator("#id_tier").select_option("serious")
    page.get_by_label("通报批评（").check()
    page.get_by_role("button", name="拟定问责意见").click()
    page.wait_for_url(f"**/accountability/{acase.pk}/")

    page.goto(f"/accountability/{acase.pk}/statement/")
    page.get_by_label("陈述").fill("申请材料不齐，等待补正期间未及时告知。")
    page.get_by_label("申辩意见").fill("请求从轻处理。")
    page.get_by_role("button", name="听取陈述申辩").click()
    expect(page.get_by_test_id("statement")).to_contain_text("通报批评")

    page.goto(f"/accountability/{acase.pk}/report/")
    page.get_by_label("具体事实").fill("受理审查环节超过时限15个工作日。")
    page.get_by_label("基本结论").fill("情况属实，属工作不勤勉致超期（ACC-102（4））。")
    page.get_by_label("问责建议").fill("通报批评。")
    page.get_by_role("button", name="提交调查报告").click()
    expect(page.get_by_test_id("accountability-status")).to_have_text("待决定")

    act(page, "action-decide")
    page.locator("#id_tier").select_option("serious")
    page.get_by_label("停职检查（").check()
    page.get_by_label("决定机关").fill("局党组")
    page.get_by_label("决定内容").fill("给予停职检查。")
    page.get_by_role("button", name="作出问责决定").click()
    expect(page.locator("body")).to_contain_text("申辩后不得加重")
    expect(page.locator("body")).to_contain_text("ACC-8")
    page.get_by_label("停职检查（").uncheck()
    page.get_by_label("通报批评（").check()
    page.get_by_label("决定内容").fill("给予通报批评。")
    page.get_by_role("button", name="作出问责决定").click()
    expect(page.get_by_test_id("accountability-status")).to_have_text("待送达")
    expect(page.get_by_test_id("sanction")).to_have_text("通报批评")
    expect(page.locator('[data-key="service"]')).to_have_attribute("data-state", "running")
    page.screenshot(path="/tmp/accountability-case.png", full_page=True)

    page.goto("/accountability/")
    expect(page.get_by_test_id("accountability-row")).to_contain_text("送达问责决定")
    page.screenshot(path="/tmp/accountability-list.png", full_page=True)

    records.scan(clocks.service_due(AccountabilityCase.objects.get()) + dt.timedelta(seconds=1))
    page.goto("/oversight/")
    row = page.locator('[data-testid="record-alert-row"][data-level="red"]')
    expect(row).to_contain_text(acase.number)
    expect(row).to_contain_text("送达问责决定")
    page.screenshot(path="/tmp/record-alerts.png", full_page=True)
