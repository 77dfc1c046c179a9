"""加签 and 会签/或签 on the case page in the browser (issue #6 §3, ADR 0006, TASK-6/7): the clerk
adds a leader as a before-signer at the site check; completing is refused until the leader, who
finds the request in their tasks, has signed; then the clerk completes. The review step, marked
会签 in the chart, opens with the two holders of the reviewers' post as signers: both sign (one
disagrees, shown; the second, on leave, through his stand-in), the last signature chooses the way
out, and the flowchart moves on."""

from __future__ import annotations

from playwright.sync_api import expect

from sunshine.cases import services
from sunshine.cases.actions import stand_in
from sunshine.cases.choices import TaskStatus
from sunshine.catalog.tests.factories import published
from sunshine.core import clock
from sunshine.org.tests.factories import PersonFactory, PostFactory, PostHoldingFactory, account_with_role
from tests.e2e.test_task_actions_ui import card, shot, switch


def test_before_signer_and_a_countersign_step(
    page, login, clerk, body, department, legal_reviewer, inspector, leader
):
    version = published(clerk, department, legal_reviewer, inspector, leader)
    flowchart = version.flowchart  # 审核 (followed by 重大事项？) is a 会签 step in this chart
    flowchart.xml = flowchart.xml.replace(
        'id="Task_check" ', 'id="Task_check" sunshine:countersign="all" ', 1
    )
    flowchart.save(update_fields=["xml"])
    PersonFactory(unit=department, user=clerk, name=clerk.full_name)
    boss = account_with_role("deputy_leader", unit=body, username="boss", full_name="王副局长")
    PostHoldingFactory(
        person=PersonFactory(unit=body, user=boss, name="王副局长"),
        post=PostFactory(unit=body, name="分管领导"),
        start_date="2024-01-01",
    )
    reviewers = PostFactory(unit=department, name="审核岗（科室负责人）")
    heads = []
    for username, name in (("zhao", "赵股长"), ("qian", "钱股长")):
        user = account_with_role(
            "section_head", unit=department, scope="department", username=username, full_name=name
        )
        PostHoldingFactory(
            person=PersonFactory(unit=department, user=user, name=name),
            post=reviewers,
            start_date="2024-01-01",
        )
        heads.append(user)
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

    # 前加签: the clerk asks the leader to sign first.
    login(clerk)
    page.goto(f"/cases/{case.pk}/")
    card(page, "现场核查").get_by_test_id("add-signer").click()
    page.get_by_role("button", name="加签").click()  # nobody chosen: refused on the form
    expect(page.locator("#form-card")).to_contain_text("请选择人员")
    page.locator("#id_signer").select_option(label="王副局长")
    page.get_by_label("加签说明").fill("经营场所临近学校，请领导把关")
    shot(page, "add_signer_form")
    page.get_by_role("button", name="加签").click()
    expect(page.get_by_role("status")).to_contain_text("已向王副局长加签（前加签）")
    site = card(page, "现场核查")
    expect(site.get_by_test_id("signature-pending")).to_have_count(1)
    site.get_by_label("办理意见").fill("现场与材料一致")
    site.get_by_test_id("task-submit").click()
    expect(page.locator("body")).to_contain_text("前加签人王副局长尚未签署")
    shot(page, "case_with_pending_signature")

    # The leader finds the request in their tasks and signs.
    switch(page, login, boss)
    page.goto("/cases/")  # my tasks lists the step awaiting the signature
    page.get_by_test_id("task-row").filter(has_text="现场核查").get_by_role("link", name=case.number).click()
    card(page, "现场核查").get_by_test_id("sign").click()
    page.get_by_label("意见内容").fill("同意，注意核实安全距离")
    page.get_by_role("button", name="签署").click()
    expect(page.get_by_role("status")).to_contain_text("已签署（同意）")
    expect(card(page, "现场核查").get_by_test_id("signature-opinion")).to_have_text("同意")

    # Now the clerk completes the step.
    switch(page, login, clerk)
    page.goto(f"/cases/{case.pk}/")
    site = card(page, "现场核查")
    site.get_by_label("办理意见").fill("现场与材料一致")
    site.get_by_test_id("task-submit").click()
    expect(page.get_by_role("status")).to_contain_text("已办理“现场核查”")
    review = card(page, "审核")

    # 会签: both holders of the reviewers' post sign; the step waits for the second.
    expect(review.get_by_test_id("countersign-mode")).to_have_text("会签")
    expect(review.get_by_test_id("signature-pending")).to_have_count(2)
    switch(page, login, heads[0])
    page.goto(f"/cases/{case.pk}/")
    card(page, "审核").get_by_test_id("sign").click()
    page.get_by_label("不同意").check()
    page.get_by_label("意见内容").fill("安全距离不足，建议补充说明")
    page.get_by_role("button", name="签署").click()
    expect(page.get_by_role("status")).to_contain_text("已签署（不同意）")
    review = card(page, "审核")
    expect(review.get_by_test_id("signature-pending")).to_have_count(1)
    shot(page, "countersign_step")
    # 钱股长 is on leave: 孙股长, his stand-in (代理, TASK-4), signs for him.
    backup = account_with_role(
        "section_head", unit=department, scope="department", username="sun", full_name="孙股长"
    )
    today = clock.today()
    stand_in.stand_in_name(
        actor=heads[1], person=heads[1], stand_in=backup, starts_on=today, ends_on=today, reason="休假"
    )
    switch(page, login, backup)
    page.goto(f"/cases/{case.pk}/")
    expect(card(page, "审核").get_by_test_id("sign")).to_have_text("代钱股长签署")
    card(page, "审核").get_by_test_id("sign").click()
    page.get_by_role("button", name="签署").click()  # the last signature must choose the way out
    expect(page.locator("#form-card")).to_contain_text("请选择办理结果")
    page.get_by_label("办理结果").select_option("否")
    page.get_by_role("button", name="签署").click()
    expect(page.get_by_role("status")).to_contain_text("已签署（同意）")
    expect(page.get_by_test_id("open-step").filter(has_text="当前环节：审核")).to_have_count(0)
    card(page, "作出决定")
    expect(page.get_by_test_id("history")).to_contain_text("赵股长（不同意）")
    expect(page.get_by_test_id("action-log")).to_contain_text("签署")
    expect(page.get_by_test_id("action-log")).to_contain_text("钱股长")
