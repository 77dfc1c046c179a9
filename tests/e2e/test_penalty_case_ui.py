"""A penalty case end to end in the browser (issue #6 "Done when"), in the demo's work-safety bureau
with its demo accounts: the enforcement officer registers the clue and files the case (立案, within 7
working days: CASE-146), investigates with a second officer (CASE-147), the legal reviewer reviews
(CASE-151), the officer gives the notice of rights (CASE-148) with the right to a hearing for a fine
of 较大数额 (CASE-149), the party asks and the office's head chairs it (CASE-150), the director
decides with the circumstance tier and an amount inside its range (CASE-143, CASE-152) within the
case duration (30 days from filing: CASE-157), the officer serves the decision (CASE-153), publishes
the result (CASE-158), the fine is paid, the director closes (CASE-155) and the officer files the
dossier (CASE-156). Each log-in is the account holding the step's post. The short path: an amount
beyond the tier needs a written reason (CAT-128) and raises the ANO-1 alert the discipline office
finds on its dashboard.

Screenshots go to test-artifacts/penalty-*.png."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from sunshine.cases import penalty_steps, services
from sunshine.cases.choices import CaseStatus, TaskStatus
from sunshine.cases.models import Archive, Case, Decision, Delivery, Publication
from sunshine.cases.tests.bureau import (  # noqa: F401 (fixture)
    DIRECTOR,
    INSPECTOR,
    LEGAL,
    MAJOR,
    OFFICER,
    PASSWORD,
    STEPS,
    account,
    beyond,
    bureau,
    inside,
    middle_tier,
    thirty_days_on,
)
from sunshine.cases.tests.officers import officers
from sunshine.core import clock
from sunshine.oversight.models import Alert
from sunshine.workdays.services import add_working_days

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SLOW = 20_000  # ms: a decision runs the step, the signals and oversight's receivers; CI machines are shared


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"penalty-{name}.png"), full_page=True)


def log_in(page, login, username: str):
    """Log out whoever is in, then log in as the demo account ``username``."""
    if page.get_by_role("button", name="退出").count():
        page.get_by_role("button", name="退出").click()
        expect(page.get_by_label("用户名")).to_be_visible()
    login(account(username), PASSWORD)
    expect(page.get_by_test_id("whoami")).to_contain_text(account(username).full_name)


def open_from_my_tasks(page, case: Case, step: str) -> None:
    """The step waits in the account's "my tasks"; its link opens the case page."""
    page.goto("/cases/")
    row = page.get_by_test_id("task-row").filter(has_text=case.number)
    expect(row).to_contain_text(step)
    row.get_by_role("link", name=case.number).click()
    expect(page.get_by_test_id("case-number")).to_have_text(case.number)


def do_step(page, step: str, *, choice: str = "", opinion: str = "同意") -> None:
    card = page.get_by_test_id("open-step").filter(has_text=step)
    expect(card).to_have_count(1)
    if choice:
        card.get_by_label(choice, exact=True).check()
    card.get_by_label("办理意见").fill(opinion)
    card.get_by_test_id("task-submit").click()
    expect(page.get_by_role("status")).to_contain_text(f"已办理“{step}”", timeout=SLOW)


def stage(page, key: str):
    return page.get_by_test_id("penalty-clocks").locator(f'[data-stage="{key}"]')


