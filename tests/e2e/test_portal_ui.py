"""The public portal in the browser, with no account (issue #8 §1, §2, §8, §9): a person searches the
catalogue, opens a power and sees its flowchart in risk colours with the risk points and measures,
looks up their case with the receipt number and check code of the acceptance notice, then reads the
published results and the audit checkpoints; another reads a decision under public notice and
comments on it (§3). Every page
passes axe-core's WCAG 2.1 A/AA rules with no serious or critical violation, at phone width too.

SUNSHINE_SCREENSHOTS=1 saves each page at phone and desktop width into test-artifacts/.
"""

from __future__ import annotations

import datetime as dt
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
from sunshine.decisions.tests import conftest as decisions_fixtures
from sunshine.disclosure import cache
from sunshine.disclosure.services import checkpoint_record

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 390, "height": 844}

# the decisions world (a body's leadership, the clock frozen on a Monday) for the topic under notice
world, frozen = decisions_fixtures.world, decisions_fixtures.frozen
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


def test_a_person_reads_a_decision_under_public_notice_and_comments(page, world):
    """PUB-12, DEC-14: the topic put out for comment is read on the portal, commented on with the
    captcha, and the comment acknowledged; the new pages pass axe at both widths."""
    from sunshine.decisions import services as decision_services
    from sunshine.decisions.tests.conftest import propose
    from tests.e2e.test_petitions_ui import solve

    topic = propose(world)
    today = clock.today()
    period = decision_services.public_comment_open(
        actor=world.proposer,
        topic=topic,
        published_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=10),
        document="第一条 本办法适用于本局机关及所属单位的财务收支活动。",
    )

    page.goto("/public/")
    page.get_by_role("navigation", name="公开栏目").get_by_role("link", name="决策征求意见").click()
    expect(page.get_by_test_id("open-consultations")).to_contain_text(topic.title)
    check_page(page, "consultations")
    page.get_by_role("link", name=topic.title).click()
    expect(page.get_by_test_id("consultation-document")).to_contain_text("本办法适用于本局机关")
    expect(page.get_by_test_id("closes-on")).to_contain_text(period.closes_on.isoformat())
    check_page(page, "consultation")

    page.get_by_test_id("comment-link").click()
    page.get_by_label("意见和建议").fill("建议明确差旅费报销的时限。")
    page.get_by_label("联系方式（选填）").fill("13900000000")
    check_page(page, "comment")
    page.get_by_label("验证题").fill(solve(page))
    page.get_by_role("button", name="提交意见").click()
    expect(page.get_by_test_id("comment-received")).to_contain_text(topic.title)
    check_page(page, "comment-received")

    page.get_by_role("link", name="返回征求意见稿").click()
    expect(page.get_by_test_id("comment-count")).to_have_text("1 条")
    expect(page.locator("main")).not_to_contain_text("13900000000")
