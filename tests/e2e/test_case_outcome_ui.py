"""The case outcome in the browser (issue #6 §1, §4, §6): a permit decided at its deciding step with
a file attached, served, its result published and the case archived (read-only afterwards); a
penalty decided beyond its discretion tier, refused on the field until a reason is written, then
flagged on the case page. Screenshots of the pages go to test-artifacts/outcome-*.png."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from sunshine.cases.models import Archive, Decision, Publication
from sunshine.cases.outcome.tests.helpers import penalty_version, permit_version, register, to_decision
from sunshine.catalog.models import DiscretionTier

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SLOW = 20_000  # ms: a decision runs the step, the signals and oversight's receivers; CI machines are shared


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"outcome-{name}.png"), full_page=True)


def test_a_permit_from_decision_to_archive(
    page, login, clerk, department, legal_reviewer, inspector, leader, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    version = permit_version(clerk, department, legal_reviewer, inspector, leader)
    case = register(clerk, version)
    to_decision(clerk, case)
    login(clerk)
    page.goto(f"/cases/{case.pk}/")
    card = page.get_by_test_id("open-step").filter(has_text="作出决定")
    expect(card.get_by_test_id("decision-fields")).to_be_visible()
    expect(page.get_by_test_id("no-decision")).to_contain_text("作出决定")
    card.get_by_label("准予许可").check()
    card.get_by_label("事实和理由").fill("申请材料齐全，现场核查符合安全条件。")
    expect(card.get_by_label("法律依据")).to_have_value("《烟花爆竹安全管理条例》第十九条")
    card.get_by_label("附件").set_input_files(
        files=[{"name": "现场核查意见.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%e2e\n"}]
    )
    shot(page, "decision-form")
    card.get_by_test_id("task-submit").click()
    expect(page.get_by_role("status")).to_contain_text("已办理“作出决定”", timeout=SLOW)
    expect(page.get_by_test_id("decision-kind")).to_have_text("准予许可")
    expect(page.get_by_test_id("history-document")).to_contain_text("现场核查意见.pdf")
    expect(page.get_by_test_id("service-due")).to_contain_text("2个工作日")

    page.get_by_test_id("delivery-add").click()
    page.get_by_label("送达方式").select_option(label="留置送达")
    page.get_by_role("button", name="保存送达记录").click()
    expect(page.get_by_test_id("error-proof")).to_contain_text("送达凭证")
    page.get_by_label("送达凭证").fill("见证人：村委会主任李四")
    shot(page, "delivery-form")
    page.get_by_role("button", name="保存送达记录").click()
    expect(page.get_by_test_id("delivery-row")).to_contain_text("留置送达")
    expect(page.get_by_test_id("delivery-row")).to_contain_text("按期送达")

    page.get_by_test_id("publication-add").click()
    shot(page, "publication-form")
    page.get_by_role("button", name="发布公示").click()
    expect(page.get_by_test_id("publication")).to_contain_text("不少于7个工作日")
    assert Publication.objects.filter(case=case).exists()

    card = page.get_by_test_id("open-step").filter(has_text="送达")
    card.get_by_label("办理意见").fill("已送达")
    card.get_by_test_id("task-submit").click()
    expect(page.get_by_test_id("case-status")).to_have_text("已办结", timeout=SLOW)
    page.get_by_test_id("archive-add").click()
    page.get_by_role("button", name="归档").click()
    expect(page.get_by_test_id("archived")).to_contain_text("已归档")
    expect(page.get_by_test_id("delivery-add")).to_have_count(0)  # read-only now (CASE-156)
    assert Archive.objects.filter(case=case).exists()
    shot(page, "permit-archived")

    with page.expect_download() as download:
        page.get_by_test_id("history-document").click()
    assert download.value.suggested_filename == "现场核查意见.pdf"


def test_a_penalty_beyond_its_tier_needs_a_reason(
    page, login, clerk, department, legal_reviewer, inspector, leader
):
    version = penalty_version(clerk, department, legal_reviewer, inspector, leader)
    case = register(clerk, version, subject="未按规定储存烟花爆竹", applicant_name="示范县宏达烟花店")
    to_decision(clerk, case)
    tier = DiscretionTier.objects.get(benchmark__version=version, grade="轻微")
    login(clerk)
    page.goto(f"/cases/{case.pk}/")
    card = page.get_by_test_id("open-step").filter(has_text="作出处罚决定")
    card.get_by_label("裁量档次（违法情节）").select_option(value=str(tier.pk))
    card.get_by_label("处罚种类").select_option(label="罚款")
    card.get_by_label("罚款金额（元）").fill("8000")
    card.get_by_label("事实和理由").fill("超量储存烟花爆竹，拒不改正。")
    card.get_by_test_id("task-submit").click()
    error = page.get_by_test_id("error-range_reason")
    expect(error).to_contain_text("8000.00元超出“轻微”档次的幅度（1000.00—3000.00元）", timeout=SLOW)
    assert not Decision.objects.exists()
    shot(page, "penalty-refused")
    page.get_by_label("超出裁量幅度的理由").fill("拒不配合检查，有转移证据行为，依法从重。")
    page.get_by_test_id("task-submit").click()
    expect(page.get_by_test_id("out-of-range")).to_contain_text("超出裁量幅度", timeout=SLOW)
    expect(page.get_by_test_id("decision-penalty")).to_contain_text("罚款 8000.00 元")
    expect(page.get_by_test_id("decision-rights")).to_contain_text("行政复议")
    shot(page, "penalty-decided")
    assert Decision.objects.get().out_of_range
