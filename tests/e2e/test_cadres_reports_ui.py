"""An absence request in the browser (外出请示报备, issue #9 §5): a team member files a leave of the
middle tier (4-7 calendar days, SUP-17) with his stand-in (SUP-226); the page shows the computed
route; the principal leader — the right approver — approves; the office files it with the superior
organisation department; it shows in the half-yearly summary (SUP-18) with who approved it."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import expect

from sunshine.cadres.reports.models import AbsenceRequest
from sunshine.core import clock
from sunshine.org.choices import DataScope, PostKind
from sunshine.org.tests.factories import PersonFactory, PostFactory, PostHoldingFactory, account_with_role


def cadre(unit, kind, username, role, name):
    user = account_with_role(role, unit=unit, username=username, full_name=name, scope=DataScope.OWN_BODY)
    person = PersonFactory(unit=unit, name=name, user=user)
    PostHoldingFactory(
        person=person, post=PostFactory(unit=unit, name=f"{name}岗", kind=kind), start_date="2024-01-01"
    )
    return user


def test_middle_tier_leave_approved_and_summarised(page, login, body):
    chief = cadre(body, PostKind.PRINCIPAL, "chief", "principal_leader", "李局长")
    deputy = cadre(body, PostKind.DEPUTY_LEADER, "deputy", "deputy_leader", "孙副局长")
    cadre(body, PostKind.DEPUTY_LEADER, "deputy2", "deputy_leader", "周副局长")
    office = cadre(body, PostKind.OFFICE, "office", "office_clerk", "郑办公室")
    page.set_default_timeout(60_000)  # the first pages of a cold live server on a loaded machine
    start = clock.today() + dt.timedelta(days=10)
    end = start + dt.timedelta(days=5)  # six calendar days: the middle tier

    login(deputy)
    page.goto("/cadres/reports/")
    page.get_by_test_id("absence-new").click()
    page.get_by_label("外出事由类别").select_option("leave")
    page.get_by_label("外出地点").fill("成都市")
    page.locator("#id_reason").fill("休年假探亲")
    page.get_by_label("起始日期").fill(start.isoformat())
    page.get_by_label("结束日期").fill(end.isoformat())
    page.get_by_label("外出期间联系电话").fill("13800000001")
    page.get_by_label("代理人联系电话").fill("13800000002")
    page.get_by_role("button", name="提交请示").click()
    # No stand-in: refused on its field with its rule (SUP-226).
    expect(page.get_by_test_id("org-form")).to_contain_text("须明确主持工作或AB角代理人")
    expect(page.get_by_test_id("org-form")).to_contain_text("SUP-226")
    page.get_by_label("主持工作/AB角代理人").select_option(label="周副局长")
    page.get_by_role("button", name="提交请示").click()
    expect(page.get_by_test_id("absence-days")).to_have_text("6")
    steps = page.get_by_test_id("step-row")
    expect(steps.nth(0)).to_contain_text("主要负责人审批（4至7天）")
    expect(steps.nth(0)).to_contain_text("李局长")
    expect(steps.nth(1)).to_contain_text("报上级组织部门备案")
    expect(page.get_by_test_id("absence-approve")).to_have_count(0)
    request = AbsenceRequest.objects.get()

    page.context.clear_cookies()
    login(chief)
    page.goto("/cadres/reports/")
    page.get_by_test_id("todo-link").click()
    page.get_by_test_id("absence-approve").click()
    page.locator("#id_opinion").fill("同意，注意安全")
    page.get_by_role("button", name="同意").click()
    expect(page.get_by_test_id("absence-status")).to_have_text("审批中")
    expect(page.get_by_test_id("step-row").nth(0)).to_have_attribute("data-status", "done")

    page.context.clear_cookies()
    login(office)
    page.goto(f"/cadres/reports/absences/{request.pk}/")
    page.get_by_test_id("absence-file").click()
    page.get_by_role("button", name="同意").click()
    expect(page.get_by_test_id("absence-status")).to_have_text("已批准")

    half = 1 if start.month <= 6 else 2
    page.goto(f"/cadres/reports/summary/?body={body.pk}&year={start.year}&half={half}")
    row = page.get_by_test_id("summary-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("孙副局长")
    expect(row).to_contain_text("成都市")
    expect(page.get_by_test_id("summary-approvers")).to_contain_text("李局长")
    response = page.request.get(
        f"/cadres/reports/summary/?body={body.pk}&year={start.year}&half={half}&format=pdf"
    )
    assert response.ok
    assert response.body()[:4] == b"%PDF"
