"""A refused read of an integrity file (廉政档案, issue #9 §6-7): a staff member without a grant opens a
cadre's file and is refused with the rule (IFL-1); the discipline office then reads the file,
assembled from an accountability case in preliminary verification (SUP-118), and finds both
attempts on the read list."""

from __future__ import annotations

from playwright.sync_api import expect

from sunshine.accountability import services as accountability
from sunshine.accountability.choices import Source
from sunshine.org.tests.factories import PersonFactory, account_with_role


def test_a_refused_read_then_the_discipline_office_reads(page, login, clerk, inspector, body):
    cadre = account_with_role("deputy_leader", unit=body, username="cadre", full_name="孙副局长")
    PersonFactory(unit=body, name="孙副局长", user=cadre)
    accountability.case_register(
        actor=inspector, body=body, source=Source.INSTRUCTION, subject="违规准予许可", person=cadre
    )

    # The live server's first page loads the URLconf, templates and translations: on a loaded
    # machine that alone took longer than the default 10 s, so the first visit may take a minute.
    page.goto("/accounts/login/", timeout=60_000)
    login(clerk)
    page.goto(f"/cadres/files/{cadre.pk}/")
    refusal = page.get_by_test_id("domain-error")
    expect(refusal).to_contain_text("没有查阅孙副局长廉政档案的授权")
    expect(refusal).to_contain_text("IFL-1")

    page.context.clear_cookies()
    login(inspector)
    page.goto("/cadres/files/")
    page.get_by_test_id("integrity-file-link").filter(has_text="孙副局长").click()
    expect(page.get_by_test_id("integrity-title")).to_contain_text("孙副局长")
    expect(page.locator('[data-section="accountability"]')).to_contain_text("违规准予许可")
    expect(page.get_by_test_id("finding")).to_have_attribute("data-kind", "defer")

    page.goto("/cadres/files/reads/")
    expect(page.locator('[data-testid="read-row"][data-via="refused"]')).to_contain_text("张承办")
    expect(page.locator('[data-testid="read-row"][data-via="office"]')).to_contain_text("王纪检")
