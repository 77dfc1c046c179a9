"""The public portal in the browser, with no account (issue #8 §1, §2, §8, §9): a person searches the
catalogue, opens a power and sees its flowchart in risk colours with the risk points and measures,
looks up their case with the receipt number and check code of the acceptance notice, then reads the
published results and the audit checkpoints. Every page
passes axe-core's WCAG 2.1 A/AA rules with no serious or critical violation, at phone width too.

SUNSHINE_SCREENSHOTS=1 saves each page at phone and desktop width into test-artifacts/.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.core.cache import caches
from playwright.sync_api import expect

from sunshine.cases import services as case_services
from sunshine.cases.models import Publication
from sunshine.catalog.tests.factories import complete_draft, published
from sunshine.core import clock
from sunshine.core.system import system_actor
from sunshine.disclosure import cache
from sunshine.disclosure.services import checkpoint_record

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 860}


@pytest.fixture(autouse=True)
def _empty_caches():
    cache.clear()
    caches["default"].clear()


def accessibility_problems(page) -> list[str]:
    """axe-core's serious and critical WCAG 2.1 A/AA violations on the page, one line each."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag',
              values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def check_page(page, name: str) -> None:
    """No serious accessibility problem at desktop and phone width; screenshots when asked."""
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        assert accessibility_problems(page) == [], f"{name} at {label} width"
        if os.environ.get("SUNSHINE_SCREENSHOTS"):
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"portal-{name}-{label}.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


def test_a_person_finds_a_power_and_follows_their_case(
    page, clerk, department, legal_reviewer, inspector, leader
):
    permit = published(clerk, department, legal_reviewer, inspector, leader)
    complete_draft(clerk, department, code="XK-DRAFT", name="尚未发布的草稿事项")
    case = case_services.case_register(
        actor=clerk,
        version=permit,
        subject="申请烟花爆竹零售经营许可",
        applicant_kind="organisation",
        applicant_name="示范县红星烟花店",
        applicant_contact="13800000000",
        received=["申请书"],
    )
    Publication.objects.create(  # how cases publishes a result is tested in cases
        case=case,
        body=case.body,
        title="烟花爆竹经营（零售）许可办理结果公示",
        content="示范县红星烟花店：准予许可。",
        channel="门户网站",
        starts_on=clock.today(),
        min_workdays=7,
        earliest_end=clock.today(),
        published_by=clerk,
    )
    with system_actor("test"):
        checkpoint = checkpoint_record()

    page.goto("/public/")
    expect(page.get_by_role("heading", name="权力清单", level=1)).to_be_visible()
    expect(page.get_by_test_id("power-list")).not_to_contain_text("尚未发布的草稿事项")
    check_page(page, "catalog")

    page.get_by_label("关键词").fill("烟花")
    page.get_by_test_id("search-submit").click()
    rows = page.get_by_test_id("power-row")
    expect(rows).to_have_count(1)
    rows.get_by_role("link", name=permit.name).click()

    expect(page.get_by_test_id("power-name")).to_have_text(permit.name)
    viewer = page.get_by_test_id("flow-viewer")
    step = permit.risk_points.get().step_id
    # the step with the risk point is drawn in its grade's colour (flow-viewer.js)
    expect(viewer.locator(f".djs-element[data-element-id='{step}']")).to_have_class(re.compile(r"risk-[ABC]"))
    expect(page.get_by_test_id("risk-table")).to_contain_text("审查时降低标准、吃拿卡要")
    expect(page.get_by_test_id("risk-table")).to_contain_text("科室负责人复核")
    expect(page.get_by_test_id("complaint-channel")).to_have_text("县纪委监委举报电话 12388")
    check_page(page, "power")

    page.get_by_role("navigation", name="公开栏目").get_by_role("link", name="办件查询").click()
    check_page(page, "lookup")
    page.get_by_role("textbox", name="受理编号").fill(case.number)
    page.get_by_role("textbox", name="查询码").fill("000000" if case.check_code != "000000" else "111111")
    page.get_by_test_id("lookup-submit").click()
    expect(page.get_by_test_id("lookup-error")).to_contain_text("受理编号或查询码不正确")

    page.get_by_role("textbox", name="受理编号").fill(case.number)
    page.get_by_role("textbox", name="查询码").fill(case.check_code)
    page.get_by_test_id("lookup-submit").click()
    expect(page.get_by_test_id("case-number")).to_have_text(case.number)
    expect(page.get_by_test_id("case-status")).to_have_text("已收件")
    expect(page.get_by_test_id("step-row")).to_contain_text("受理审查")
    expect(page.get_by_test_id("progress")).not_to_contain_text("13800000000")
    check_page(page, "progress")

    # the published results and the audit checkpoints, from the same navigation
    nav = page.get_by_role("navigation", name="公开栏目")
    nav.get_by_role("link", name="结果公示").click()
    expect(page.get_by_test_id("result-row")).to_contain_text("示范县红星烟花店：准予许可。")
    check_page(page, "results")
    nav.get_by_role("link", name="审计校验点").click()
    expect(page.get_by_test_id("checkpoint-row")).to_contain_text(checkpoint.head_hash)
    check_page(page, "checkpoints")
