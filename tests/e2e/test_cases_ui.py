"""The case pages in the browser: a clerk registers a permit application with a material missing,
gives the one-time notice (CASE-105) and sees it printable with the missing material, accepts the
case after the correction, does every further step, and the case page shows it closed with the
flowchart's done steps in green."""

from __future__ import annotations

from playwright.sync_api import expect

from sunshine.cases.choices import CaseStatus
from sunshine.cases.models import Case
from sunshine.catalog.tests.factories import published
from sunshine.org.tests.factories import PersonFactory, PostFactory, PostHoldingFactory


def do_step(page, step: str, choice: str = "", opinion: str = "同意") -> None:
    """Do the open step ``step`` on the case page with the form in its card."""
    card = page.get_by_test_id("open-step").filter(has_text=step)
    expect(card).to_have_count(1)
    if choice:
        card.get_by_label(choice, exact=True).check()
    card.get_by_label("办理意见").fill(opinion)
    card.get_by_test_id("task-submit").click()
    expect(page.get_by_role("status")).to_contain_text(f"已办理“{step}”")


def test_a_permit_case_from_registration_to_closure(
    page, login, clerk, department, legal_reviewer, inspector, leader
):
    version = published(clerk, department, legal_reviewer, inspector, leader)
    # The clerk holds the window post: its steps are assigned to them and listed as their tasks.
    window = PostFactory(unit=department, name="窗口受理岗")
    PostHoldingFactory(
        person=PersonFactory(unit=department, user=clerk, name=clerk.full_name),
        post=window,
        start_date="2024-01-01",
    )

    login(clerk)
    page.goto("/cases/all/")
    page.get_by_test_id("case-register").click()
    page.get_by_label("职权事项").select_option(label=f"{version.item.code} {version.name}")
    materials = page.get_by_test_id("field-received")
    expect(materials).to_contain_text("营业执照复印件")  # loaded for the chosen power
    materials.get_by_label("申请书").check()
    page.get_by_label("事由").fill("申请烟花爆竹经营（零售）许可证")
    page.get_by_label("申请人", exact=True).fill("示范县红星烟花店")
    page.get_by_label("联系方式").fill("13800000000")
    page.get_by_role("button", name="登记").click()

    expect(page.get_by_test_id("case-status")).to_have_text("已收件")
    case = Case.objects.get()
    expect(page.get_by_test_id("case-number")).to_have_text(case.number)

    # My tasks lists the acceptance check, due in five working days.
    page.goto("/cases/")
    row = page.get_by_test_id("task-row").filter(has_text=case.number)
    expect(row).to_contain_text("受理审查")
    row.get_by_role("link", name=case.number).click()

    # The one-time notice: the material not received is ticked already.
    card = page.get_by_test_id("open-step").filter(has_text="受理审查")
    notice = card.get_by_test_id("notice-fields")
    expect(notice).to_be_hidden()
    card.get_by_label("一次性告知补正", exact=True).check()
    expect(notice).to_be_visible()
    expect(notice.get_by_label("营业执照复印件")).to_be_checked()
    notice.get_by_label("补正要求").fill("营业执照复印件须加盖公章")
    card.get_by_test_id("task-submit").click()
    expect(page.get_by_test_id("case-status")).to_have_text("补正中")

    page.get_by_test_id("print-notice").click()
    expect(page.get_by_test_id("missing")).to_have_text("营业执照复印件")
    expect(page.get_by_test_id("printable")).to_contain_text("（印章）")
    page.get_by_role("link", name="返回办件").click()

    do_step(page, "一次性告知补正", opinion="已出具一次性告知书")
    do_step(page, "受理审查", choice="受理", opinion="补正材料齐全")
    expect(page.get_by_test_id("case-status")).to_have_text("办理中")
    page.get_by_test_id("print-acceptance").click()
    expect(page.get_by_test_id("print-check-code")).to_have_text(case.check_code)
    page.go_back()

    for step, choice in (("审查", ""), ("现场核查", ""), ("审核", "否")):
        do_step(page, step, choice=choice)
    # The deciding step is done with its decision (cases.outcome, OUT-1).
    card = page.get_by_test_id("open-step").filter(has_text="作出决定")
    card.get_by_label("准予许可").check()
    card.get_by_label("事实和理由").fill("申请材料齐全，现场核查符合安全条件。")
    if not card.get_by_label("法律依据").input_value():
        card.get_by_label("法律依据").fill("《烟花爆竹安全管理条例》第十九条")
    card.get_by_label("办理意见").fill("同意")
    card.get_by_test_id("task-submit").click()
    expect(page.get_by_role("status")).to_contain_text("已办理“作出决定”", timeout=20_000)
    do_step(page, "送达")

    expect(page.get_by_test_id("case-status")).to_have_text("已办结")
    expect(page.get_by_test_id("open-step")).to_have_count(0)
    viewer = page.get_by_test_id("flow-viewer")
    for element_id in ("Task_acceptance", "Task_correction_notice", "Task_review", "Task_deliver"):
        expect(viewer.locator(f".djs-element.step-done[data-element-id='{element_id}']")).to_have_count(1)
    expect(viewer.locator(".djs-element.step-current")).to_have_count(0)
    expect(page.get_by_test_id("history-row")).to_have_count(8)  # the acceptance check twice
    assert Case.objects.get().status == CaseStatus.CLOSED
