"""The outcome's pages: the deciding step's form records the decision (with files), its refusals on
the form with their field and rule; the outcome card; service, publication, archive and change
pages; downloads only within scope; the decision document as PDF with the rights (pdftotext)."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from sunshine.cases.models import CaseDocument, Decision
from sunshine.cases.outcome.tests.helpers import penalty_version, permit_version, register, to_decision
from sunshine.catalog.models import DiscretionTier
from sunshine.org.choices import DataScope
from sunshine.org.tests.factories import DepartmentFactory, account_with_role

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% test\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def stranger(other_body):
    department = DepartmentFactory(parent=other_body, name="乡安监办")
    return account_with_role("clerk", unit=department, scope=DataScope.OWN_DEPARTMENT, username="stranger")


def test_the_deciding_step_form_takes_the_penalty_and_its_tier(
    clerk, department, legal_reviewer, inspector, leader
):
    version = penalty_version(clerk, department, legal_reviewer, inspector, leader)
    case = register(clerk, version)
    task = to_decision(clerk, case)
    web = client_for(clerk)
    page = web.get(reverse("cases:case_detail", args=[case.pk]))
    html = page.content.decode()
    assert 'data-testid="decision-fields"' in html
    assert "1000.00—3000.00元" in html  # the tiers are offered with their ranges
    assert 'enctype="multipart/form-data"' in html
    tier = DiscretionTier.objects.get(benchmark__version=version, grade="轻微")
    prefix = f"task{task.pk}"
    data = {
        f"{prefix}-kind": "penalty",
        f"{prefix}-tier": tier.pk,
        f"{prefix}-measure": "fine",
        f"{prefix}-amount": "8000",
        f"{prefix}-reasons": "储存超量",
        f"{prefix}-legal_basis": "条例第三十六条",
    }
    url = reverse("cases:task_complete", args=[task.pk])
    refused = web.post(url, data)
    assert refused.status_code == 422
    body = refused.content.decode()
    assert 'data-testid="error-range_reason"' in body
    assert "CAT-128" in body
    assert not Decision.objects.exists()
    data[f"{prefix}-range_reason"] = "拒不改正，情节恶劣"
    data[f"{prefix}-documents"] = SimpleUploadedFile(
        "处罚决定审批表.pdf", PDF, content_type="application/pdf"
    )
    done = web.post(url, data)
    assert done.status_code == 302, done.content.decode()[:2000]
    decision = Decision.objects.get()
    assert decision.out_of_range
    doc = CaseDocument.objects.get()
    assert doc.task_id == task.pk
    page = web.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert 'data-testid="out-of-range"' in page
    assert 'data-testid="history-document"' in page
    assert "送达期限" in page


@pytest.fixture
def approved_case(clerk, department, legal_reviewer, inspector, leader):
    version = permit_version(clerk, department, legal_reviewer, inspector, leader)
    case = register(clerk, version)
    task = to_decision(clerk, case)
    web = client_for(clerk)
    prefix = f"task{task.pk}"
    response = web.post(
        reverse("cases:task_complete", args=[task.pk]),
        {f"{prefix}-kind": "refuse", f"{prefix}-reasons": "距学校不足50米", f"{prefix}-legal_basis": "条例"},
    )
    assert response.status_code == 302
    return case


def test_service_publication_and_archive_pages(clerk, approved_case):
    case = approved_case
    web = client_for(clerk)
    form = web.get(reverse("cases:delivery", args=[case.pk]))
    assert "2个工作日" in form.content.decode()
    bad = web.post(
        reverse("cases:delivery", args=[case.pk]), {"method": "left", "recipient": "张三", "served_at": ""}
    )
    assert bad.status_code == 422
    response = web.post(
        reverse("cases:delivery", args=[case.pk]),
        {"method": "left", "recipient": "张三", "served_at": "", "proof": "见证人：李四"},
    )
    assert response.status_code == 422  # served_at is required by the form
    from sunshine.core import clock

    now = clock.local(clock.now()).strftime("%Y-%m-%dT%H:%M")
    response = web.post(
        reverse("cases:delivery", args=[case.pk]),
        {"method": "left", "recipient": "张三", "served_at": now, "proof": "见证人：李四"},
    )
    assert response.status_code == 302
    response = web.post(
        reverse("cases:publication", args=[case.pk]),
        {
            "channel": "县政府门户网站",
            "starts_on": clock.today().isoformat(),
            "content": "不予许可：示范县红星烟花店",
        },
    )
    assert response.status_code == 302
    page = web.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert 'data-testid="publication"' in page
    assert 'data-testid="archive-add"' not in page  # the case is not closed yet


def test_documents_are_downloaded_within_scope_only(clerk, stranger, approved_case):
    case = approved_case
    web = client_for(clerk)
    response = web.post(
        reverse("cases:documents_add", args=[case.pk]),
        {"documents": SimpleUploadedFile("现场照片.png", b"\x89PNG\r\n\x1a\nxxxx")},
    )
    assert response.status_code == 302
    doc = CaseDocument.objects.get()
    url = reverse("cases:document_download", args=[case.pk, doc.pk])
    got = web.get(url)
    assert got.status_code == 200
    assert b"".join(got.streaming_content).startswith(b"\x89PNG")
    assert got["Content-Disposition"].startswith("attachment")
    assert got["X-Content-Type-Options"] == "nosniff"
    assert client_for(stranger).get(url).status_code == 404
    bad = web.post(
        reverse("cases:documents_add", args=[case.pk]), {"documents": SimpleUploadedFile("a.html", b"<h1>")}
    )
    assert bad.status_code == 422
    assert 'data-testid="error-documents"' in bad.content.decode()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_decision_document_states_the_refusal_and_the_rights(clerk, approved_case, tmp_path):
    response = client_for(clerk).get(reverse("cases:decision_pdf", args=[approved_case.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "d.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    flat = "".join(text.split())
    assert "不予行政许可决定书" in flat
    assert "距学校不足50米" in flat
    assert "行政复议" in flat
    assert "行政诉讼" in flat
    assert approved_case.number in flat


def test_only_the_principal_changes_a_decision_with_a_reason(clerk, leader, approved_case):
    case = approved_case
    url = reverse("cases:decision_change", args=[case.pk])
    assert client_for(clerk).get(url).status_code == 403
    web = client_for(leader)
    form = web.get(url)
    assert form.status_code == 200
    assert "距学校不足50米" in form.content.decode()  # the decision as it stands
    decision = Decision.objects.get()
    data = {"kind": "refuse", "reasons": "距学校不足50米，且无消防器材", "legal_basis": "条例", "reason": ""}
    refused = web.post(url, {**data, "expected_version": decision.version})
    assert refused.status_code == 422
    done = web.post(url, {**data, "reason": "补充查明事实", "expected_version": decision.version})
    assert done.status_code == 302
    page = web.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert 'data-testid="decision-changes"' in page
    assert "补充查明事实" in page
