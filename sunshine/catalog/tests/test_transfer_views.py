"""The pages that move the catalogue in and out: Excel export, template, import, the PDF book."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from sunshine.catalog.models import PowerItem
from sunshine.catalog.tests.factories import complete_draft, published
from sunshine.catalog.tests.test_workbook import filled, item_row
from sunshine.org.tests.factories import account_with_role

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def office(body):
    return account_with_role("office_clerk", unit=body, username="office", full_name="钱办公室")


def upload(data: bytes, name: str = "catalogue.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_export_gives_the_catalogue_as_a_workbook(clerk, department):
    complete_draft(clerk, department)
    response = client_for(clerk).get("/catalog/export.xlsx")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert any("XK-001" in str(cell.value) for sheet in workbook for row in sheet.iter_rows() for cell in row)


def test_the_book_is_a_pdf(clerk, department, legal_reviewer, inspector, leader):
    published(clerk, department, legal_reviewer, inspector, leader)
    response = client_for(leader).get("/catalog/book.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_good_workbook_is_imported(office, department, body):
    data = filled(office, body, {"items": [item_row(code="XK-9", department=department.name)]})
    response = client_for(office).post("/catalog/import/", {"body": body.pk, "file": upload(data)})
    assert response.status_code == 302
    assert PowerItem.objects.filter(code="XK-9").exists()


def test_a_bad_workbook_writes_nothing_and_comes_back_marked(office, department, body):
    rows = [item_row(code="XK-9", department=department.name), item_row(code="XK-10", category="受贿")]
    data = filled(office, body, {"items": rows})
    response = client_for(office).post("/catalog/import/", {"body": body.pk, "file": upload(data)})
    assert response.status_code == 422
    page = response.content.decode()
    assert 'data-testid="import-errors"' in page
    assert "权力类别" in page
    assert "data:application/vnd.openxmlformats" in page
    assert not PowerItem.objects.exists()


def test_a_file_that_is_not_a_workbook_is_refused_on_the_form(office, body):
    response = client_for(office).post("/catalog/import/", {"body": body.pk, "file": upload(b"hello")})
    assert response.status_code == 422
    assert "无法读取该文件" in response.content.decode()


def test_only_importers_import(inspector, body):
    assert client_for(inspector).get("/catalog/import/").status_code == 403
    assert client_for(inspector).get("/catalog/import/template.xlsx").status_code == 403
