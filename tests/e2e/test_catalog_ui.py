"""The catalog pages in the browser: a clerk changes a step's time limit in the bpmn-js modeler and
the saved XML carries it; a power goes from draft to published through the clerk, both reviewers
and the leader, and its page shows the diagram in risk colours; an incomplete power is refused at
submission with every missing element and its 依据."""

from __future__ import annotations

from playwright.sync_api import expect

from sunshine.catalog.choices import Status
from sunshine.catalog.models import PowerVersion
from sunshine.catalog.tests.factories import complete_draft
from sunshine.flows import engine


def log_out(page):
    page.get_by_role("button", name="退出").click()
    expect(page.get_by_label("用户名")).to_be_visible()


def test_clerk_changes_a_time_limit_in_the_modeler(page, login, clerk, department):
    version = complete_draft(clerk, department)
    login(clerk)
    page.goto(f"/catalog/v/{version.pk}/")
    page.get_by_test_id("edit-flowchart").click()
    editor = page.get_by_test_id("flow-editor")
    expect(editor.locator(".djs-element[data-element-id='Task_review']")).to_be_visible()

    editor.locator(".djs-element[data-element-id='Task_review']").click()
    limit = editor.locator(".flow-panel input[name='timeLimit']")
    expect(limit).to_be_visible()
    limit.fill("7")
    limit.press("Tab")  # the panel applies a value on change
    page.wait_for_function(
        "document.querySelector('#id_xml').value.includes('timeLimit=\"7\"')", timeout=5_000
    )
    page.get_by_test_id("flowchart-save").click()

    expect(page.get_by_role("status")).to_contain_text("流程图已保存")
    flowchart = PowerVersion.objects.get(pk=version.pk).flowchart
    (review,) = [s for s in engine.parse(flowchart.xml).steps if s.element_id == "Task_review"]
    assert review.time_limit == 7
    assert next(s for s in flowchart.steps if s["element_id"] == "Task_review")["time_limit"] == 7


def test_clerk_makes_a_step_a_countersign_step_in_the_modeler(page, login, clerk, department):
    """TASK-7: 会签/或签 is set on the chart (sunshine:countersign), where the cases read it."""
    version = complete_draft(clerk, department)
    login(clerk)
    page.goto(f"/catalog/v/{version.pk}/")
    page.get_by_test_id("edit-flowchart").click()
    editor = page.get_by_test_id("flow-editor")
    editor.locator(".djs-element[data-element-id='Task_review']").click()
    mode = editor.locator(".flow-panel select[name='countersign']")
    expect(mode).to_have_value("")
    mode.select_option(label="会签（全部签署人同意）")
    page.wait_for_function(
        "document.querySelector('#id_xml').value.includes('countersign=\"all\"')", timeout=5_000
    )
    page.get_by_test_id("flowchart-save").click()

    expect(page.get_by_role("status")).to_contain_text("流程图已保存")
    xml = PowerVersion.objects.get(pk=version.pk).flowchart.xml
    (review,) = [s for s in engine.parse(xml).steps if s.element_id == "Task_review"]
    assert review.countersign == "all"


def review(page, version, kind_label: str):
    page.goto(f"/catalog/v/{version.pk}/")
    page.get_by_test_id("action-review").click()
    expect(page.get_by_label("审核类别")).to_have_value("legal" if kind_label == "法制审核" else "discipline")
    page.get_by_label("同意").check()
    page.get_by_label("审核意见").fill("依据充分，流程与实际一致")
    page.get_by_label("已对照法律法规核对职权依据").check()
    page.get_by_label("已对照实际核对流程图").check()
    page.get_by_label("已对照上级清单核对名称").check()
    page.get_by_role("button", name="提交审核意见").click()
    expect(page.get_by_role("status")).to_contain_text(f"已记录{kind_label}意见：同意")


def test_a_power_is_submitted_reviewed_and_published(
    page, login, clerk, legal_reviewer, inspector, leader, department
):
    version = complete_draft(clerk, department)

    login(clerk)
    page.goto(f"/catalog/v/{version.pk}/")
    expect(page.get_by_test_id("problems-none")).to_be_visible()
    page.get_by_test_id("action-submit").click()
    page.get_by_role("button", name="提交审核").click()
    expect(page.get_by_test_id("version-status")).to_have_text("已提交审核")
    expect(page.get_by_test_id("action-submit")).to_have_count(0)
    log_out(page)

    login(legal_reviewer)
    review(page, version, "法制审核")
    log_out(page)
    login(inspector)
    review(page, version, "纪检审核")
    expect(page.get_by_test_id("version-status")).to_have_text("审核通过")
    log_out(page)

    login(leader)
    page.goto(f"/catalog/v/{version.pk}/")
    page.get_by_test_id("action-publish").click()
    page.get_by_role("button", name="发布").click()
    expect(page.get_by_role("status")).to_contain_text("已发布")
    expect(page.get_by_test_id("version-status")).to_have_text("已发布")
    # The viewer colours the risky step (risk-A from flow-viewer.js) and lists its measures in blue.
    viewer = page.get_by_test_id("flow-viewer")
    expect(viewer.locator(".djs-element.risk-A")).to_have_count(1)
    expect(viewer.locator(".measure").first).to_contain_text("审查标准公开")
    assert PowerVersion.objects.get(pk=version.pk).status == Status.PUBLISHED


def test_an_incomplete_power_is_refused_with_every_missing_element(page, login, clerk, department):
    login(clerk)
    page.goto("/catalog/")
    page.get_by_test_id("item-create").click()
    page.get_by_label("事项编码").fill("CF-900")
    page.get_by_label("事项名称").fill("未经许可经营烟花爆竹的处罚")
    page.get_by_label("权力类别").select_option("penalty")
    page.get_by_label("责任科室").select_option(str(department.pk))
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_test_id("version-name")).to_have_text("未经许可经营烟花爆竹的处罚")
    expect(page.get_by_test_id("problems")).to_contain_text("缺少法律依据")

    page.get_by_test_id("action-submit").click()
    page.get_by_role("button", name="提交审核").click()

    problems = page.get_by_test_id("problems")
    expect(problems).to_contain_text("不能提交或发布")
    for message, rule in (
        ("缺少法律依据", "CAT-108"),
        ("缺少承办岗位", "CAT-108"),
        ("缺少办理时限", "CAT-108"),
        ("缺少廉政风险点", "CAT-119"),
        ("行政处罚事项缺少自由裁量基准", "CAT-127"),
        ("缺少权力运行流程图", "CAT-119"),
    ):
        item = problems.get_by_test_id("problem").filter(has_text=message)
        expect(item).to_have_count(1)
        expect(item).to_contain_text(f"依据 {rule}")
    expect(page.get_by_test_id("form-error")).to_contain_text("该事项尚不完整")
    assert PowerVersion.objects.get(item__code="CF-900").status == Status.DRAFT
