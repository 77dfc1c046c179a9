"""An inquiry letter answered late, in the browser (函询, issue #9 §4, §7): the discipline inspector
fills in the approval form, the notice cannot go before approval (SUP-244), the principal leader
approves, the notice is issued with the body's reply limit (SUP-247); a month passes; the cadre finds
the letter overdue among his own, replies point by point, and the reply is shown as late to him and
to the discipline office."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import expect

from sunshine.cadres.talks import services
from sunshine.cadres.talks.models import Talk
from sunshine.core import clock
from sunshine.org.tests.factories import account_with_role


def log_out(page):
    page.get_by_role("button", name="退出").click()
    expect(page.get_by_label("用户名")).to_be_visible()


def test_inquiry_letter_answered_late(page, login, inspector, leader, department):
    cadre = account_with_role("clerk", unit=department, username="cadre", full_name="周科长")
    page.set_default_timeout(30_000)  # seven suites share two cores while this runs

    login(inspector)
    page.goto("/cadres/talks/new/")
    page.locator("#id_kind").select_option("inquiry")
    page.get_by_label("谈话（函询）对象").select_option(str(cadre.pk))
    page.get_by_label("事由").fill("群众来信反映审批中接受宴请。")
    page.get_by_label("函询问题").fill("是否在审批中接受申请人宴请\n配偶是否在管理服务对象企业任职")
    page.get_by_role("button", name="提交审批").click()
    expect(page.get_by_test_id("talk-status")).to_have_text("待审批")
    talk = Talk.objects.get()
    page.goto(f"/cadres/talks/{talk.pk}/notify/")
    page.get_by_role("button", name="发出通知书").click()
    expect(page.locator("body")).to_contain_text("未经审批不得发出通知书")
    expect(page.locator("body")).to_contain_text("SUP-244")

    log_out(page)
    login(leader)
    page.goto("/cadres/talks/approvals/")
    page.get_by_test_id("pending-row").get_by_role("link").click()
    page.get_by_test_id("action-approve").click()
    page.get_by_role("button", name="审批同意").click()
    expect(page.get_by_test_id("approval")).to_contain_text(leader.full_name)
    expect(page.get_by_test_id("confidential")).to_be_visible()

    log_out(page)
    login(inspector)
    page.goto(f"/cadres/talks/{talk.pk}/")
    page.get_by_test_id("action-notify").click()
    page.get_by_role("button", name="发出通知书").click()
    expect(page.get_by_test_id("talk-status")).to_have_text("已通知")
    expect(page.get_by_test_id("reply-due")).to_contain_text("15个工作日")

    # A month passes without a reply: the notice was received forty days ago.
    talk.refresh_from_db()
    talk.notice_received_at = talk.approved_at = talk.notice_issued_at = clock.now() - dt.timedelta(days=40)
    talk.reply_due_at = services.reply_due(talk)
    talk.save(update_fields=["notice_received_at", "approved_at", "notice_issued_at", "reply_due_at"])

    log_out(page)
    login(cadre)
    page.goto("/cadres/talks/mine/")
    expect(page.get_by_test_id("letter-row")).to_contain_text("逾期未回复")
    page.get_by_test_id("letter-row").get_by_role("link").click()
    expect(page.get_by_test_id("overdue")).to_be_visible()
    page.get_by_test_id("action-reply").click()
    page.get_by_label("问题1：是否在审批中接受申请人宴请").fill("未接受宴请，工作餐按规定缴费。")
    page.get_by_role("button", name="书面回复").click()
    expect(page.locator("body")).to_contain_text("请对函询的2个问题逐条作出说明")
    page.get_by_label("问题2：配偶是否在管理服务对象企业任职").fill(
        "配偶在该企业任会计，已报告个人有关事项。"
    )
    page.get_by_role("button", name="书面回复").click()
    expect(page.get_by_test_id("talk-status")).to_have_text("已回复")
    expect(page.get_by_test_id("reply-late")).to_be_visible()
    expect(page.get_by_test_id("answers")).to_contain_text("工作餐按规定缴费")

    log_out(page)
    login(inspector)
    page.goto("/cadres/talks/")
    expect(page.get_by_test_id("talk-row")).to_contain_text("逾期回复")
    page.screenshot(path="/tmp/talks-list.png", full_page=True)
    page.goto(f"/cadres/talks/{talk.pk}/")
    page.screenshot(path="/tmp/talks-detail.png", full_page=True)
    assert Talk.objects.get(pk=talk.pk).reply_late
