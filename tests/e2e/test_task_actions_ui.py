"""Task actions on the case page in the browser (issue #6 §3, ADR 0006): the clerk sends a case
back to the review with a reason (退回, TASK-1) and transfers the reopened review to a colleague
(转办, TASK-2); the colleague delegates it for an opinion (委派, TASK-3), the delegate answers, the
colleague completes it, claims the next step and names a stand-in on the 代理设置 page (CASE-13);
the stand-in finds that step in their tasks and completes it, the action log shows "代理 李承办";
the case is copied to a reader of another department (抄送, TASK-5), who finds it under 抄送我的,
reads it without being able to handle it, and marks it read."""

from __future__ import annotations

import os

from playwright.sync_api import expect

from sunshine.cases import services
from sunshine.cases.choices import TaskStatus
from sunshine.catalog.tests.factories import published
from sunshine.org.tests.factories import DepartmentFactory, PersonFactory, account_with_role

SHOTS = os.environ.get("SUNSHINE_SHOTS")  # a directory: save screenshots there to look at them


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def switch(page, login, user):
    page.context.clear_cookies()
    login(user)


def card(page, step: str):
    found = page.get_by_test_id("open-step").filter(has_text=f"当前环节：{step}")
    expect(found).to_have_count(1)
    return found


def test_send_back_transfer_delegate_stand_in_and_copy(
    page, login, clerk, body, department, legal_reviewer, inspector, leader
):
    version = published(clerk, department, legal_reviewer, inspector, leader)
    other = DepartmentFactory(name="安监二股", code="BODY-1-D2", parent=body)
    PersonFactory(unit=department, user=clerk, name=clerk.full_name)
    li = account_with_role("clerk", unit=department, scope="department", username="li", full_name="李承办")
    PersonFactory(unit=department, user=li, name="李承办")
    wang = account_with_role(
        "clerk", unit=department, scope="department", username="wang", full_name="王协办"
    )
    PersonFactory(unit=department, user=wang, name="王协办")
    case = services.case_register(
        actor=clerk,
        version=version,
        subject="申请烟花爆竹经营（零售）许可证",
        applicant_kind="organisation",
        applicant_name="示范县红星烟花店",
        applicant_contact="13800000000",
        received=["申请书", "营业执照复印件"],
    )
    services.task_complete(actor=clerk, task=case.tasks.get(status=TaskStatus.OPEN), choice="受理")
    services.task_complete(actor=clerk, task=case.tasks.get(status=TaskStatus.OPEN), opinion="符合条件")

    # 退回: from the site check back to the review, with the reason.
    login(clerk)
    page.goto(f"/cases/{case.pk}/")
    card(page, "现场核查").get_by_test_id("send-back").click()
    expect(page.get_by_label("退回至")).to_contain_text("审查")
    page.get_by_role("button", name="退回").click()  # no reason: refused on the form
    expect(page.locator("#form-card")).to_contain_text("请填写退回理由")
    page.get_by_label("退回理由").fill("现场核查发现经营场所与申请不符，请重新审查")
    shot(page, "send_back_form")
    page.get_by_role("button", name="退回").click()
    expect(page.get_by_role("status")).to_contain_text("已退回至“审查”")
    review = card(page, "审查")
    expect(review.get_by_test_id("sent-back-reason")).to_contain_text("经营场所与申请不符")
    expect(page.get_by_test_id("history")).to_contain_text("已退回")
    expect(page.get_by_test_id("action-log")).to_contain_text("退回")

    # 转办: the reopened review to a colleague.
    review.get_by_test_id("transfer").click()
    page.get_by_label("转办给").select_option(label="李承办")
    page.get_by_label("转办理由").fill("本人出差")
    page.get_by_role("button", name="转办").click()
    expect(page.get_by_role("status")).to_contain_text("已转办给李承办")
    expect(card(page, "审查")).to_contain_text("李承办")

    # 委派: the colleague asks 王协办 for an opinion; the step waits; 王协办 answers.
    switch(page, login, li)
    page.goto(f"/cases/{case.pk}/")
    card(page, "审查").get_by_test_id("delegate").click()
    page.get_by_label("委派给").select_option(label="王协办")
    page.get_by_label("委派说明").fill("请核对经营场所")
    page.get_by_role("button", name="委派").click()
    expect(page.get_by_role("status")).to_contain_text("已委派给王协办")
    waiting = card(page, "审查")
    expect(waiting.get_by_test_id("delegation")).to_contain_text("王协办")
    expect(waiting.get_by_test_id("task-submit")).to_have_count(0)  # nobody completes it meanwhile
    expect(waiting.get_by_test_id("delegation-take-back")).to_be_visible()
    shot(page, "delegated_case")

    switch(page, login, wang)
    page.goto(f"/cases/{case.pk}/")
    card(page, "审查").get_by_test_id("delegation-reply").click()
    page.get_by_label("委派意见").fill("经营场所已核对无误")
    page.get_by_role("button", name="提交意见").click()
    expect(page.get_by_role("status")).to_contain_text("已答复委派")

    switch(page, login, li)
    page.goto(f"/cases/{case.pk}/")
    review = card(page, "审查")
    review.get_by_label("办理意见").fill("重新审查，符合条件")
    review.get_by_test_id("task-submit").click()
    expect(page.get_by_role("status")).to_contain_text("已办理“审查”")
    card(page, "现场核查").get_by_test_id("claim").click()
    expect(card(page, "现场核查")).to_contain_text("李承办")

    # 代理: 李承办 goes on leave and names 王协办; 王协办 does the site check for 李承办.
    page.goto("/cases/stand-ins/")
    page.locator("#id_stand_in").select_option(label="王协办")
    page.get_by_label("事由").fill("休年假")
    page.get_by_role("button", name="指定代理人").click()
    expect(page.get_by_role("status")).to_contain_text("已指定王协办为代理人")
    expect(page.get_by_test_id("stand-in-row")).to_contain_text("代理中")
    shot(page, "stand_ins")

    switch(page, login, wang)
    page.goto("/cases/")  # my tasks lists the step of the person stood in for
    page.get_by_test_id("task-row").filter(has_text="现场核查").get_by_role("link", name=case.number).click()
    site = card(page, "现场核查")
    expect(site.get_by_test_id("standing-for")).to_contain_text("李承办")
    site.get_by_label("办理意见").fill("现场核查合格")
    site.get_by_test_id("task-submit").click()
    expect(page.get_by_role("status")).to_contain_text("已办理“现场核查”")
    log = page.get_by_test_id("action-log")
    expect(log.get_by_test_id("on-behalf")).to_contain_text("代理 李承办")
    for kind in ("退回", "转办", "委派", "委派意见", "代理办理"):
        expect(log).to_contain_text(kind)
    shot(page, "case_action_log")

    # 抄送: the review's owner copies the case to a reader of another department, who reads it.
    reader = account_with_role("clerk", unit=other, scope="department", username="zhao", full_name="赵读者")
    PersonFactory(unit=other, user=reader, name="赵读者")
    card(page, "审核").get_by_test_id("copy").click()
    page.get_by_label("赵读者").check()
    page.get_by_label("抄送说明").fill("请知悉现场核查结果")
    page.get_by_role("button", name="抄送").click()
    expect(page.get_by_role("status")).to_contain_text("已抄送1人")
    switch(page, login, reader)
    page.goto("/cases/copies/")
    row = page.get_by_test_id("copy-row").filter(has_text=case.number)
    expect(row).to_contain_text("未读")
    shot(page, "copies")
    row.get_by_role("link", name=case.number).click()
    expect(page.get_by_test_id("my-copy")).to_contain_text("仅供查阅")
    expect(page.get_by_test_id("task-submit")).to_have_count(0)
    page.get_by_test_id("copy-mark-read").click()
    expect(page.get_by_test_id("copy-read")).to_contain_text("已读")
    page.goto("/cases/copies/")
    expect(page.get_by_test_id("copy-row").filter(has_text=case.number)).to_contain_text("已读")
