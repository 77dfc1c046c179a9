"""The log-in page, in Chinese, as a person uses it."""

from playwright.sync_api import expect


def test_clerk_logs_in_and_sees_workbench(page, login, clerk):
    login(clerk)
    expect(page.get_by_test_id("whoami")).to_contain_text("张承办")
    expect(page.get_by_role("heading", level=1)).to_contain_text("张承办，您好")


def test_wrong_password_is_refused_in_chinese(page, login, clerk):
    login(clerk, "Wrong#Pass1")
    expect(page.get_by_test_id("form-error")).to_contain_text("用户名或口令错误")
