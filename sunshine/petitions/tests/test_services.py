"""Rules of the petitions services (PET-*, CASE-1/3/10/19, PTN-1..4), each with its edges."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError

from sunshine.core import clock
from sunshine.core.errors import InvalidInput, NotFound, NotPermitted, RuleViolated
from sunshine.core.models import AuditRecord
from sunshine.org.tests.factories import DepartmentFactory, PersonFactory, account_with_role
from sunshine.petitions import selectors, services
from sunshine.petitions.choices import EventKind, PetitionStatus
from sunshine.petitions.models import Petition, PetitionAlert, PetitionSettings
from sunshine.petitions.tests.conftest import MONDAY, file
from sunshine.workdays.services import calendar_import_csv

pytestmark = pytest.mark.django_db


def local_date(instant):
    return clock.local(instant).date()


# --- Deadlines (PTN-1, CASE-3, CAL-2) ------------------------------------------------------------


def test_complaint_due_fifteen_working_days_after_receipt_not_counting_the_day(filed):
    petition, _secret = filed
    assert petition.limit_workdays == 15
    assert local_date(petition.due_at) == dt.date(2026, 3, 23)
    assert clock.local(petition.due_at).time() == dt.time(23, 59, 59, 999999)


def test_report_gets_thirty_working_days(body):
    with clock.as_of(MONDAY):
        petition, _ = file(body, kind="report")
    assert local_date(petition.due_at) == dt.date(2026, 4, 14)  # 清明 (4-6 Apr) not counted


def test_body_setting_overrides_default_limit(body):
    PetitionSettings.objects.create(body=body, complaint_workdays=3)
    with clock.as_of(MONDAY):
        petition, _ = file(body)
    assert local_date(petition.due_at) == dt.date(2026, 3, 5)


def test_request_clock_starts_at_assignment_five_working_days(body, office, clerk, clerk_person):
    """CASE-3: a website enquiry is answered within 5 working days of its assignment."""
    with clock.as_of(MONDAY):
        petition, _ = file(body, kind="request")
    assigned = dt.datetime(2026, 3, 6, 16, 0, tzinfo=clock.LOCAL_TZ)  # Friday
    with clock.as_of(assigned):
        petition = services.petition_assign(actor=office, petition=petition, handler=clerk)
    assert local_date(petition.due_at) == dt.date(2026, 3, 13)


def test_request_reassignment_does_not_restart_clock(body, office, clerk, clerk_person, inspector):
    with clock.as_of(MONDAY):
        petition, _ = file(body, kind="request")
        petition = services.petition_assign(actor=office, petition=petition, handler=clerk)
    with clock.as_of(MONDAY + dt.timedelta(days=3)):
        petition = services.petition_assign(actor=office, petition=petition, handler=inspector)
    assert local_date(petition.due_at) == dt.date(2026, 3, 9)


def test_warning_starts_two_working_days_before_due(filed):
    petition, _ = filed
    assert clock.local(petition.warn_at) == dt.datetime(2026, 3, 20, 0, 0, tzinfo=clock.LOCAL_TZ)


# --- Extension (PTN-2, CASE-10) ------------------------------------------------------------------


def test_extension_moves_due_and_tells_reporter(filed, leader):
    petition, _ = filed
    with clock.as_of(MONDAY + dt.timedelta(days=7)):
        petition = services.petition_extend(actor=leader, petition=petition, workdays=10, reason="需现场核查")
    assert local_date(petition.due_at) == dt.date(2026, 4, 7)  # 10 wd after 23 Mar, 清明 skipped
    event = petition.events.get(kind=EventKind.EXTENDED)
    assert event.public
    assert "需现场核查" in event.text
    assert "2026-04-07" in event.text


def test_extension_only_once(filed, leader):
    petition, _ = filed
    with clock.as_of(MONDAY):
        petition = services.petition_extend(actor=leader, petition=petition, workdays=5, reason="核查")
        with pytest.raises(RuleViolated) as info:
            services.petition_extend(actor=leader, petition=petition, workdays=5, reason="再次")
    assert info.value.code == "already_extended"


def test_extension_refused_after_limit_passed(filed, leader):
    petition, _ = filed
    with (
        clock.as_of(dt.datetime(2026, 3, 24, 0, 0, 1, tzinfo=clock.LOCAL_TZ)),
        pytest.raises(RuleViolated) as info,
    ):
        services.petition_extend(actor=leader, petition=petition, workdays=5, reason="核查")
    assert info.value.code == "extension_too_late"


def test_extension_on_the_last_day_is_allowed(filed, leader):
    petition, _ = filed
    with clock.as_of(dt.datetime(2026, 3, 23, 23, 0, tzinfo=clock.LOCAL_TZ)):
        petition = services.petition_extend(actor=leader, petition=petition, workdays=1, reason="核查")
    assert local_date(petition.due_at) == dt.date(2026, 3, 24)


@pytest.mark.parametrize("workdays", [0, 16])
def test_extension_bounded_by_body_maximum(filed, leader, workdays):
    petition, _ = filed
    with clock.as_of(MONDAY), pytest.raises(InvalidInput) as info:
        services.petition_extend(actor=leader, petition=petition, workdays=workdays, reason="核查")
    assert info.value.code == "extension_out_of_range"


def test_extension_needs_approval_permission(filed, clerk):
    petition, _ = filed
    with clock.as_of(MONDAY), pytest.raises((NotPermitted, NotFound)):
        services.petition_extend(actor=clerk, petition=petition, workdays=5, reason="核查")


# --- Secret and receipt code (PTN-3) -------------------------------------------------------------


def test_secret_is_stored_hashed_and_opens_the_item(filed):
    petition, secret = filed
    assert secret not in petition.secret_hash
    assert services.petition_follow(code=petition.code.lower(), secret=secret).pk == petition.pk


def test_wrong_secret_and_wrong_code_answer_the_same(filed):
    petition, secret = filed
    with pytest.raises(NotFound) as wrong_secret:
        services.petition_follow(code=petition.code, secret=secret + "x")
    with pytest.raises(NotFound) as wrong_code:
        services.petition_follow(code="XF2222222222", secret=secret)
    assert (wrong_secret.value.code, wrong_secret.value.message) == (
        wrong_code.value.code,
        wrong_code.value.message,
    )


def test_empty_secret_never_opens(filed):
    petition, _ = filed
    with pytest.raises(NotFound):
        services.petition_follow(code=petition.code, secret="")


def test_supplement_by_code_holder_is_seen_by_staff(filed, office):
    petition, _ = filed
    services.petition_supplement(petition=petition, text="补充：当天下午三点，二号窗口。")
    detail = selectors.petition_get(actor=office, pk=petition.pk)
    assert detail.events.filter(kind=EventKind.SUPPLEMENT, text__contains="二号窗口").exists()


def test_no_supplement_after_closing(named, office, clerk, clerk_person):
    petition = _answered(named[0], office, clerk)
    petition = services.petition_close(actor=office, petition=petition, satisfaction="satisfied")
    with pytest.raises(RuleViolated):
        services.petition_supplement(petition=petition, text="还有一点补充情况")


# --- Intake --------------------------------------------------------------------------------------


def test_named_item_requires_a_name(body):
    with pytest.raises(InvalidInput) as info:
        file(body, anonymous=False, name="")
    assert info.value.field == "name"


def test_anonymous_item_keeps_no_identity(filed):
    petition, _ = filed
    assert not hasattr(petition, "identity") or Petition.objects.get(pk=petition.pk).anonymous


def test_visit_needs_a_first_contact_officer(body):
    with pytest.raises(NotPermitted) as info:
        file(body, channel="visit")
    assert info.value.rule == "CASE-1"


def test_visit_registered_by_officer_names_them(body, clerk, clerk_person):
    petition, _ = file(body, channel="visit", actor=clerk)
    assert petition.registered_by == clerk


def test_visit_without_first_contact_refused_by_database(filed):
    petition, _ = filed
    with pytest.raises(IntegrityError):
        Petition.objects.filter(pk=petition.pk).update(channel="visit")


def test_closed_without_answer_refused_by_database(filed):
    petition, _ = filed
    with pytest.raises(IntegrityError):
        Petition.objects.filter(pk=petition.pk).update(status="closed")


def test_upload_of_wrong_type_refused(body):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("a.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    with pytest.raises(InvalidInput) as info:
        file(body, files=[bad])
    assert (info.value.code, info.value.field) == ("file_type", "files")


def test_upload_disguised_as_pdf_refused(body):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(InvalidInput) as info:
        file(body, files=[SimpleUploadedFile("a.pdf", b"not a pdf")])
    assert info.value.code == "file_content"


def test_upload_over_five_megabytes_refused(body):
    from django.core.files.uploadedfile import SimpleUploadedFile

    big = SimpleUploadedFile("a.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024))
    with pytest.raises(InvalidInput) as info:
        file(body, files=[big])
    assert info.value.code == "file_too_large"


def test_pdf_upload_is_kept(body):
    from django.core.files.uploadedfile import SimpleUploadedFile

    petition, _ = file(body, files=[SimpleUploadedFile("证据.pdf", b"%PDF-1.4 test")])
    assert petition.attachments.get().name == "证据.pdf"


# --- Identity (PET-11) ---------------------------------------------------------------------------


def _assigned(petition, office, clerk):
    return services.petition_assign(actor=office, petition=petition, handler=clerk)


def _answered(petition, office, clerk):
    petition = _assigned(petition, office, clerk)
    return services.petition_answer(actor=clerk, petition=petition, text="经核查，已责令窗口整改并致歉。")


def test_assigned_handler_reads_identity_and_the_read_is_audited(named, office, clerk, clerk_person):
    petition = _assigned(named[0], office, clerk)
    before = AuditRecord.objects.filter(action="petitions.identity_read").count()
    identity = services.petition_identity_read(actor=clerk, petition=petition)
    assert identity.name == "王小明"
    record = AuditRecord.objects.filter(action="petitions.identity_read").latest("id")
    assert AuditRecord.objects.filter(action="petitions.identity_read").count() == before + 1
    assert record.actor_id == clerk.pk
    assert record.object_id == str(petition.pk)
    assert "王小明" not in record.payload  # the trail says who read, not what


@pytest.mark.parametrize("who", ["office", "leader", "inspector"])
def test_identity_refused_to_anyone_not_assigned(named, office, clerk, clerk_person, leader, inspector, who):
    petition = _assigned(named[0], office, clerk)
    actor = {"office": office, "leader": leader, "inspector": inspector}[who]
    with pytest.raises(NotPermitted) as info:
        services.petition_identity_read(actor=actor, petition=petition)
    assert info.value.rule == "PET-11"
    assert not AuditRecord.objects.filter(action="petitions.identity_read", actor_id=actor.pk).exists()


def test_identity_refused_after_handler_is_replaced(named, office, clerk, clerk_person, inspector):
    petition = _assigned(named[0], office, clerk)
    services.petition_assign(actor=office, petition=petition, handler=inspector)
    with pytest.raises(NotPermitted):
        services.petition_identity_read(actor=clerk, petition=petition)


def test_identity_never_in_audit_of_filing(named):
    petition, _ = named
    record = AuditRecord.objects.filter(action="petitions.file", object_id=str(petition.pk)).get()
    assert "13900000000" not in record.payload
    assert "王小明" not in record.payload


# --- Leader reports to the discipline office only (PTN-4) ----------------------------------------


def test_report_ticked_as_on_a_leader_is_discipline_only(body, leader_person, leader, inspector, office):
    petition, _ = file(body, kind="report", accused_is_leader=True, accused_name="李局长")
    assert petition.discipline_only
    assert not selectors.petition_list(actor=leader).filter(pk=petition.pk).exists()
    assert not selectors.petition_list(actor=office).filter(pk=petition.pk).exists()
    assert selectors.petition_list(actor=inspector).filter(pk=petition.pk).exists()
    with pytest.raises(NotFound):
        selectors.petition_get(actor=leader, pk=petition.pk)


def test_triage_naming_a_leader_routes_to_discipline_for_good(
    filed, office, leader_person, clerk, clerk_person
):
    petition = _assigned(filed[0], office, clerk)
    petition = services.petition_triage(
        actor=office, petition=petition, kind="report", accused_person=leader_person
    )
    assert petition.discipline_only
    assert selectors.current_handlers(petition) == []  # the clerk lost it
    with pytest.raises(NotFound):
        selectors.petition_get(actor=office, pk=petition.pk)


def test_leader_report_can_only_go_to_discipline_handler(body, inspector, clerk, clerk_person):
    petition, _ = file(body, kind="report", accused_is_leader=True)
    with pytest.raises(RuleViolated) as info:
        services.petition_assign(actor=inspector, petition=petition, handler=clerk)
    assert info.value.rule == "PTN-4"
    petition = services.petition_assign(actor=inspector, petition=petition, handler=inspector)
    assert selectors.current_handlers(petition) == [inspector]


def test_report_on_a_deputy_is_also_discipline_only(body, inspector):
    from sunshine.org.choices import PostKind
    from sunshine.org.tests.factories import PostFactory, PostHoldingFactory

    deputy = PersonFactory(unit=body, name="赵副局长")
    PostHoldingFactory(
        person=deputy,
        post=PostFactory(unit=body, name="副局长", kind=PostKind.DEPUTY_LEADER),
        start_date="2024-01-01",
    )
    petition, _ = file(body, kind="report", accused_person=deputy)
    assert petition.discipline_only


def test_report_on_an_ordinary_clerk_stays_with_the_body(body, clerk_person, office):
    petition, _ = file(body, kind="report", accused_person=clerk_person)
    assert not petition.discipline_only
    assert selectors.petition_list(actor=office).filter(pk=petition.pk).exists()


def test_accused_person_never_sees_the_item(body, clerk, clerk_person, office):
    petition, _ = file(body, kind="report", accused_person=clerk_person)
    with pytest.raises(RuleViolated) as info:
        services.petition_assign(actor=office, petition=petition, handler=clerk)
    assert info.value.code == "handler_is_accused"
    assert not selectors.petition_list(actor=clerk).filter(pk=petition.pk).exists()


# --- Transfer (CASE-19) --------------------------------------------------------------------------


def test_transfer_records_both_bodies_tells_reporter_and_restarts_clock(filed, office, other_body):
    petition, _ = filed
    moved = MONDAY + dt.timedelta(days=2)
    with clock.as_of(moved):
        petition = services.petition_transfer(
            actor=office, petition=petition, to_body=other_body, reason="属乡政府职责"
        )
    event = petition.events.get(kind=EventKind.TRANSFERRED)
    assert event.public
    assert event.from_body.name == "示范县安全生产监督管理局"
    assert event.to_body == other_body
    assert "示范乡人民政府" in event.text
    assert petition.body == other_body
    assert petition.status == PetitionStatus.RECEIVED
    assert local_date(petition.due_at) == dt.date(2026, 3, 25)
    with pytest.raises(NotFound):
        selectors.petition_get(actor=office, pk=petition.pk)
    other_office = account_with_role("office_clerk", unit=other_body, username="town.office")
    assert selectors.petition_get(actor=other_office, pk=petition.pk) == petition


def test_transfer_needs_reason_and_another_body(filed, office, body, other_body):
    petition, _ = filed
    with pytest.raises(InvalidInput) as same:
        services.petition_transfer(actor=office, petition=petition, to_body=body, reason="x")
    with pytest.raises(InvalidInput) as no_reason:
        services.petition_transfer(actor=office, petition=petition, to_body=other_body, reason=" ")
    assert (same.value.code, no_reason.value.code) == ("same_body", "reason_required")


# --- Answer and close (PET-3) --------------------------------------------------------------------


def test_only_the_assigned_handler_answers(filed, office, clerk, clerk_person):
    petition = _assigned(filed[0], office, clerk)
    with pytest.raises(NotPermitted):
        services.petition_answer(actor=office, petition=petition, text="已处理完毕请知悉")


def test_cannot_close_without_answer(filed, office, clerk, clerk_person):
    petition = _assigned(filed[0], office, clerk)
    with pytest.raises(RuleViolated) as info:
        services.petition_close(actor=office, petition=petition)
    assert info.value.rule == "PET-3"


def test_close_keeps_reporters_own_rating(named, office, clerk, clerk_person):
    petition = _answered(named[0], office, clerk)
    services.petition_rate(petition=petition, satisfaction="basically")
    petition = services.petition_close(actor=office, petition=petition, satisfaction="satisfied")
    assert (petition.status, petition.satisfaction) == (PetitionStatus.CLOSED, "basically")


def test_close_over_dissatisfaction_needs_a_note(named, office, clerk, clerk_person):
    petition = _answered(named[0], office, clerk)
    services.petition_rate(petition=petition, satisfaction="dissatisfied")
    with pytest.raises(InvalidInput) as info:
        services.petition_close(actor=office, petition=petition)
    assert info.value.field == "note"
    petition = services.petition_close(actor=office, petition=petition, note="已复查并电话解释")
    assert petition.status == PetitionStatus.CLOSED


def test_close_without_rating_is_not_given(named, office, clerk, clerk_person):
    petition = _answered(named[0], office, clerk)
    assert services.petition_close(actor=office, petition=petition).satisfaction == "not_given"


def test_stale_version_is_refused(filed, office, clerk, clerk_person):
    from sunshine.core.errors import Conflict

    petition, _ = filed
    with pytest.raises(Conflict):
        services.petition_assign(
            actor=office, petition=petition, handler=clerk, expected_version=petition.version + 1
        )


# --- Late items (PET-2, PET-4) -------------------------------------------------------------------


def test_scan_raises_red_once_and_answer_resolves(as_system, filed, office, clerk, clerk_person):
    petition, _ = filed
    late = dt.datetime(2026, 3, 24, 9, 0, tzinfo=clock.LOCAL_TZ)
    first = services.petitions_scan(now=late)
    again = services.petitions_scan(now=late + dt.timedelta(minutes=15))
    assert first["raised"] == 1
    assert again["raised"] == 0
    assert PetitionAlert.objects.get(petition=petition).level == "red"
    with clock.as_of(late):
        _answered(petition, office, clerk)
    assert PetitionAlert.objects.get(petition=petition).resolved_at is not None


def test_scan_on_the_due_day_raises_yellow_not_red(as_system, filed):
    _petition, _ = filed
    services.petitions_scan(now=dt.datetime(2026, 3, 23, 23, 59, tzinfo=clock.LOCAL_TZ))
    assert list(PetitionAlert.objects.values_list("level", flat=True)) == ["yellow"]


def test_scan_before_warning_raises_nothing(as_system, filed):
    assert services.petitions_scan(now=dt.datetime(2026, 3, 19, 23, 59, tzinfo=clock.LOCAL_TZ))["raised"] == 0


def test_extension_resolves_alert_and_scan_raises_for_the_new_deadline(as_system, filed, leader):
    petition, _ = filed
    services.petitions_scan(now=dt.datetime(2026, 3, 20, 9, 0, tzinfo=clock.LOCAL_TZ))
    with clock.as_of(dt.datetime(2026, 3, 20, 10, 0, tzinfo=clock.LOCAL_TZ)):
        services.petition_extend(actor=leader, petition=petition, workdays=5, reason="核查")
    assert not PetitionAlert.objects.filter(resolved_at__isnull=True).exists()
    services.petitions_scan(now=dt.datetime(2026, 3, 31, 9, 0, tzinfo=clock.LOCAL_TZ))
    assert PetitionAlert.objects.filter(resolved_at__isnull=True, level="red").count() == 1


def test_alerts_of_leader_reports_shown_to_discipline_only(as_system, body, inspector, leader, leader_person):
    with clock.as_of(MONDAY):
        file(body, kind="report", accused_is_leader=True)
    services.petitions_scan(now=dt.datetime(2026, 5, 1, tzinfo=clock.LOCAL_TZ))
    assert selectors.alert_counts(actor=inspector)["red"] == 1
    assert selectors.alert_counts(actor=leader)["red"] == 0


def test_scan_task_runs_as_system(filed):
    from sunshine.petitions.tasks import petitions_scan

    result = petitions_scan.call()
    assert set(result) == {"raised", "resolved", "notified", "red_open", "yellow_open"}


def test_scope_other_body_staff_see_nothing(filed, other_body):
    stranger = account_with_role("office_clerk", unit=other_body, username="stranger")
    assert not selectors.petition_list(actor=stranger).exists()


def test_department_clerk_sees_items_assigned_to_them(filed, office, clerk, clerk_person):
    petition = _assigned(filed[0], office, clerk)
    assert list(selectors.petition_list(actor=clerk, mine=True)) == [petition]


def test_other_department_clerk_does_not_see_it(filed, office, clerk, clerk_person, body):
    _assigned(filed[0], office, clerk)
    other = DepartmentFactory(name="安监二股", code="BODY-1-D2", parent=body)
    stranger = account_with_role("clerk", unit=other, username="clerk2", scope="department")
    assert not selectors.petition_list(actor=stranger).exists()


def test_limit_into_a_year_without_calendar_counts_weekdays(body):
    """CAL-6: a report filed late in the last loaded year: the limit runs into a year whose holidays
    are not loaded; filing still works and the limit counts Monday to Friday (1 January included)."""
    with clock.as_of(dt.datetime(2026, 12, 21, 10, 0, tzinfo=clock.LOCAL_TZ)):
        petition, _ = file(body, kind="report")
    assert local_date(petition.due_at) == dt.date(2027, 2, 1)
    assert petition.warn_at < petition.due_at


def test_loading_the_year_recomputes_open_limits_with_their_extension(
    body, sysadmin, django_capture_on_commit_callbacks
):
    """CAL-6: once 2027 is loaded (1 January a holiday), the provisional limits move a day later,
    an approved extension is kept on top, and each change is audited as the system."""
    at = dt.datetime(2026, 12, 21, 10, 0, tzinfo=clock.LOCAL_TZ)
    with clock.as_of(at):
        report, _ = file(body, kind="report")
        extended, _ = file(body, kind="report")
        Petition.objects.filter(pk=extended.pk).update(extended=True, extension_workdays=5)
    with django_capture_on_commit_callbacks(execute=True):
        calendar_import_csv(actor=sysadmin, year=2027, content="2027-01-01,holiday,元旦\n", note="国办发明电")
    report.refresh_from_db()
    extended.refresh_from_db()
    assert local_date(report.due_at) == dt.date(2027, 2, 2)
    assert local_date(extended.due_at) == dt.date(2027, 2, 9)
    assert AuditRecord.objects.filter(action="petitions.clock_recompute", actor=None).count() == 2


def test_assigned_handler_without_a_person_answers_outside_own_scope(filed, office, clerk):
    """A clerk whose scope is their department, with no person record: the item stays on the body,
    yet being assigned lets them answer it."""
    petition = _assigned(filed[0], office, clerk)
    assert petition.unit == petition.body
    petition = services.petition_answer(actor=clerk, petition=petition, text="已答复，感谢监督。")
    assert petition.status == PetitionStatus.ANSWERED


def test_triage_to_request_after_assignment_counts_from_assignment(filed, office, clerk, clerk_person):
    petition, _ = filed
    with clock.as_of(dt.datetime(2026, 3, 4, 9, 0, tzinfo=clock.LOCAL_TZ)):
        petition = _assigned(petition, office, clerk)
        petition = services.petition_triage(actor=office, petition=petition, kind="request")
    assert local_date(petition.due_at) == dt.date(2026, 3, 11)  # 5 wd after Wednesday's assignment


def test_triage_back_to_complaint_counts_from_receipt(body, office, clerk, clerk_person):
    with clock.as_of(MONDAY):
        petition, _ = file(body, kind="request")
    with clock.as_of(dt.datetime(2026, 3, 4, 9, 0, tzinfo=clock.LOCAL_TZ)):
        petition = _assigned(petition, office, clerk)
        petition = services.petition_triage(actor=office, petition=petition, kind="complaint")
    assert local_date(petition.due_at) == dt.date(2026, 3, 23)


def test_red_alert_tells_handler_and_discipline_office_once(
    as_system, filed, office, clerk, clerk_person, body
):
    from sunshine.core.models import Notification
    from sunshine.org.choices import PostKind
    from sunshine.org.tests.factories import PostFactory, PostHoldingFactory

    inspector_account = account_with_role("discipline_inspector", unit=body, username="jjz")
    person = PersonFactory(unit=body, name="纪检组长", user=inspector_account)
    PostHoldingFactory(
        person=person,
        post=PostFactory(unit=body, name="纪检组长", kind=PostKind.DISCIPLINE),
        start_date="2024-01-01",
    )
    with clock.as_of(MONDAY):
        _assigned(filed[0], office, clerk)
    late = dt.datetime(2026, 3, 24, 9, 0, tzinfo=clock.LOCAL_TZ)
    services.petitions_scan(now=late)
    services.petitions_scan(now=late + dt.timedelta(minutes=15))
    told = Notification.objects.filter(category="petitions")
    assert sorted(told.values_list("recipient__username", flat=True)) == ["clerk", "jjz"]
