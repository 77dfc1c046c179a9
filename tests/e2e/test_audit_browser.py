"""The audit browser: the audit administrator filters the trail and opens a record; nobody else
gets in."""

import re

import pytest
from playwright.sync_api import expect

from sunshine.core.audit import audit_record, link_pending


@pytest.fixture
def trail(clerk, leader):
    audit_record(actor=leader, action="org.person_update", target=clerk, before={"full_name": "张"})
    audit_record(actor=clerk, action="org.unit_update", target=clerk)
    audit_record(actor=leader, action="org.portfolio_assign", target=leader, note="分管财务")
    link_pending()


def test_audit_admin_filters_by_person_and_action_and_opens_a_record(page, login, auditor, trail):
    login(auditor)
    page.get_by_role("link", name="审计日志").click()
    expect(page.get_by_test_id("chain-head")).to_contain_text("链头")
    table = page.get_by_test_id("audit-table")
    expect(table).to_contain_text("org.unit_update")

    filters = page.get_by_test_id("audit-filters")
    filters.get_by_label("操作人").fill("李局长")
    page.locator("#id_action").fill("org.")  # by id: the label 操作 is also part of 操作人
    filters.get_by_role("button", name="查询").click()
    expect(page).to_have_url(re.compile(r"actor=.*&action=org\."))
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(table).not_to_contain_text("org.unit_update")
    expect(table).to_contain_text("org.portfolio_assign")

    rows.first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("审计记录 #")
    expect(page.locator("main")).to_contain_text("org.portfolio_assign")
    expect(page.locator("main")).to_contain_text("分管财务")
    expect(page.locator("main")).to_contain_text("本条哈希")


def test_clerk_is_refused_the_audit_browser(page, login, clerk, trail):
    login(clerk)
    expect(page.get_by_role("navigation", name="主导航")).not_to_contain_text("审计日志")
    page.goto("/audit/")
    expect(page.get_by_test_id("domain-error")).to_contain_text("您没有执行此操作的权限")
    expect(page.locator("main")).not_to_contain_text("org.person_update")
