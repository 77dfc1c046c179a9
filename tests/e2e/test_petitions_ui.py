"""An anonymous report in the browser (issue #8 §6): filed on the portal with its captcha, the
receipt code and secret shown once; assigned by the office and answered by the clerk; followed up
on the portal with code and secret, information added and the answer rated; the handler sees the
addition (PTN-3, PET-1, PET-3)."""

from __future__ import annotations

from playwright.sync_api import expect

from sunshine.org.tests.factories import account_with_role

DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def solve(page) -> str:
    """Answer the captcha as a person would: read the sum written in words."""
    question = page.get_by_test_id("captcha-question").inner_text()
    sum_text = question.split("：", 1)[1].split("等于", 1)[0]
    left, right = sum_text.split("加")
    return str(DIGITS[left] + DIGITS[right])


def log_out(page):
    page.get_by_role("button", name="退出").click()
    expect(page.get_by_label("用户名")).to_be_visible()


def test_anonymous_report_filed_handled_and_followed(page, login, body, department, clerk):
    office = account_with_role("office_clerk", unit=body, username="office", full_name="周办公室")

    # The public files an anonymous report.
    page.goto("/public/petitions/")
    page.get_by_test_id("file-link").click()
    page.get_by_label("被反映单位").select_option(label=body.name)
    page.get_by_label("类别").select_option("report")
    page.get_by_label("匿名反映").check()
    page.get_by_label("标题").fill("执法人员收受购物卡")
    page.get_by_label("反映内容").fill("三月检查时，执法人员收受企业购物卡两张，时间地点见补充材料。")
    page.get_by_label("验证题").fill("0")  # a wrong answer first: the form comes back with a new question
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_test_id("error-captcha")).to_contain_text("验证题答案不正确")
    page.get_by_label("验证题").fill(solve(page))
    page.get_by_role("button", name="提交").click()
    code = page.get_by_test_id("receipt-code").inner_text().strip()
    secret = page.get_by_test_id("receipt-secret").inner_text().strip()
    assert code.startswith("XF")
    assert len(secret) >= 12
    page.screenshot(path="/tmp/petitions-receipt.png", full_page=True)

    # The office assigns it; the clerk answers it.
    login(office)
    page.goto("/petitions/")
    page.get_by_role("link", name=code).click()
    expect(page.get_by_test_id("reporter")).to_contain_text("匿名")
    page.get_by_test_id("form-assign").get_by_label("承办人").select_option(label=clerk.full_name)
    page.get_by_test_id("form-assign").get_by_role("button", name="交办").click()
    expect(page.get_by_test_id("petition-status")).to_have_text("办理中")
    log_out(page)
    login(clerk)
    page.goto("/petitions/?mine=on")
    page.get_by_role("link", name=code).click()
    page.get_by_test_id("form-answer").get_by_label("答复内容").fill(
        "经核查，反映属实，已对相关人员立案调查。"
    )
    page.get_by_test_id("form-answer").get_by_role("button", name="答复").click()
    expect(page.get_by_test_id("petition-status")).to_have_text("已答复")
    log_out(page)

    # The reporter follows it up with code and secret, adds information and rates the answer.
    page.goto("/public/petitions/follow/")
    page.get_by_label("受理编号").fill(code)
    page.get_by_label("查询密码").fill(secret + "x")
    page.get_by_label("验证题").fill(solve(page))
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_test_id("error-code")).to_contain_text("受理编号或查询密码不正确")
    page.get_by_label("受理编号").fill(code)
    page.get_by_label("查询密码").fill(secret)
    page.get_by_label("验证题").fill(solve(page))
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_test_id("petition-status")).to_have_text("已答复")
    expect(page.get_by_test_id("event-answered")).to_contain_text("已对相关人员立案调查")
    page.get_by_test_id("supplement-form").get_by_label("补充内容").fill(
        "补充：时间为三月五日上午，地点在企业办公室。"
    )
    page.get_by_role("button", name="提交补充材料").click()
    expect(page.get_by_test_id("event-supplement")).to_contain_text("三月五日上午")
    page.get_by_label("满意", exact=True).check()
    page.get_by_role("button", name="提交评价").click()
    expect(page.get_by_test_id("event-rated")).to_contain_text("满意")
    page.screenshot(path="/tmp/petitions-follow.png", full_page=True)

    # The handler sees what the reporter added.
    login(clerk)
    page.goto("/petitions/")
    page.get_by_role("link", name=code).click()
    expect(page.get_by_test_id("event-supplement")).to_contain_text("三月五日上午")
    page.screenshot(path="/tmp/petitions-staff.png", full_page=True)
