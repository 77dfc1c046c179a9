"""Routine disclosure and information requests in the browser (issue #8 §4, §5, §9): a person reads a
body's disclosure plan and what it published, files an information request on the portal with the
captcha and gets a receipt code and secret; the office assigns it, the clerk answers it; the person
follows it with code and secret and reads the answer. The new public pages pass axe-core's WCAG 2.1
A/AA rules with no serious or critical violation, at phone and desktop width (PUB-208, SUP-124)."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import expect

from sunshine.core import clock
from sunshine.disclosure import services
from sunshine.org.tests.factories import account_with_role
from tests.e2e.test_petitions_ui import log_out, solve
from tests.e2e.test_portal_ui import check_page


def test_a_person_requests_information_and_reads_the_answer(page, login, body, department, clerk):
    office = account_with_role("office_clerk", unit=body, username="office", full_name="周办公室")
    year = clock.today().year
    plan = services.plan_create(actor=office, body=body, year=year)
    item = services.plan_item_add(
        actor=office, plan=plan, title="财政预算执行情况", category="finance", frequency="quarterly",
        department=department, channel="门户网站",
    )  # fmt: skip
    first = services.periods_of("quarterly", year)[0]
    with clock.as_of(dt.datetime.combine(first.end, dt.time(10), tzinfo=clock.LOCAL_TZ)):
        services.publication_publish(
            actor=office,
            item=item,
            period=first.key,
            title="一季度财政预算执行情况",
            text="收入100万元，支出80万元。",
        )

    # The plan and what was published, on the body's public page.
    page.goto("/public/disclosure/", timeout=60_000)  # the live server's first page loads every app
    page.get_by_role("link", name=body.name).click()
    expect(page.get_by_test_id("plan-item")).to_contain_text("财政预算执行情况")
    expect(page.get_by_test_id("publication")).to_contain_text("一季度财政预算执行情况")
    check_page(page, "disclosure-body")
    page.screenshot(path="/tmp/disclosure-body.png", full_page=True)

    # A person files an information request.
    page.get_by_role("navigation", name="公开栏目").get_by_role("link", name="依申请公开").click()
    check_page(page, "request-form")
    page.get_by_label("受理机关").select_option(label=body.name)
    page.get_by_label("申请人姓名或名称").fill("王小明")
    page.get_by_label("联系电话").fill("13900000000")
    page.get_by_label("所需信息的内容描述").fill("2025年度本局行政处罚案件的数量和罚没款总额")
    page.get_by_label("获取信息的方式").select_option("online")
    page.get_by_label("验证题").fill(solve(page))
    page.get_by_role("button", name="提交申请").click()
    code = page.get_by_test_id("receipt-code").inner_text().strip()
    secret = page.get_by_test_id("receipt-secret").inner_text().strip()
    assert code.startswith("GK")
    check_page(page, "request-receipt")

    # Before the answer: the request is being handled.
    page.goto("/public/requests/follow/")
    check_page(page, "request-follow")
    page.get_by_label("受理编号").fill(code)
    page.get_by_label("查询密码").fill(secret)
    page.get_by_label("验证题").fill(solve(page))
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_test_id("request-pending")).to_be_visible()
    page.get_by_role("button", name="退出查询").click()

    # The office assigns it; the clerk reads the applicant's contact (audited) and answers.
    login(office)
    page.goto("/disclosure/requests/")
    page.get_by_role("link", name=code).click()
    expect(page.get_by_test_id("applicant")).to_contain_text("仅承办人可查看")
    page.get_by_test_id("form-assign").get_by_label("承办人").select_option(label=clerk.full_name)
    page.get_by_test_id("form-assign").get_by_role("button", name="交办").click()
    expect(page.get_by_test_id("request-status")).to_have_text("办理中")
    log_out(page)
    login(clerk)
    page.goto("/disclosure/requests/?mine=on")
    page.get_by_role("link", name=code).click()
    page.get_by_test_id("read-identity").click()
    expect(page.get_by_test_id("identity")).to_contain_text("13900000000")
    form = page.get_by_test_id("form-answer")
    form.get_by_label("答复类型").select_option("disclosed")
    form.get_by_label("答复内容").fill("2025年共办理行政处罚案件12件，罚没款3.6万元。")
    form.get_by_role("button", name="答复").click()
    expect(page.get_by_test_id("request-status")).to_have_text("已答复")
    page.screenshot(path="/tmp/disclosure-request-staff.png", full_page=True)
    log_out(page)

    # The person reads the answer with code and secret.
    page.goto("/public/requests/follow/")
    page.get_by_label("受理编号").fill(code)
    page.get_by_label("查询密码").fill(secret)
    page.get_by_label("验证题").fill(solve(page))
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_test_id("request-status")).to_have_text("已答复")
    expect(page.get_by_test_id("answer-kind")).to_have_text("予以公开")
    expect(page.get_by_test_id("answer-text")).to_contain_text("罚没款3.6万元")
    check_page(page, "request-answer")
    page.screenshot(path="/tmp/disclosure-request-answer.png", full_page=True)