def test_a_penalty_case_from_the_clue_to_the_archive(page, login, bureau):  # noqa: F811
    version = bureau
    tier = middle_tier(version)
    amount = inside(tier)

    # 立案: the officer registers the clue; the filing clock runs 7 working days from it (CASE-146).
    log_in(page, login, OFFICER)
    page.goto("/cases/all/")
    page.get_by_test_id("case-register").click()
    page.get_by_label("职权事项").select_option(label=f"{version.item.code} {version.name}")
    materials = page.get_by_test_id("field-received")
    expect(materials).to_contain_text("立案审批表")
    materials.get_by_label("立案审批表").check()
    page.get_by_label("违法事实（案由）").fill("未按规定对从业人员进行安全生产教育和培训")
    page.get_by_label("当事人", exact=True).fill("示范县鑫达建材有限公司")
    page.get_by_label("联系方式").fill("0738-8123456")
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_test_id("case-status")).to_have_text("已收件")
    case = Case.objects.get()
    assert case.first_contact == account(OFFICER)
    today = clock.today()
    filing_due = add_working_days(date=today, n=7)
    filing = stage(page, "filing")
    expect(filing).to_contain_text("CASE-146")
    expect(filing).to_contain_text("7 工作日")
    expect(filing).to_contain_text(filing_due.isoformat())
    expect(filing).to_have_attribute("data-late", "0")
    expect(stage(page, "duration")).to_contain_text("未开始")
    expect(page.get_by_test_id("print-acceptance")).to_have_count(0)  # filed, not accepted: no 受理通知书
    shot(page, "registered")

    open_from_my_tasks(page, case, "立案")
    do_step(page, "立案", opinion="有明确的违法行为人和违法事实，属本局管辖，同意立案。")
    expect(page.get_by_test_id("case-status")).to_have_text("办理中")
    expect(stage(page, "filing").get_by_test_id("stage-badge")).to_have_text("按时办理")
    duration = stage(page, "duration")
    expect(duration).to_contain_text("CASE-157")
    expect(duration).to_contain_text("30 日")
    expect(duration).to_contain_text(thirty_days_on().isoformat())  # a last day off rolls on (CAL-2)
    # 调查取证 (CASE-147): one officer is refused; the two holders of 执法人员 are recorded.
    card = page.get_by_test_id("open-step").filter(has_text="调查取证")
    officers = card.get_by_test_id("investigator-fields")
    officers.get_by_label(re.compile("魏强")).check()
    card.get_by_test_id("task-submit").click()
    expect(card.get_by_test_id("form-error")).to_contain_text("两名以上执法人员", timeout=SLOW)
    expect(card.get_by_test_id("form-error")).to_contain_text("CASE-147")
    officers.get_by_label(re.compile("罗建平")).check()
    do_step(page, "调查取证", opinion="两名执法人员出示证件，现场检查，制作询问笔录和勘验检查笔录。")
    expect(page.get_by_test_id("investigators")).to_contain_text("罗建平")
    expect(page.get_by_test_id("investigators")).to_contain_text("魏强")
    card = page.get_by_test_id("open-step").filter(has_text="法制审核")
    expect(card.get_by_test_id("not-yours")).to_contain_text("法制审核员")  # the legal reviewer's step

    # 法制审核 (CASE-151): the legal reviewer.
    log_in(page, login, LEGAL)
    open_from_my_tasks(page, case, "法制审核")
    do_step(page, "法制审核", opinion="事实清楚，证据确凿，适用依据正确，程序合法，裁量适当。")

    # 告知权利及听证 (CASE-148): the officer; the fine is of 较大数额, so the party is told of the right
    # to a hearing (CASE-149) and asks; the office's head chairs it, not an investigator (CASE-150).
    log_in(page, login, OFFICER)
    open_from_my_tasks(page, case, "告知权利及听证")
    page.get_by_test_id("hearing-notice-link").click()
    page.get_by_label("拟处罚种类").select_option(label="罚款")
    page.get_by_label("拟罚款（没收）金额（元）").fill(str(amount))
    page.get_by_label("告知方式").select_option(label="直接送达")
    page.get_by_role("button", name="登记听证告知").click()
    expect(page.get_by_test_id("hearing-notice")).to_contain_text("重大行政处罚")
    request = stage(page, "hearing_request")
    expect(request).to_contain_text("CASE-149")
    expect(request).to_contain_text("5 日")
    page.get_by_test_id("hearing-answer-link").click()
    page.get_by_label("要求听证").check()
    page.get_by_role("button", name="登记答复").click()
    expect(page.get_by_test_id("hearing-answer")).to_have_text("要求听证")
    page.get_by_test_id("hearing-link").click()
    expect(page.get_by_label("听证主持人")).not_to_contain_text("魏强")  # investigated: may not chair
    page.get_by_label("听证主持人").select_option(label="阎芳（办公室）")
    page.get_by_label("听证地点").fill("局三楼会议室")
    page.get_by_label("参加人员").fill("当事人委托代理人、案件调查人员魏强和罗建平、记录员")
    page.get_by_label("听证笔录").fill("当事人对违法事实无异议，请求从轻处罚。")
    page.get_by_label("听证意见").fill("违法事实清楚，维持拟处罚意见。")
    page.get_by_role("button", name="登记听证").click()
    expect(page.get_by_test_id("hearing")).to_contain_text("阎芳")
    shot(page, "hearing")
    do_step(page, "告知权利及听证", choice=MAJOR, opinion="已送达行政处罚告知书，当事人要求听证，已举行。")

    # 作出处罚决定 (CASE-152): the director, with the tier and an amount inside its range (CASE-143).
    log_in(page, login, DIRECTOR)
    open_from_my_tasks(page, case, "作出处罚决定")
    card = page.get_by_test_id("open-step").filter(has_text="作出处罚决定")
    card.get_by_label("裁量档次（违法情节）").select_option(value=str(tier.pk))
    card.get_by_label("处罚种类").select_option(label="罚款")
    card.get_by_label("罚款金额（元）").fill(str(amount))
    card.get_by_label("处罚内容").fill("责令限期改正")
    card.get_by_label("事实和理由").fill("当事人未按规定对12名从业人员进行安全生产教育和培训，违法情节一般。")
    expect(card.get_by_label("法律依据")).to_have_value(re.compile("中华人民共和国安全生产法"))
    card.get_by_label("办理意见").fill("同意按一般情节第二档处罚")
    shot(page, "decision-form")
    card.get_by_test_id("task-submit").click()
    expect(page.get_by_role("status")).to_contain_text("已办理“作出处罚决定”", timeout=SLOW)
    expect(page.get_by_test_id("decision-kind")).to_have_text("行政处罚")
    expect(page.get_by_test_id("decision-penalty")).to_contain_text(f"罚款 {amount:.2f} 元")
    expect(page.get_by_test_id("decision-tier")).to_contain_text("一般")
    expect(page.get_by_test_id("out-of-range")).to_have_count(0)
    expect(page.get_by_test_id("decision-rights")).to_contain_text("行政复议")
    expect(page.get_by_test_id("service-due")).to_contain_text("7个工作日")
    expect(stage(page, "duration").get_by_test_id("stage-badge")).to_have_text("按时办理")

    # 送达 (CASE-153) and the publication of the result (CASE-158): the officer.
    log_in(page, login, OFFICER)
    open_from_my_tasks(page, case, "送达")
    page.get_by_test_id("delivery-add").click()
    page.get_by_label("送达方式").select_option(label="直接送达")
    page.get_by_label("受送达人").fill("示范县鑫达建材有限公司 法定代表人 陈建华")
    page.get_by_label("送达凭证").fill("送达回证已签收")
    page.get_by_role("button", name="保存送达记录").click()
    expect(page.get_by_test_id("delivery-row")).to_contain_text("直接送达")
    expect(page.get_by_test_id("delivery-row")).to_contain_text("按期送达")
    page.get_by_test_id("publication-add").click()
    page.get_by_role("button", name="发布公示").click()
    expect(page.get_by_test_id("publication")).to_contain_text("不少于7个工作日")
    do_step(page, "送达", opinion="行政处罚决定书已直接送达，当事人签收。")
    do_step(page, "执行", opinion="当事人已到指定银行缴纳罚款。")

    # 结案 (CASE-155): the director.
    log_in(page, login, DIRECTOR)
    open_from_my_tasks(page, case, "结案")
    do_step(page, "结案", opinion="执行完毕，同意结案。")

    # 归档 (CASE-156): the officer files the dossier; then the case is read-only.
    log_in(page, login, OFFICER)
    open_from_my_tasks(page, case, "归档")
    do_step(page, "归档", opinion="按统一卷宗要求立卷归档。")
    expect(page.get_by_test_id("case-status")).to_have_text("已办结")
    page.get_by_test_id("archive-add").click()
    page.get_by_role("button", name="归档").click()
    expect(page.get_by_test_id("archived")).to_contain_text("已归档")
    expect(page.get_by_test_id("delivery-add")).to_have_count(0)

    # The case page: every stage done, each step by its post's account, the flowchart all green.
    expect(page.get_by_test_id("case-status")).to_have_text("已办结")
    expect(page.get_by_test_id("open-step")).to_have_count(0)
    for key in (
        "filing",
        "investigation",
        "legal_review",
        "notification",
        "hearing_request",
        "decision",
        "duration",
        "closing",
    ):
        expect(stage(page, key)).to_have_attribute("data-late", "0")
        expect(stage(page, key).get_by_test_id("stage-badge")).to_have_text("按时办理")
    rows = page.get_by_test_id("history-row")
    expect(rows).to_have_count(len(STEPS))
    for i, (step, username) in enumerate(STEPS):
        expect(rows.nth(i)).to_contain_text(step)
        expect(rows.nth(i)).to_contain_text(account(username).full_name)
    viewer = page.get_by_test_id("flow-viewer")
    for element_id in ("Task_file", "Task_legal_review", "Task_decide", "Task_deliver", "Task_archive"):
        expect(viewer.locator(f".djs-element.step-done[data-element-id='{element_id}']")).to_have_count(1)
    expect(viewer.locator(".djs-element.step-current")).to_have_count(0)
    shot(page, "archived")

    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert Decision.objects.get(case=case).amount == amount
    assert Delivery.objects.get(case=case).late is False
    assert Publication.objects.filter(case=case).exists()
    assert Archive.objects.get(case=case).archived_by == account(OFFICER)
    done = {t.name: t.completed_by.username for t in case.tasks.filter(status=TaskStatus.DONE)}
    assert done == dict(STEPS)
    assert not Alert.objects.filter(case=case).exists()  # on time, by the right posts: nothing to flag


