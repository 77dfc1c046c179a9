"""A collective-decision meeting in the browser (三重一大, DEC-54/DEC-64, DEC-208, DEC-222, DEC-225):
the recorder opens a notified meeting, takes attendance (one member away with a written opinion),
enters the opinions in turn — the principal leader's early attempt is refused with its rule —,
the show of hands and the outcome, closes the meeting and drafts the numbered minutes, which the
chair and the recorder sign; after a task, the office records the evaluation's decision "continue"."""

from __future__ import annotations

from playwright.sync_api import expect

from sunshine.core.models import User
from sunshine.decisions import services
from sunshine.decisions.models import Minutes
from sunshine.decisions.tests.conftest import (  # noqa: F401  (fixtures)
    fresh_calendar_cache,
    frozen,
    meeting,
    world,
)
from sunshine.decisions.tests.test_meetings import quick_ready


def log_out(page):
    page.get_by_role("button", name="退出").click()
    expect(page.get_by_label("用户名")).to_be_visible()


def test_a_meeting_from_attendance_to_signed_minutes(page, login, world):  # noqa: F811
    topic = quick_ready(world)
    m = meeting(world)
    services.agenda_add(actor=world.office, meeting=m, topic=topic)
    services.meeting_notify(actor=world.office, meeting=m)

    login(world.office)
    page.goto(f"/decisions/meetings/{m.pk}/")
    expect(page.get_by_test_id("meeting-status")).to_have_text("已通知")
    page.get_by_test_id("open").click()
    expect(page.get_by_test_id("meeting-status")).to_have_text("进行中")

    for row in page.get_by_test_id("participant").all():
        name = row.get_attribute("data-name")
        form = row.get_by_test_id("attendance-form")
        if name == "副局长4":
            form.get_by_label("出席情况").select_option(label="缺席")
            form.get_by_placeholder("缺席原因").fill("出差")
            form.get_by_placeholder("书面意见").fill("同意")
        else:
            form.get_by_label("出席情况").select_option(label="出席")
        form.get_by_role("button", name="登记").click()
        expect(page.get_by_test_id("meeting-status")).to_be_visible()
    expect(page.get_by_test_id("quorum")).to_contain_text("到会表决成员 4 / 应到 5")

    opinion = page.get_by_test_id("opinion-form")
    opinion.get_by_label("成员").select_option(label="李局长（主要负责人）")
    opinion.get_by_label("理由").fill("同意")
    opinion.get_by_role("button", name="记录发言").click()
    expect(page.get_by_test_id("refusal")).to_contain_text("主要负责人须末位表态")
    expect(page.get_by_test_id("rule-basis")).to_contain_text("DEC-64")

    for name in ["副局长1", "副局长2", "副局长3", "李局长（主要负责人）"]:
        opinion = page.get_by_test_id("opinion-form")
        opinion.get_by_label("成员").select_option(label=name)
        opinion.get_by_label("理由").fill("方案可行")
        opinion.get_by_role("button", name="记录发言").click()
    expect(page.get_by_test_id("opinions").locator("li")).to_have_count(4)
    expect(page.get_by_test_id("opinions").locator("li").last).to_contain_text("李局长")

    vote = page.get_by_test_id("vote-form")
    vote.locator("select").select_option(label="举手表决")
    vote.get_by_role("button", name="开始表决").click()
    for name in ["李局长", "副局长1", "副局长2", "副局长3"]:
        ballot = page.get_by_test_id("ballot-form")
        ballot.get_by_label("成员").select_option(label=name)
        ballot.get_by_role("button", name="登记表决").click()
    page.get_by_test_id("count").click()
    expect(page.get_by_test_id("vote")).to_contain_text("赞成 4，反对 0，弃权 0（应到会成员 5）")
    expect(page.get_by_test_id("vote")).to_contain_text("赞成票超过应到会成员半数")

    outcome = page.get_by_test_id("outcome-form")
    outcome.locator("select").select_option(label="通过")
    outcome.get_by_role("button", name="记录结果").click()
    expect(page.get_by_test_id("outcome")).to_have_text("通过")
    page.get_by_test_id("close").click()
    expect(page.get_by_test_id("meeting-status")).to_have_text("已结束")
    page.screenshot(path="/tmp/decisions-meeting.png", full_page=True)

    page.get_by_test_id("minutes-form").get_by_role("button", name="生成纪要").click()
    expect(page.get_by_test_id("minutes-link")).to_contain_text("纪〔2026〕1号")
    page.get_by_test_id("minutes-link").click()
    expect(page.get_by_test_id("minutes")).to_contain_text("副局长4（出差），书面意见：同意")
    page.get_by_test_id("sign").click()
    expect(page.get_by_test_id("minutes-status")).to_have_text("待签发")
    log_out(page)

    login(world.principal)
    minutes = Minutes.objects.get()
    page.goto(f"/decisions/minutes/{minutes.pk}/")
    page.get_by_test_id("sign").click()
    expect(page.get_by_test_id("minutes-status")).to_have_text("已签发")
    page.screenshot(path="/tmp/decisions-minutes.png", full_page=True)
    page.goto(f"/decisions/topics/{topic.pk}/")
    expect(page.get_by_test_id("topic-status")).to_have_text("通过")
    page.screenshot(path="/tmp/decisions-topic.png", full_page=True)

    # After the decision: a task carried out, the evaluation planned and reported; the office
    # records the collective's decision "continue" on the topic page (EXE-13..EXE-19).
    item = minutes.meeting.items.get()
    clerk = User.objects.get(username="section")
    services.implementation_task_assign(
        actor=world.in_charge,
        item=item,
        department=world.department,
        responsible=clerk,
        requirement="年底前印发",
    )
    evaluation = services.evaluation_plan(
        actor=world.office,
        item=item,
        evaluator="督查组",
        plan="目的、标准、方法和经费",
        methods=["documents"],
    )
    services.evaluation_report(
        actor=world.office, evaluation=evaluation, report="总体良好", recommendation="continue"
    )
    log_out(page)
    login(world.office)
    page.goto(f"/decisions/topics/{topic.pk}/")
    conclude = page.get_by_test_id("evaluation-conclude-form")
    conclude.get_by_label("评估决定").select_option(label="继续执行")
    conclude.get_by_label("决定依据").fill("党组会议研究决定继续执行")
    conclude.get_by_role("button", name="登记评估决定").click()
    expect(page.get_by_test_id("implementation-state")).to_have_text("继续执行")
    page.screenshot(path="/tmp/decisions-evaluation.png", full_page=True)
