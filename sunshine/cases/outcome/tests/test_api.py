"""The outcome API: a penalty case decided out of range with its reason, served, published, closed
and archived; refusals with their field and rule; documents by multipart, downloaded within scope."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sunshine.cases import services
from sunshine.cases.choices import CaseStatus
from sunshine.cases.outcome.tests.helpers import open_task, penalty_version, register, to_decision
from sunshine.catalog.models import DiscretionTier

pytestmark = pytest.mark.django_db
API = "/api/v1/cases"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_penalty_case_through_the_api(clerk, leader, department, legal_reviewer, inspector, other_body):
    version = penalty_version(clerk, department, legal_reviewer, inspector, leader)
    case = register(clerk, version)
    task = to_decision(clerk, case)
    tier = DiscretionTier.objects.get(benchmark__version=version, grade="轻微")
    api = client_for(clerk)
    body = {
        "kind": "penalty",
        "tier": tier.pk,
        "measure": "fine",
        "amount": "9000.00",
        "reasons": "储存超量",
        "legal_basis": "条例第三十六条",
    }
    refused = api.post(f"{API}/tasks/{task.pk}/decision", body, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["field"] == "range_reason"
    assert refused.json()["rule"]["id"] == "CAT-128"
    body["range_reason"] = "拒不改正"
    done = api.post(f"{API}/tasks/{task.pk}/decision", body, content_type="application/json")
    assert done.status_code == 201, done.content
    outcome = done.json()
    assert outcome["decision"]["out_of_range"] is True
    assert outcome["decision"]["amount"] == "9000.00"
    assert outcome["service_due"]
    served = api.post(
        f"{API}/{case.pk}/service", {"method": "direct", "recipient": "张三"}, content_type="application/json"
    )
    assert served.status_code == 201
    assert served.json()["deliveries"][0]["late"] is False
    published = api.post(f"{API}/{case.pk}/publication", {}, content_type="application/json")
    assert published.status_code == 201
    assert published.json()["publication"]["min_workdays"] == 7
    early = api.post(f"{API}/{case.pk}/archive", {"file_number": "X-1"}, content_type="application/json")
    assert early.status_code == 409
    changed = client_for(leader).post(
        f"{API}/{case.pk}/decision/change",
        {**body, "amount": "3000.00", "range_reason": "", "reason": "听证后减轻"},
        content_type="application/json",
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["decision"]["out_of_range"] is False
    assert changed.json()["decision"]["changes"][0]["reason"] == "听证后减轻"
    while case.status != CaseStatus.CLOSED:
        services.task_complete(actor=clerk, task=open_task(case), opinion="同意")
        case.refresh_from_db()
    uploaded = api.post(
        f"{API}/{case.pk}/documents", {"documents": SimpleUploadedFile("卷宗.pdf", b"%PDF-1.4 x")}
    )
    assert uploaded.status_code == 201, uploaded.content
    doc = uploaded.json()["documents"][0]
    assert api.get(f"{API}/{case.pk}/documents/{doc['id']}").status_code == 200
    filed = api.post(
        f"{API}/{case.pk}/archive", {"file_number": "AJ-2026-0001"}, content_type="application/json"
    )
    assert filed.status_code == 201
    assert filed.json()["archive"]["file_number"] == "AJ-2026-0001"
    again = api.post(
        f"{API}/{case.pk}/service", {"method": "direct", "recipient": "张三"}, content_type="application/json"
    )
    assert again.status_code == 422  # RuleViolated
    assert again.json()["rule"]["id"] == "CASE-156"


def test_the_deciding_step_is_done_through_the_decision_only(
    clerk, department, legal_reviewer, inspector, leader
):
    version = penalty_version(clerk, department, legal_reviewer, inspector, leader)
    case = register(clerk, version)
    task = to_decision(clerk, case)
    response = client_for(clerk).post(f"{API}/tasks/{task.pk}/complete", {}, content_type="application/json")
    assert response.status_code == 409
    assert response.json()["code"] == "decision_required"
    task.refresh_from_db()
    assert task.status == "open"