def test_an_amount_beyond_the_tier_needs_a_reason_and_alerts_the_discipline_office(
    page,
    login,
    bureau,  # noqa: F811
):
    version = bureau
    tier = middle_tier(version)
    amount = beyond(tier)
    case = services.case_register(
        actor=account(OFFICER),
        version=version,
        subject="特种作业人员未持证上岗",
        applicant_kind="organisation",
        applicant_name="示范县永安矿业有限公司",
        applicant_contact="0738-8654321",
    )
    for step, username in STEPS[:4]:  # to the decision, each step by its post
        task = case.tasks.get(status=TaskStatus.OPEN, name=step)
        if step == "告知权利及听证":  # 较大数额: the hearing right told and waived (CASE-149)
            penalty_steps.hearing_notice_give(
                actor=account(username), case=case, measure="fine", amount=amount, method="direct"
            )
            penalty_steps.hearing_answer(actor=account(username), case=case, answer="waived")
        services.task_complete(
            actor=account(username),
            task=task,
            opinion="同意",
            choice=MAJOR if step == "告知权利及听证" else "",
            investigators=officers(case, task) if step == "调查取证" else [],
        )

    log_in(page, login, DIRECTOR)
    open_from_my_tasks(page, case, "作出处罚决定")
    card = page.get_by_test_id("open-step").filter(has_text="作出处罚决定")
    card.get_by_label("裁量档次（违法情节）").select_option(value=str(tier.pk))
    card.get_by_label("处罚种类").select_option(label="罚款")
    card.get_by_label("罚款金额（元）").fill(str(amount))
    card.get_by_label("事实和理由").fill("当事人安排3名未取得特种作业操作证的人员上岗作业。")
    card.get_by_test_id("task-submit").click()
    error = page.get_by_test_id("error-range_reason")
    expect(error).to_contain_text(
        f"罚款金额{amount:.2f}元超出“一般”档次的幅度（{tier.min_amount:.2f}—{tier.max_amount:.2f}元；{tier.measure}）",
        timeout=SLOW,
    )
    assert not Decision.objects.exists()
    shot(page, "beyond-refused")
    page.get_by_label("超出裁量幅度的理由").fill("当事人拒不配合检查，并有转移证据行为，依法从重处罚。")
    page.get_by_test_id("task-submit").click()
    expect(page.get_by_test_id("out-of-range")).to_contain_text("超出裁量幅度", timeout=SLOW)
    expect(page.get_by_test_id("decision-penalty")).to_contain_text(f"罚款 {amount:.2f} 元")
    shot(page, "beyond-decided")

    # The discipline office (纪检监察室) finds the ANO-1 alert on its dashboard.
    alert = Alert.objects.get(kind="discretion_exceeded")
    assert alert.case == case
    log_in(page, login, INSPECTOR)
    page.goto("/oversight/")
    page.get_by_label("预警类型").select_option("discretion_exceeded")
    expect(page).to_have_url(re.compile(r"kind=discretion_exceeded"))
    row = page.get_by_test_id("alert-row").filter(has_text=case.number)
    expect(row).to_have_count(1)
    expect(row.get_by_test_id("anomaly-tag")).to_be_visible()
    expect(row.get_by_test_id("alert-rule")).to_have_text("ANO-1")
    expect(row).to_contain_text("超出裁量")
    shot(page, "beyond-dashboard")
    row.get_by_test_id("alert-link").click()
    expect(page.get_by_test_id("anomaly-message")).to_contain_text(case.number)
    assert page.url.endswith(f"/oversight/alerts/{alert.pk}/")


