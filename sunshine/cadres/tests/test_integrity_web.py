"""/cadres/files/ pages and /api/v1/cadres/files/: the file for the discipline office, the refusal
with its rule (IFL-1) for others, Word and PDF exports, the opinion from request to printed answer
(SUP-115..118), the dashboard."""

from __future__ import annotations

import io

import pytest
from django.test import Client

from sunshine.accountability.tests.conftest import register
from sunshine.cadres.integrity.models import FileRead
from sunshine.core import clock
from sunshine.org.tests.factories import PersonFactory, account_with_role

pytestmark = pytest.mark.django_db
API = "/api/v1/cadres/files"


@pytest.fixture
def cadre(body):
    user = account_with_role("deputy_leader", unit=body, username="cadre", full_name="孙副局长")
    PersonFactory(unit=body, name="孙副局长", user=user)
    return user


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_pages_of_the_discipline_office(inspector, body, cadre):
    register(inspector, body, cadre)
    c = client_of(inspector)
    listing = c.get("/cadres/files/")
    assert listing.status_code == 200
    assert "孙副局长" in listing.content.decode()
    page = c.get(f"/cadres/files/{cadre.pk}/")
    assert page.status_code == 200
    assert "违规准予许可" in page.content.decode()
    for url in (
        "/cadres/files/reads/",
        "/cadres/files/grants/",
        "/cadres/files/matters/",
        "/cadres/files/opinions/",
    ):
        assert c.get(url).status_code == 200, url
    assert FileRead.objects.filter(via="office").count() == 1


def test_a_refused_page_names_the_rule(clerk, cadre):
    response = client_of(clerk).get(f"/cadres/files/{cadre.pk}/")
    assert response.status_code == 403
    assert "IFL-1" in response.content.decode()
    assert FileRead.objects.get().via == "refused"


def test_the_file_exports_to_word_and_pdf(inspector, body, cadre):
    from docx import Document

    register(inspector, body, cadre)
    c = client_of(inspector)
    word = c.get(f"/cadres/files/{cadre.pk}/export/docx/")
    assert word.status_code == 200
    text = "\n".join(
        cell.text for t in Document(io.BytesIO(word.content)).tables for r in t.rows for cell in r.cells
    )
    assert "违规准予许可" in text
    pdf = c.get(f"/cadres/files/{cadre.pk}/export/pdf/")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    assert list(FileRead.objects.order_by("id").values_list("kind", flat=True)) == ["word", "pdf"]


def test_the_api_reads_and_refuses_with_the_rule(inspector, clerk, cadre):
    refused = client_of(clerk).get(f"{API}/{cadre.pk}")
    assert refused.status_code == 403
    assert refused.json()["rule"]["id"] == "IFL-1"
    read = client_of(inspector).get(f"{API}/{cadre.pk}")
    assert read.status_code == 200
    assert read.json()["conclusion"] == "no_objection"
    reads = client_of(inspector).get(f"{API}/reads").json()
    assert [r["via"] for r in reads["results"]] == ["office", "refused"]


def test_the_api_grants_a_reader(inspector, clerk, cadre):
    today = clock.today().isoformat()
    made = client_of(inspector).post(
        f"{API}/grants",
        {"reader": clerk.pk, "cadre": cadre.pk, "reason": "任职考察", "starts_on": today, "ends_on": today},
        content_type="application/json",
    )
    assert made.status_code == 201, made.json()
    assert client_of(clerk).get(f"{API}/{cadre.pk}").status_code == 200
    own = client_of(inspector).post(
        f"{API}/grants",
        {"reader": cadre.pk, "cadre": cadre.pk, "reason": "x", "starts_on": today, "ends_on": today},
        content_type="application/json",
    )
    assert own.status_code == 422
    assert own.json()["field"] == "reader"


def test_the_opinion_from_request_to_printed_answer(leader, inspector, body, cadre):
    register(inspector, body, cadre)
    requested = client_of(leader).post(
        f"{API}/opinions",
        {"cadre": cadre.pk, "current_post": "副局长", "proposed_post": "局长"},
        content_type="application/json",
    )
    assert requested.status_code == 201, requested.json()
    pk = requested.json()["id"]
    detail = client_of(inspector).get(f"/cadres/files/opinions/{pk}/")
    assert "建议暂缓" in detail.content.decode()
    missing = client_of(inspector).post(
        f"{API}/opinions/{pk}/answer",
        {"collective_opinion": "", "discussed_on": clock.today().isoformat()},
        content_type="application/json",
    )
    assert missing.status_code == 400
    assert missing.json()["field"] == "collective_opinion"
    answered = client_of(inspector).post(
        f"{API}/opinions/{pk}/answer",
        {"collective_opinion": "建议暂缓提拔", "discussed_on": clock.today().isoformat()},
        content_type="application/json",
    )
    assert answered.status_code == 200, answered.json()
    assert answered.json()["conclusion"] == "defer"
    printed = client_of(leader).get(f"/cadres/files/opinions/{pk}/print/")
    assert printed.status_code == 200
    assert printed.content.startswith(b"%PDF")


def test_the_dashboard_api_lists_open_accountability_cases(inspector, body, cadre):
    register(inspector, body, cadre)
    rows = client_of(inspector).get(f"{API}/matters").json()
    assert [r["area"] for r in rows] == ["问责案件"]
