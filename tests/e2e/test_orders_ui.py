"""Supervision orders in the browser (督办, CASE-17/21): the discipline inspector issues an order from a
red alert, the responsible clerk replies in writing from "我的督办", the inspector sends it back once,
then accepts and closes it; the register, the filters and the printed order."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

from playwright.sync_api import expect

from sunshine.catalog.tests.factories import published
from sunshine.core import clock
from sunshine.oversight import services
from sunshine.oversight.models import Alert, SupervisionOrder
from sunshine.oversight.tests.conftest import open_task, register


def log_out(page):
    page.get_by_role("button", name="退出").click()
    expect(page.get_by_label("用户名")).to_be_visible()


def reply(page, reason: str):
    page.get_by_label("延误原因").fill(reason)
    page.get_by_label("办理进展").fill("已完成现场核查，正在起草初审意见。")
    day = (clock.local(clock.now()) + dt.timedelta(days=14)).date().isoformat()
    page.get_by_label("新的办结期限").fill(day)
    page.get_by_role("button", name="提交答复").click()
    expect(page.get_by_test_id("order-status")).to_have_text("已答复")


def test_issue_from_alert_reply_verify_close_and_print(
    page, login, clerk, legal_reviewer, inspector, leader, department
):
    permit = published(clerk, department, legal_reviewer, inspector, leader)
    case = register(clerk, permit, received_at=clock.now() - dt.timedelta(days=30))
    task = open_task(case)
    task.assignee = clerk
    task.save(update_fields=["assignee"])
    services.scan(notify_people=False)
    alert = Alert.objects.get(case=case, task=task, level="red")

    # The inspector issues the order from the red alert's page: the form comes prefilled.
    login(inspector)
    page.goto(f"/oversight/alerts/{alert.pk}/")
    page.get_by_test_id("issue-from-alert").click()
    expect(page.get_by_test_id("order-source")).to_contain_text(case.number)
    expect(page.get_by_label("督办事项")).to_have_value(alert.message)
    expect(page.get_by_label("责任人")).to_have_value(str(clerk.pk))
    page.get_by_label("答复时限（工作日）").fill("3")
    page.screenshot(path="/tmp/orders-issue.png", full_page=True)
    page.get_by_role("button", name="发出督办").click()
    expect(page.get_by_test_id("order-status")).to_have_text("已督办")
    order = SupervisionOrder.objects.get()
    expect(page.get_by_test_id("order-title")).to_contain_text(order.number)
    page.goto(f"/oversight/alerts/{alert.pk}/")
    expect(page.get_by_test_id("alert-order")).to_contain_text(order.number)
    log_out(page)

    # The clerk finds it under 我的督办 and replies in writing (CASE-17).
    login(clerk)
    page.goto("/oversight/orders/mine/")
    page.screenshot(path="/tmp/orders-mine.png", full_page=True)
    page.get_by_test_id("order-link").filter(has_text=order.number).click()
    page.get_by_test_id("reply-order").click()
    page.get_by_role("button", name="提交答复").click()  # empty: refused on the form
    expect(page.get_by_test_id("error-reason")).to_be_visible()
    reply(page, "申请人补正材料后需现场核查。")
    log_out(page)

    # The inspector sends the reply back once, with the reason.
    login(inspector)
    page.goto(f"/oversight/orders/{order.pk}/")
    page.get_by_test_id("verify-order").click()
    page.screenshot(path="/tmp/orders-verify.png", full_page=True)
    page.get_by_label("不通过，退回责任人").check()
    page.get_by_label("核实意见").fill("进展不具体，请写明核查结论。")
    page.get_by_role("button", name="提交核实意见").click()
    expect(page.get_by_test_id("order-status")).to_have_text("已督办")
    expect(page.get_by_test_id("verdict")).to_have_text("不通过")
    log_out(page)

    login(clerk)
    page.goto(f"/oversight/orders/{order.pk}/")
    page.get_by_test_id("reply-order").click()
    reply(page, "现场核查发现尾矿库资料缺失，已通知补正。")
    log_out(page)

    # Accepted, then closed; the register lists it; the order prints with its replies.
    login(inspector)
    page.goto(f"/oversight/orders/{order.pk}/")
    page.get_by_test_id("verify-order").click()
    page.get_by_label("通过", exact=True).check()
    page.get_by_label("核实意见").fill("情况属实。")
    page.get_by_role("button", name="提交核实意见").click()
    expect(page.get_by_test_id("order-status")).to_have_text("已核实")
    page.get_by_test_id("close-order").click()
    page.get_by_label("办结意见").fill("已按承诺期限办结。")
    page.get_by_role("button", name="办结").click()
    expect(page.get_by_test_id("order-status")).to_have_text("已办结")
    expect(page.get_by_test_id("reply")).to_have_count(2)
    expect(page.get_by_test_id("history-row")).to_have_count(6)
    page.screenshot(path="/tmp/orders-detail.png", full_page=True)

    page.goto("/oversight/orders/")
    expect(page.get_by_test_id("order-row")).to_have_count(1)
    page.get_by_label("状态").select_option("issued")
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_test_id("order-row")).to_have_count(0)
    page.goto("/oversight/orders/")
    page.screenshot(path="/tmp/orders-register.png", full_page=True)

    page.goto(f"/oversight/orders/{order.pk}/")
    with page.expect_download() as download:
        page.get_by_test_id("print-docx").click()
    assert download.value.suggested_filename.endswith(".docx")
    response = page.request.get(f"/oversight/orders/{order.pk}/print.pdf")
    assert response.headers["content-type"] == "application/pdf"
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=response.body(), capture_output=True, check=True
        ).stdout.decode()
        assert "尾矿库资料缺失" in "".join(text.split())


def test_issue_an_order_from_the_case_page(page, login, clerk, legal_reviewer, inspector, leader, department):
    """下达督办单 on the case page: the discipline inspector issues an order from a late case, the
    form prefilled with the case, its responsible person (the step's assignee) and the default
    reply period; the order is then linked from the case page. The clerk sees no button."""
    permit = published(clerk, department, legal_reviewer, inspector, leader)
    case = register(clerk, permit, received_at=clock.now() - dt.timedelta(days=30))
    task = open_task(case)
    task.assignee = clerk
    task.save(update_fields=["assignee"])

    login(clerk)
    page.goto(f"/cases/{case.pk}/")
    expect(page.get_by_test_id("case-number")).to_have_text(case.number)
    expect(page.get_by_test_id("issue-order")).to_have_count(0)
    log_out(page)

    login(inspector)
    page.goto(f"/cases/{case.pk}/")
    page.screenshot(path="/tmp/case-issue-order-button.png", full_page=False)
    page.get_by_role("link", name="下达督办单").click()
    expect(page.get_by_test_id("order-source")).to_contain_text(case.number)
    expect(page.get_by_label("督办事项")).to_have_value(re.compile(re.escape(case.number)))
    expect(page.get_by_label("责任人")).to_have_value(str(clerk.pk))
    expect(page.get_by_label("责任科室")).to_be_disabled()
    expect(page.get_by_label("答复时限（工作日）")).to_have_value("5")
    expect(page.get_by_test_id("default-due")).to_contain_text("5个工作日")
    page.screenshot(path="/tmp/case-issue-order-form.png", full_page=True)
    page.get_by_role("button", name="发出督办").click()
    expect(page.get_by_test_id("order-status")).to_have_text("已督办")
    order = SupervisionOrder.objects.get()
    assert (order.case_id, order.source, order.responsible_id) == (case.pk, "case", clerk.pk)
    page.goto(f"/cases/{case.pk}/")
    expect(page.get_by_test_id("case-order")).to_contain_text(order.number)
    page.get_by_test_id("case-order").click()
    expect(page.get_by_test_id("order-title")).to_contain_text(order.number)
