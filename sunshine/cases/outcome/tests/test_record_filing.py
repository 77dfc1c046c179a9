"""备案 of a major penalty (CASE-156, CASE-159 step 9): after archiving, a penalty decided after
collective discussion (the 集体讨论 step of the penalty flowchart, taken when the gateway variable
``major`` is true, CASE-152) is filed for the record with the superior bureau: date, recipient,
document number, by whom. The case page shows 待备案 until then; the outcome API exposes it."""

from __future__ import annotations

import datetime as dt

import pytest

from sunshine.cases import services
from sunshine.cases.choices import CaseStatus
from sunshine.cases.models import RecordFiling
from sunshine.cases.outcome import archive, decisions
from sunshine.cases.outcome.tests.helpers import open_task, penalty_version, register
from sunshine.cases.outcome.tests.test_api import client_for
from sunshine.cases.tests.officers import prepare_step
from sunshine.catalog.models import DiscretionTier
from sunshine.core import clock
from sunshine.core.errors import Conflict, InvalidInput, NotPermitted
from sunshine.core.models import AuditRecord
from sunshine.flows.engine import executor

pytestmark = pytest.mark.django_db
API = "/api/v1/cases"


@pytest.fixture
def penalty(clerk, department, legal_reviewer, inspector, leader):
    return penalty_version(clerk, department, legal_reviewer, inspector, leader)


def archived(clerk, version, *, major: bool, number: str = "AJ-2026-0001"):
    """A penalty case taken to its end (重大案件？ answered ``major``), fined and archived."""
    case = register(clerk, version)
    xml = version.flowchart.xml
    for _ in range(30):
        if case.status == CaseStatus.CLOSED:
            break
        task = open_task(case)
        if task.element_id == "Task_decide":
            tier = DiscretionTier.objects.filter(benchmark__version=version, grade="轻微").get()
            decisions.decision_record(
                actor=clerk,
                task=task,
                kind="penalty",
                measure="fine",
                amount="2000",
                tier=tier,
                reasons="储存超量",
                legal_basis="条例第三十六条",
            )
        else:
            labels = [o.label for o in executor.options_after(xml, task.element_id)]
            wanted = "是" if major else "否"
            choice = wanted if wanted in labels else (labels[0] if labels else "")
            extra = prepare_step(case, task, clerk, major=major)
            services.task_complete(actor=clerk, task=task, opinion="同意", choice=choice, **extra)
        case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    archive.case_archive(actor=clerk, case=case, file_number=number)
    case.refresh_from_db()
    return case


def test_a_major_penalty_is_pending_until_filed_for_the_record(clerk, penalty):
    case = archived(clerk, penalty, major=True)
    assert case.tasks.filter(element_id="Task_collective", status="done").exists()
    assert archive.is_major(case)
    assert archive.record_filing_pending(case)
    filing = archive.record_filing_record(
        actor=clerk, case=case, recipient=archive.default_recipient(case), document_number="安监备〔2026〕3号"
    )
    assert (filing.filed_by, filing.filed_on, filing.document_number) == (
        clerk,
        clock.today(),
        "安监备〔2026〕3号",
    )
    case.refresh_from_db()
    assert not archive.record_filing_pending(case)
    assert AuditRecord.objects.get(action="cases.record_filing").actor == clerk
    with pytest.raises(Conflict) as error:
        archive.record_filing_record(actor=clerk, case=case, recipient="市局", document_number="2号")
    assert (error.value.code, error.value.rule) == ("already_filed", "CASE-156")
    assert RecordFiling.objects.count() == 1


def test_an_ordinary_penalty_needs_no_filing(clerk, penalty):
    case = archived(clerk, penalty, major=False)
    assert not archive.is_major(case)
    assert not archive.record_filing_pending(case)
    with pytest.raises(Conflict) as error:
        archive.record_filing_record(actor=clerk, case=case, recipient="市局", document_number="1号")
    assert error.value.code == "not_major"


