"""The pages: the alert page's "立案问责" hook, registering from it, the list with clocks, the case
page and a stage action refused on its form with the rule (ACT-1, ACC-6, ACC-12)."""

from __future__ import annotations

import pytest
from django.test import Client

from sunshine.accountability.models import AccountabilityCase, Ground
from sunshine.accountability.tests.conftest import opened

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_alert_page_offers_accountability_to_the_discipline_office(red_alert, inspector, clerk):
    page = client_for(inspector).get(f"/oversight/alerts/{red_alert.pk}/")
    assert 'data-testid="register-accountability"' in page.content.decode()
    assert (
        'data-testid="register-accountability"'
        not in client_for(clerk).get(f"/oversight/alerts/{red_alert.pk}/").content.decode()
    )


def test_register_from_an_alert_then_open(red_alert, inspector, clerk, leader):
    client = client_for(inspector)
    form = client.get(f"/accountability/new/?alert={red_alert.pk}")
    assert form.status_code == 200
    ground = Ground.objects.get(catalogue="enforcement", number=4)
    done = client.post(
        f"/accountability/new/?alert={red_alert.pk}",
        {
            "source": "alert",
            "subject": "办件超期",
            "target": "individual",
            "person": clerk.pk,
            "grounds": [ground.pk],
        },
    )
    assert done.status_code == 302, done.content.decode()[:2000]
    acase = AccountabilityCase.objects.get()
    assert acase.alert == red_alert
    assert acase.case == red_alert.case
    listing = client.get("/accountability/").content.decode()
    assert acase.number in listing
    refused = client.post(
        f"/accountability/{acase.pk}/open/",
        {"verification": "属实", "approved_by": clerk.pk, "version": acase.version},
    )
    assert refused.status_code == 422
    assert "ACC-6" in refused.content.decode()
    ok = client.post(
        f"/accountability/{acase.pk}/open/",
        {"verification": "属实", "approved_by": leader.pk, "version": acase.version},
    )
    assert ok.status_code == 302
    page = client.get(f"/accountability/{acase.pk}/").content.decode()
    assert 'data-key="investigation" data-state="running"' in page
    assert 'data-testid="action-members"' in page


def test_case_page_is_the_discipline_offices(inspector, body, clerk, leader, other_body):
    from sunshine.org.tests.factories import account_with_role

    acase = opened(inspector, body, clerk, leader)
    assert client_for(clerk).get(f"/accountability/{acase.pk}/").status_code == 403
    stranger = account_with_role("discipline_inspector", unit=other_body, username="insp2")
    assert client_for(stranger).get(f"/accountability/{acase.pk}/").status_code == 404
    refused = client_for(inspector).post(
        f"/accountability/{acase.pk}/members/", {"user": clerk.pk, "version": acase.version}
    )
    assert refused.status_code == 422
    assert "ACC-12" in refused.content.decode()


def test_decision_prints_with_the_rights(inspector, body, clerk, leader, legal_reviewer):
    """ACC-10: the decision document states the appeal right of ACC-11."""
    import io

    from docx import Document

    from sunshine.accountability.tests.conftest import decided

    acase = decided(inspector, body, clerk, leader, legal_reviewer)
    client = client_for(inspector)
    pdf = client.get(f"/accountability/{acase.pk}/decision.pdf")
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    word = client.get(f"/accountability/{acase.pk}/decision.docx")
    text = "\n".join(
        cell.text
        for table in Document(io.BytesIO(b"".join(word.streaming_content))).tables
        for row in table.rows
        for cell in row.cells
    )
    assert "15个工作日内" in text
    assert "通报批评" in text


def test_no_decision_no_document(inspector, body, clerk, leader):
    acase = opened(inspector, body, clerk, leader)
    assert client_for(inspector).get(f"/accountability/{acase.pk}/decision.pdf").status_code == 409


def test_demo_case_from_a_red_alert(red_alert, inspector, leader, legal_reviewer, as_system):
    """The demo opens a case from a red alert and runs it to the decision (issue #9 §8); again: nothing."""
    from sunshine.accountability import demo

    assert demo.load() == {"accountability cases": 1}
    acase = AccountabilityCase.objects.get()
    assert acase.alert == red_alert
    assert acase.status == "decided"
    assert demo.load() == {}


def _pdf_text(data: bytes) -> str:
    import subprocess

    return subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def _docx_text(data: bytes) -> str:
    import io

    from docx import Document

    document = Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_opening_report_and_review_documents_print_in_chinese(inspector, body, clerk, leader, legal_reviewer):
    """启动问责通知书 (ACC-6..8), 问责调查报告 (ACC-9), 申诉复核决定书 (ACC-11): PDF and Word, read back."""
    from sunshine.accountability import services
    from sunshine.accountability.tests.conftest import MONDAY, decided
    from sunshine.core import clock

    with clock.as_of(MONDAY):  # inside the calendar's years, with the 30 working days of review
        acase = decided(inspector, body, clerk, leader, legal_reviewer)
        acase = services.case_serve(actor=inspector, acase=acase, received_at=None, rights_stated=True)
        acase = services.case_appeal(actor=inspector, acase=acase, reason="处理过重")
        acase = services.case_review(actor=inspector, acase=acase, outcome="upheld", text="维持原决定")
    client = client_for(inspector)
    expected = {
        "opening": ["启动问责通知书", "陈述和申辩", "ACC-7", "赵法制（组长）"],
        "report": ["问责调查报告", "违规准予许可", "对事实无异议", "基本结论"],
        "review": ["申诉复核决定书", "处理过重", "维持原决定"],
    }
    for slug, words in expected.items():
        pdf = client.get(f"/accountability/{acase.pk}/print/{slug}.pdf")
        assert pdf.status_code == 200, slug
        text = _pdf_text(b"".join(pdf.streaming_content)).replace(" ", "").replace("\n", "")
        word = _docx_text(
            b"".join(client.get(f"/accountability/{acase.pk}/print/{slug}.docx").streaming_content)
        )
        for w in words:
            assert w in text, (slug, w)
            assert w in word, (slug, w)


def test_a_document_waits_for_its_step(inspector, body, clerk, leader):
    acase = opened(inspector, body, clerk, leader)
    client = client_for(inspector)
    assert client.get(f"/accountability/{acase.pk}/print/opening.pdf").status_code == 200
    refused = client.get(f"/accountability/{acase.pk}/print/report.pdf")
    assert refused.status_code == 409
    assert "ACC-9" in refused.content.decode()
    assert client.get(f"/accountability/{acase.pk}/print/nothing.pdf").status_code == 404
