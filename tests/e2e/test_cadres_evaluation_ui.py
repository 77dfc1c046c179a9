"""An evaluation in the browser (述职述廉与民主测评, issue #9 §3, §7): the office sets up the round
(a cadre and the report, the attendance list with categories, the 民主评议 finding), opens the
vote; attendees vote from their own log-in; the office counts and the follow-up (SUP-11) and the
admonition talk (SUP-253) appear on the result."""

from __future__ import annotations

from playwright.sync_api import expect

from sunshine.cadres.evaluation.choices import OutcomeKind
from sunshine.cadres.evaluation.models import BallotCast, EvaluationOutcome, EvaluationRound
from sunshine.org.choices import DataScope
from sunshine.org.tests.factories import account_with_role


def test_an_evaluation_that_triggers_a_follow_up(page, login, body, department, leader, inspector, clerk):
    office = account_with_role("office_clerk", unit=body, username="office", full_name="郑办公室")
    deputy = account_with_role("deputy_leader", unit=body, username="deputy", full_name="孙副局长")
    staff = account_with_role(
        "clerk", unit=department, scope=DataScope.OWN_DEPARTMENT, username="staff", full_name="钱职工"
    )

    page.set_default_timeout(30_000)  # a long journey on a loaded machine
    login(office)
    page.goto("/cadres/evaluation/")
    page.get_by_test_id("evaluation-create").click()
    page.get_by_label("年度").fill("2025")
    page.get_by_label("会议日期").fill("2026-01-15")
    page.get_by_role("button", name="建立").click()
    expect(page.get_by_test_id("evaluation-status")).to_have_text("准备中")
    evaluation = EvaluationRound.objects.get()

    page.get_by_test_id("add-cadre").click()
    page.get_by_label("被测评干部").select_option(str(deputy.pk))
    page.get_by_label("职务").fill("副局长")
    page.get_by_role("button", name="增加").click()
    page.get_by_test_id("file-report").click()
    page.get_by_label("述职述廉报告").fill("一年来履行职责、执行党风廉政建设责任制和廉洁自律情况……")
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_test_id("cadre-row")).to_contain_text("已提交")

    for user, category in ((leader, "leader"), (inspector, "unit_head"), (clerk, "leader")):
        page.goto(f"/cadres/evaluation/{evaluation.pk}/participants/")
        page.get_by_label("类别").select_option(category)
        page.get_by_label("账号").select_option(str(user.pk))
        page.get_by_role("button", name="登记", exact=True).click()
    page.goto(f"/cadres/evaluation/{evaluation.pk}/open/")
    page.get_by_role("button", name="开始测评").click()
    expect(page.get_by_test_id("form-error")).to_contain_text("SUP-250")  # no outside participant yet

    page.goto(f"/cadres/evaluation/{evaluation.pk}/participants/")
    page.get_by_label("类别").select_option("staff")
    page.get_by_label("账号").select_option(str(staff.pk))
    page.get_by_role("button", name="登记", exact=True).click()
    expect(page.get_by_test_id("composition")).to_contain_text("25.0%")
    page.get_by_test_id("record-complaints").click()
    page.get_by_label("民主评议反映问题突出、意见比较集中").check()
    page.get_by_label("民主评议情况").fill("群众反映其分管领域办事拖拉，意见比较集中。")
    page.get_by_role("button", name="保存").click()
    page.get_by_test_id("open-vote").click()
    page.get_by_role("button", name="开始测评").click()
    expect(page.get_by_test_id("evaluation-status")).to_have_text("测评中")

    for voter, grade in ((leader, "不称职"), (staff, "不称职"), (inspector, "称职")):
        page.context.clear_cookies()
        login(voter)
        page.goto("/cadres/evaluation/")
        page.get_by_test_id("vote-link").click()
        page.get_by_label(grade, exact=True).check()
        page.get_by_role("button", name="投票").click()
        expect(page.get_by_test_id("voted")).to_be_visible()
    assert BallotCast.objects.filter(round=evaluation).count() == 3

    page.context.clear_cookies()
    login(office)
    page.goto(f"/cadres/evaluation/{evaluation.pk}/")
    expect(page.get_by_test_id("ballot-count")).to_contain_text("已收回测评票3张")
    page.get_by_test_id("count").click()
    page.get_by_role("button", name="计票").click()
    expect(page.get_by_test_id("evaluation-status")).to_have_text("已计票")
    expect(page.locator('[data-testid="outcome"][data-kind="follow_up"]')).to_contain_text("SUP-11")
    expect(page.locator('[data-testid="outcome"][data-kind="admonition_talk"]')).to_contain_text("SUP-253")
    expect(page.get_by_test_id("pass-rate")).to_contain_text("33.33%")
    assert EvaluationOutcome.objects.filter(kind=OutcomeKind.FOLLOW_UP, cadre=deputy).exists()

    # The admonition talk the count opened (SUP-253), followed from the result by the discipline office.
    page.context.clear_cookies()
    login(inspector)
    page.goto(f"/cadres/evaluation/{evaluation.pk}/")
    page.locator('[data-testid="outcome"][data-kind="admonition_talk"]').get_by_test_id(
        "outcome-talk"
    ).click()
    expect(page.get_by_test_id("talk-status")).to_contain_text("待审批")
    expect(page.get_by_test_id("talk-source")).to_contain_text("SUP-253")
    page.get_by_test_id("talk-source-link").click()
    expect(page.get_by_test_id("evaluation-status")).to_have_text("已计票")
