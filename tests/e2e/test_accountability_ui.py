"""An accountability case in the browser from alert to appeal (问责, issue #9 §1, §7): the discipline
inspector opens it from a red alert's page (立案问责), records the preliminary verification and the
principal leader's decision to open (ACC-6), forms the team, one member of which withdraws (回避,
ACC-12), proposes a sanction, hears the person (ACC-8), reports (ACC-9), is refused a heavier
decision after the defence (ACC-8, shown with its rule) and decides (ACC-10); serves the decision
stating the person's rights (ACC-10), records the appeal within its 15 working days (ACC-11) while
the decision still applies, sees the review's clock on the discipline office's alert list
(oversight.records) and answers the appeal (ACC-11, ACT-2). The clocks show on the case page and
the list at each stage."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import expect

from sunshine.accountability import clocks
from sunshine.accountability.models import AccountabilityCase
from sunshine.catalog.tests.factories import published
from sunshine.core import clock
from sunshine.org.tests.factories import account_with_role
from sunshine.oversight import records, services
from sunshine.oversight.models import Alert
from sunshine.oversight.tests.conftest import open_task, register

SHOTS = "/tmp/accountability-{}.png"


def act(page, testid: str):
    page.get_by_test_id(testid).click()


def clock_state(page, key: str):
    return expect(page.locator(f'[data-testid="clock-row"][data-key="{key}"]'))


def test_from_an_alert_to_the_appeal(page, login, clerk, legal_reviewer, inspector, leader, department, body):
    permit = published(clerk, department, legal_reviewer, inspector, leader)
    case = register(clerk, permit, received_at=clock.now() - dt.timedelta(days=30))
    task = open_task(case)
    task.assignee = clerk
    task.save(update_fields=["assignee"])
    services.scan(notify_people=False)
    alert = Alert.objects.filter(case=case, level="red").order_by("id").first()
    colleague = account_with_role("discipline_inspector", unit=body, username="insp2", full_name="周纪检")

    # 立案问责 from the alert's page, then 初步核实 and 启动 (ACC-5, ACC-6)
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
    clock_state(page, "investigation").to_have_attribute("data-state", "running")

    # 调查组: two members, one withdraws for a conflict of interest (ACC-12)
    for member, is_leader in ((legal_reviewer, True), (colleague, False)):
        act(page, "action-members")
        page.get_by_label("调查组成员").select_option(str(member.pk))
        if is_leader:
            page.get_by_label("组长").check()
        page.get_by_role("button", name="确定调查组成员").click()
        expect(page.get_by_test_id("members")).to_contain_text(member.full_name)
    act(page, "action-withdraw")
    page.get_by_label("回避成员").select_option(str(acase.members.get(user=colleague).pk))
    page.get_by_label("回避理由").fill("与被问责人系近亲属，申请回避。")
    page.get_by_role("button", name="成员回避").click()
    expect(page.get_by_test_id("members").locator("li", has_text=colleague.full_name)).to_contain_text(
        "已回避"
    )

    # 拟定问责意见, 陈述申辩 (ACC-8), 调查报告 (ACC-9)
    act(page, "action-propose")
    page.locator("#id_tier").select_option("serious")
    page.get_by_label("通报批评（").check()
    page.get_by_role("button", name="拟定问责意见").click()
    act(page, "action-statement")
    page.get_by_label("陈述").fill("申请材料不齐，等待补正期间未及时告知。")
    page.get_by_label("申辩意见").fill("请求从轻处理。")
    page.get_by_role("button", name="听取陈述申辩").click()
    expect(page.get_by_test_id("statement")).to_contain_text("通报批评")
    act(page, "action-report")
    page.get_by_label("具体事实").fill("受理审查环节超过时限15个工作日。")
    page.get_by_label("基本结论").fill("情况属实，属工作不勤勉致超期（ACC-102（4））。")
    page.get_by_label("问责建议").fill("通报批评。")
    page.get_by_role("button", name="提交调查报告").click()
    expect(page.get_by_test_id("accountability-status")).to_have_text("待决定")
    clock_state(page, "investigation").to_have_attribute("data-state", "done")

    # 决定 (ACC-10): heavier than the proposal heard is refused with its rule (ACC-8)
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
    clock_state(page, "service").to_have_attribute("data-state", "running")
    page.goto("/accountability/")
    expect(page.get_by_test_id("accountability-row")).to_contain_text("送达问责决定")
    page.screenshot(path=SHOTS.format("list"), full_page=True)

    # 送达 stating the rights (ACC-10): refused until they are confirmed stated
    page.goto(f"/accountability/{acase.pk}/")
    act(page, "action-serve")
    expect(page.get_by_test_id("org-form")).to_contain_text("15个工作日内向局党组提出申诉")
    page.screenshot(path=SHOTS.format("serve"), full_page=True)
    page.get_by_role("button", name="送达问责决定").click()
    expect(page.locator("body")).to_contain_text("问责决定书须告知被问责人享有的权利（ACC-10）")
    page.get_by_label("决定书已告知申诉等权利（ACC-10）").check()
    page.get_by_role("button", name="送达问责决定").click()
    expect(page.get_by_test_id("accountability-status")).to_have_text("已送达")
    expect(page.get_by_test_id("service")).to_contain_text("申诉期间不停止本决定的执行")
    acase.refresh_from_db()
    appeal_due = clock.local(clocks.appeal_due(acase)).strftime("%Y-%m-%d")
    expect(page.get_by_test_id("service")).to_contain_text(f"申诉期限至{appeal_due}")
    clock_state(page, "appeal").to_have_attribute("data-state", "running")

    # 申诉 within 15 working days of receipt (ACC-11); the decision still applies meanwhile
    act(page, "action-appeal")
    expect(page.get_by_test_id("org-form")).to_contain_text(f"申诉期限至{appeal_due}")
    page.get_by_label("申诉理由").fill("超期系申请人补正材料所致，请求撤销通报批评。")
    page.get_by_role("button", name="登记申诉").click()
    expect(page.get_by_test_id("accountability-status")).to_have_text("申诉复核中")
    expect(page.locator(".subtitle")).to_contain_text("申诉期间不停止执行（ACC-11）")
    expect(page.get_by_test_id("sanction")).to_have_text("通报批评")
    clock_state(page, "appeal").to_have_attribute("data-state", "done")
    clock_state(page, "review").to_have_attribute("data-state", "running")
    page.screenshot(path=SHOTS.format("appealed"), full_page=True)

    # The review's 30 working days, watched: scanned as at the day after, a red record alert
    records.scan(clocks.review_due(AccountabilityCase.objects.get()) + dt.timedelta(seconds=1))
    page.goto("/oversight/")
    row = page.locator('[data-testid="record-alert-row"][data-level="red"]')
    expect(row).to_contain_text(acase.number)
    expect(row).to_contain_text("申诉复核决定")
    page.screenshot(path=SHOTS.format("record-alerts"), full_page=True)
    row.get_by_role("link", name="查看记录").click()

    # 复核决定 (ACC-11): upheld, the case closes with the review's document
    act(page, "action-review")
    page.get_by_label("复核结论").select_option("upheld")
    page.get_by_label("复核决定").fill("经复核，原决定认定事实清楚，维持原决定。")
    page.get_by_role("button", name="作出复核决定").click()
    expect(page.get_by_test_id("accountability-status")).to_have_text("已办结")
    clock_state(page, "review").to_have_attribute("data-state", "done")
    expect(page.get_by_test_id("sanction")).to_have_text("通报批评")
    expect(page.get_by_test_id("print-review-pdf")).to_be_attached()
    expect(page.get_by_test_id("history")).to_contain_text("作出复核决定")
    page.screenshot(path=SHOTS.format("case"), full_page=True)
