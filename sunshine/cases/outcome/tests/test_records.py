"""Service (送达, CASE-153/CASE-33), publication (CASE-158/CASE-35), archiving (CASE-156) and step
documents (issue #6 §1, §6)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sunshine.cases import services
from sunshine.cases.choices import CaseStatus, TaskStatus
from sunshine.cases.models import CaseDocument, Delivery
from sunshine.cases.outcome import archive, decisions, delivery, documents, publication
from sunshine.cases.outcome.tests.helpers import (
    open_task,
    penalty_version,
    permit_version,
    register,
    to_decision,
)
from sunshine.cases.tests.officers import prepare_step
from sunshine.catalog.models import DiscretionTier
from sunshine.core import clock
from sunshine.core.errors import Conflict, InvalidInput, RuleViolated
from sunshine.workdays.services import add_working_days

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% test\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def permit(clerk, department, legal_reviewer, inspector, leader):
    return permit_version(clerk, department, legal_reviewer, inspector, leader)


@pytest.fixture
def penalty(clerk, department, legal_reviewer, inspector, leader):
    return penalty_version(clerk, department, legal_reviewer, inspector, leader)


def approved(clerk, version):
    case = register(clerk, version)
    task = to_decision(clerk, case)
    decisions.decision_record(actor=clerk, task=task, kind="approve", reasons="符合条件", legal_basis="条例")
    case.refresh_from_db()
    return case


def fined(clerk, version):
    case = register(clerk, version)
    task = to_decision(clerk, case)
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
    case.refresh_from_db()
    return case


def finish(clerk, case):
    while case.status not in (CaseStatus.CLOSED, CaseStatus.REFUSED):
        task = open_task(case)  # 送达 needs its service record first (CASE-153)
        services.task_complete(actor=clerk, task=task, opinion="同意", **prepare_step(case, task, clerk))
        case.refresh_from_db()
    return case


def test_service_deadline_is_seven_working_days_for_a_penalty_CASE_153(clerk, penalty):
    case = fined(clerk, penalty)
    decided = clock.local(case.decision.decided_at).date()
    served = delivery.delivery_record(
        actor=clerk, case=case, method="direct", recipient="示范县红星烟花店 张三"
    )
    assert served.due_on == add_working_days(date=decided, n=7)
    assert served.late is False


def test_service_of_a_permit_is_due_in_two_working_days_and_late_service_is_flagged_CASE_33(clerk, permit):
    case = approved(clerk, permit)
    decided_at = case.decision.decided_at
    due = add_working_days(date=clock.local(decided_at).date(), n=2)
    later = dt.datetime.combine(due + dt.timedelta(days=3), dt.time(10), tzinfo=clock.LOCAL_TZ)
    with clock.as_of(later):
        served = delivery.delivery_record(
            actor=clerk, case=case, method="post", recipient="张三", proof="EMS 1"
        )
    assert served.due_on == due
    assert served.late is True


def test_service_needs_a_decision_a_lawful_method_and_proof_where_required(clerk, permit):
    case = register(clerk, permit)
    with pytest.raises(Conflict):
        delivery.delivery_record(actor=clerk, case=case, method="direct", recipient="张三")
    case = approved(clerk, permit)
    with pytest.raises(InvalidInput) as error:
        delivery.delivery_record(actor=clerk, case=case, method="pigeon", recipient="张三")
    assert error.value.field == "method"
    with pytest.raises(InvalidInput) as error:
        delivery.delivery_record(actor=clerk, case=case, method="left", recipient="张三")
    assert error.value.field == "proof"
    with pytest.raises(InvalidInput) as error:
        delivery.delivery_record(
            actor=clerk,
            case=case,
            method="direct",
            recipient="张三",
            served_at=clock.now() + dt.timedelta(hours=1),
        )
    assert error.value.field == "served_at"
    assert not Delivery.objects.exists()


def test_publication_runs_at_least_seven_working_days_CASE_158(clerk, penalty):
    case = fined(clerk, penalty)
    published = publication.publication_record(actor=clerk, case=case)
    assert published.earliest_end == add_working_days(date=clock.today(), n=7)
    assert "罚款2000.00元" in published.content
    assert list(publication.published_results()) == [published]
    assert list(publication.published_results(body=case.body)) == [published]
    with pytest.raises(Conflict):
        publication.publication_record(actor=clerk, case=case)


def test_publication_only_where_the_item_says_so(clerk, department, legal_reviewer, inspector, leader):
    version = permit_version(clerk, department, legal_reviewer, inspector, leader, public=False)
    case = approved(clerk, version)
    with pytest.raises(Conflict) as error:
        publication.publication_record(actor=clerk, case=case)
    assert (error.value.code, error.value.rule) == ("not_public", "CASE-35")


def test_archiving_after_closure_makes_the_outcome_read_only_CASE_156(clerk, leader, penalty):
    case = fined(clerk, penalty)
    with pytest.raises(Conflict) as error:
        archive.case_archive(actor=clerk, case=case, file_number="A-1")
    assert error.value.code == "not_closed"
    case = finish(clerk, case)
    number = archive.suggested_number(case)
    filed = archive.case_archive(actor=clerk, case=case, file_number=number)
    assert filed.archived_by == clerk
    for attempt in (
        lambda: delivery.delivery_record(actor=clerk, case=case, method="direct", recipient="张三"),
        lambda: decisions.decision_change(
            actor=leader, decision=case.decision, reason="改", measure="warning", reasons="x", legal_basis="y"
        ),
        lambda: documents.documents_add(actor=clerk, case=case, files=[SimpleUploadedFile("a.pdf", PDF)]),
        lambda: archive.case_archive(actor=clerk, case=case, file_number="other"),
    ):
        with pytest.raises(RuleViolated) as error:
            attempt()
        assert error.value.rule == "CASE-156"


def test_a_file_number_is_used_once(clerk, penalty):
    first = finish(clerk, fined(clerk, penalty))
    second = finish(clerk, fined(clerk, penalty))
    archive.case_archive(actor=clerk, case=first, file_number="AJ-2026-0001")
    with pytest.raises(InvalidInput) as error:
        archive.case_archive(actor=clerk, case=second, file_number="AJ-2026-0001")
    assert error.value.field == "file_number"


def test_a_step_takes_documents_checked_by_type_and_size(clerk, permit, media):
    case = register(clerk, permit)
    task = open_task(case)
    with pytest.raises(InvalidInput) as error:
        documents.step_complete(
            actor=clerk, task=task, choice="受理", files=[SimpleUploadedFile("evil.exe", b"MZ...")]
        )
    assert error.value.field == "documents"
    with pytest.raises(InvalidInput) as error:  # a PDF name on other content
        documents.step_complete(
            actor=clerk, task=task, choice="受理", files=[SimpleUploadedFile("x.pdf", b"<html>")]
        )
    assert "内容与文件类型不符" in str(error.value.message)
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * documents.MAX_BYTES)
    with pytest.raises(InvalidInput):
        documents.step_complete(actor=clerk, task=task, choice="受理", files=[big])
    documents.step_complete(
        actor=clerk, task=task, choice="受理", files=[SimpleUploadedFile("../../受理审查表.pdf", PDF)]
    )
    doc = CaseDocument.objects.get()
    assert (doc.task, doc.name, doc.content_type) == (task, "受理审查表.pdf", "application/pdf")
    stored = documents.path_of(doc.sha256)
    assert stored.read_bytes() == PDF
    assert str(stored).startswith(str(media))
