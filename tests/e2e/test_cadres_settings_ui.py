"""The body's cadres settings in the browser (issue #9 §3-§6): the discipline office sees the
product defaults, a reply limit out of bounds is refused naming the field (SUP-247), a good one is
saved and used."""

from __future__ import annotations

import os

from playwright.sync_api import expect

from sunshine.cadres.talks.services import settings_of


def test_the_discipline_office_sets_the_reply_limit(page, login, body, inspector):
    page.set_default_timeout(30_000)
    login(inspector)
    page.goto("/cadres/talks/")
    page.get_by_role("link", name="干部监督设置").click()
    expect(page.get_by_test_id("on-defaults")).to_be_visible()
    field = page.get_by_label("函询回复期限（工作日）")
    expect(field).to_have_value("15")
    field.fill("0")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("error-inquiry_reply_workdays")).to_contain_text("1至60")
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path=os.environ["SCREENSHOTS"] + "/cadres_settings.png", full_page=True)
    page.get_by_label("函询回复期限（工作日）").fill("10")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存")).to_be_visible()
    expect(page.get_by_label("函询回复期限（工作日）")).to_have_value("10")
    assert settings_of(body).inquiry_reply_workdays == 10