def test_bad_input_and_strangers_are_refused(clerk, penalty, auditor):
    case = archived(clerk, penalty, major=True)
    with pytest.raises(InvalidInput) as error:
        archive.record_filing_record(actor=clerk, case=case, recipient="市局", document_number=" ")
    assert error.value.field == "document_number"
    with pytest.raises(InvalidInput) as error:
        archive.record_filing_record(
            actor=clerk,
            case=case,
            recipient="市局",
            document_number="1号",
            filed_on=clock.today() + dt.timedelta(days=1),
        )
    assert error.value.field == "filed_on"
    with pytest.raises(NotPermitted):
        archive.record_filing_record(actor=auditor, case=case, recipient="市局", document_number="1号")
    assert not RecordFiling.objects.exists()


def test_filing_needs_the_archive_first(clerk, penalty):
    case = register(clerk, penalty)
    with pytest.raises(Conflict) as error:
        archive.record_filing_record(actor=clerk, case=case, recipient="市局", document_number="1号")
    assert error.value.code == "not_archived"


def test_the_outcome_api_exposes_and_records_the_filing(clerk, penalty):
    case = archived(clerk, penalty, major=True)
    api = client_for(clerk)
    outcome = api.get(f"{API}/{case.pk}/outcome").json()
    assert outcome["major"] is True
    assert outcome["record_filing_pending"] is True
    assert outcome["record_filing"] is None
    bad = api.post(f"{API}/{case.pk}/record-filing", {"document_number": ""}, content_type="application/json")
    assert bad.status_code in (400, 422)
    assert bad.json()["field"] == "document_number"
    done = api.post(
        f"{API}/{case.pk}/record-filing",
        {"document_number": "安监备〔2026〕3号"},
        content_type="application/json",
    )
    assert done.status_code == 201, done.content
    data = done.json()
    assert data["record_filing_pending"] is False
    assert data["record_filing"]["recipient"] == archive.default_recipient(case)
    assert data["record_filing"]["filed_by"] == clerk.pk


def test_the_case_page_shows_pending_then_filed(clerk, penalty):
    case = archived(clerk, penalty, major=True)
    web = client_for(clerk)
    page = web.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="record-filing-pending"' in page
    assert "待备案" in page
    assert 'data-testid="record-filing-add"' in page
    form_page = web.get(f"/cases/{case.pk}/record-filing/").content.decode()
    assert archive.default_recipient(case) in form_page
    form = {
        "recipient": "郴州市安全生产监督管理局",
        "document_number": "",
        "filed_on": clock.today().isoformat(),
    }
    assert web.post(f"/cases/{case.pk}/record-filing/", form).status_code == 422
    done = web.post(f"/cases/{case.pk}/record-filing/", {**form, "document_number": "安监备〔2026〕3号"})
    assert done.status_code == 302
    page = web.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="record-filing-pending"' not in page
    assert 'data-testid="record-filed"' in page
    assert "郴州市安全生产监督管理局" in page


def test_an_ordinary_archived_penalty_shows_no_pending_filing(clerk, penalty):
    case = archived(clerk, penalty, major=False)
    page = client_for(clerk).get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="record-filing-pending"' not in page
    assert client_for(clerk).get(f"/cases/{case.pk}/record-filing/").status_code == 200  # the form
    refused = client_for(clerk).post(
        f"/cases/{case.pk}/record-filing/",
        {"recipient": "市局", "document_number": "1号", "filed_on": clock.today().isoformat()},
    )
    assert refused.status_code in (409, 422)


def test_the_case_lists_filter_and_mark_the_pending_filings(clerk, penalty):
    """待备案 in the case list's status filter and as a badge (and in the API's list): only the
    archived major penalty without its filing (CASE-156)."""
    major = archived(clerk, penalty, major=True)
    ordinary = archived(clerk, penalty, major=False, number="AJ-2026-0002")
    web = client_for(clerk)
    page = web.get("/cases/all/", {"status": "record_pending"}).content.decode()
    assert major.number in page
    assert ordinary.number not in page
    assert 'value="record_pending"' in web.get("/cases/all/").content.decode()
    everything = web.get("/cases/all/").content.decode()
    assert everything.count('data-testid="record-pending"') == 1
    listed = web.get(f"{API}/", {"status": "record_pending"}).json()
    assert [c["number"] for c in listed["results"]] == [major.number]
    assert listed["results"][0]["record_pending"] is True
    archive.record_filing_record(actor=clerk, case=major, recipient="市局", document_number="备〔2026〕1号")
    assert web.get(f"{API}/", {"status": "record_pending"}).json()["count"] == 0
