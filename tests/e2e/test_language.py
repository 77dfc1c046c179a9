"""Switching the interface language with the select in the top bar, as a person does it."""

from __future__ import annotations

import re

from playwright.sync_api import expect

CJK = re.compile(r"[\u3400-\u9fff]")


def test_clerk_switches_to_english_and_back(page, login, clerk):
    login(clerk)
    expect(page.get_by_role("heading", level=1)).to_contain_text("张承办，您好")

    page.get_by_label("语言").select_option("en")  # submits the form on change
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, 张承办")
    expect(page).to_have_title("Workbench")
    nav = page.get_by_role("navigation", name="Main navigation")
    expect(nav.get_by_role("link", name="Workbench")).to_be_visible()
    assert not CJK.search(nav.inner_text()), nav.inner_text()
    expect(page.get_by_role("link", name="Change password")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    expect(page.get_by_label("Language")).to_have_value("en")

    # the choice sticks while moving around
    nav.get_by_role("link", name="Organisation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisation")
    expect(page.get_by_role("link", name="Staff directory")).to_be_visible()

    page.get_by_label("Language").select_option("zh-hans")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("heading", level=1)).to_have_text("组织机构")
    expect(page.get_by_label("语言")).to_have_value("zh-hans")
    expect(page.get_by_role("navigation", name="主导航").get_by_role("link", name="工作台")).to_be_visible()


def test_log_in_page_in_english(page, clerk, password):
    page.goto("/accounts/login/")
    page.get_by_label("语言").select_option("en")
    expect(page.get_by_role("heading", level=2)).to_have_text("Log in")
    page.get_by_label("Username").fill(clerk.username)
    page.get_by_label("Password").fill("Wrong#Pass1")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_test_id("form-error")).to_contain_text("Incorrect username or password")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, 张承办")