def test_a_case_investigated_before_filing_has_5_working_days_to_backfill(page, login, bureau):  # noqa: F811
    """CASE-146: out-of-area enforcement, investigated first; the 立案审批表 is backfilled within 5
    working days, and the filing stage says why."""
    version = bureau
    log_in(page, login, OFFICER)
    page.goto("/cases/new/")
    expect(page.get_by_test_id("pre-filing")).to_have_count(0)  # no power chosen yet
    page.get_by_label("职权事项").select_option(label=f"{version.item.code} {version.name}")
    marks = page.get_by_test_id("pre-filing")
    expect(marks).to_be_visible()
    marks.get_by_label("先行调查取证", exact=True).select_option(label="异地执法")
    marks.get_by_label("先行调查取证情况说明").fill("在邻县联合执法检查时发现，当场调查取证")
    page.get_by_label("违法事实（案由）").fill("未按规定对从业人员进行安全生产教育和培训")
    page.get_by_label("当事人", exact=True).fill("示范县鑫达建材有限公司")
    page.get_by_label("联系方式").fill("0738-8123456")
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_test_id("case-status")).to_have_text("已收件")
    filing = stage(page, "filing")
    expect(filing).to_contain_text("补办立案")
    expect(filing).to_contain_text("5 工作日")
    expect(filing).to_contain_text(add_working_days(date=clock.today(), n=5).isoformat())
    expect(filing.get_by_test_id("stage-note")).to_contain_text("异地执法")
    backfill_due = add_working_days(date=clock.today(), n=5).isoformat()
    expect(page.get_by_test_id("open-step").filter(has_text="立案")).to_contain_text(backfill_due)
    shot(page, "pre-filing")
    assert Case.objects.get().pre_filing.reason == "out_of_area"
