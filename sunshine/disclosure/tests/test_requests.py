"""Information requests (依申请公开, issue #8 §5): receipt code and secret, the answer limit in working
days (PUB-208; 20 by default, the Regulations on Open Government Information art. 33), one extension
capped and approved, the answer kinds, the applicant's identity for the handler only, the clocks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError

from sunshine.core import clock
from sunshine.core.errors import InvalidInput, NotFound, NotPermitted, RuleViolated
from sunshine.core.models import AuditRecord
from sunshine.disclosure import services
from sunshine.disclosure.models import DisclosureSettings, InformationRequest
from sunshine.disclosure.tests.conftest import MONDAY, file_request
from sunshine.workdays.services import add_working_days

pytestmark = pytest.mark.django_db


def test_filed_request_gets_a_code_a_secret_and_a_20_working_day_limit(filed_request):
    request, secret = filed_request
    assert request.code.startswith("GK")
    assert len(request.code) == 12
    assert len(secret) >= 12
    assert secret not in request.secret_hash
    assert request.limit_workdays == 20
    expected = add_working_days(date=MONDAY.date(), n=20)
    assert clock.local(request.due_at).date() == expected
    record = AuditRecord.objects.get(action="disclosure.request_file", object_id=str(request.pk))
    assert "13900000000" not in record.payload
    assert "王小明" not in record.payload


def test_reply_limit_is_a_setting_of_the_body(body):
    DisclosureSettings.objects.create(body=body, reply_workdays=15)
    with clock.as_of(MONDAY):
        request, _secret = file_request(body)
    assert clock.local(request.due_at).date() == add_working_days(date=MONDAY.date(), n=15)


def test_follow_opens_with_code_and_secret_only(filed_request):
    request, secret = filed_request
    assert services.request_follow(code=request.code.lower(), secret=secret) == request
    with pytest.raises(NotFound) as wrong_secret:
        services.request_follow(code=request.code, secret=secret + "x")
    with pytest.raises(NotFound) as wrong_code:
        services.request_follow(code="GK2222222222", secret=secret)
    assert wrong_secret.value.message == wrong_code.value.message


@pytest.mark.parametrize(
    ("field", "value"), [("name", ""), ("contact", " "), ("description", "无"), ("delivery_form", "fax")]
)
def test_bad_input_names_its_field(body, field, value):
    with pytest.raises(InvalidInput) as error:
        file_request(body, **{field: value})
    assert error.value.field == field


def test_staff_register_a_letter_but_not_as_portal(office, body):
    request, _secret = file_request(body, actor=office, channel="letter")
    assert request.registered_by == office
    with pytest.raises(InvalidInput):
        file_request(body, actor=office, channel="portal")


def test_assign_then_only_the_handler_answers(office, clerk, filed_request):
    request, _secret = filed_request
    request = services.request_assign(actor=office, request=request, handler=clerk)
    assert request.status == "assigned"
    assert request.unit_id == request.body_id or request.unit.body_id == request.body_id
    with pytest.raises(NotPermitted):
        services.request_answer(actor=office, request=request, kind="disclosed", text="见附件")
    request = services.request_answer(
        actor=clerk, request=request, kind="disclosed", text="2025年共处罚12件。"
    )
    assert request.status == "answered"
    assert request.answer_kind == "disclosed"
    assert AuditRecord.objects.filter(action="disclosure.request_answer", object_id=str(request.pk)).exists()


def test_withheld_answer_needs_a_reason(office, clerk, filed_request):
    """PUB-204: withheld (or partly) with the reason."""
    request = services.request_assign(actor=office, request=filed_request[0], handler=clerk)
    with pytest.raises(InvalidInput) as error:
        services.request_answer(actor=clerk, request=request, kind="withheld", text="不予公开")
    assert error.value.field == "withhold_reason"
    request = services.request_answer(
        actor=clerk, request=request, kind="withheld", withhold_reason="privacy", text="涉及个人隐私"
    )
    assert request.withhold_reason == "privacy"


def test_constraint_refuses_a_withheld_answer_without_reason(filed_request):
    request = filed_request[0]
    with pytest.raises(IntegrityError):
        InformationRequest.objects.filter(pk=request.pk).update(
            status="answered", answered_at=MONDAY, answer_kind="withheld", withhold_reason=""
        )


def test_an_answered_request_cannot_be_answered_again(office, clerk, filed_request):
    request = services.request_assign(actor=office, request=filed_request[0], handler=clerk)
    request = services.request_answer(
        actor=clerk, request=request, kind="not_exist", text="经检索，本机关未制作该信息。"
    )
    with pytest.raises(RuleViolated):
        services.request_answer(actor=clerk, request=request, kind="disclosed", text="x")


def test_extension_once_capped_and_approved_by_the_leader(leader, office, filed_request):
    """PUB-208: with the leading group's consent, once, at most 20 working days by default."""
    request = filed_request[0]
    with pytest.raises(NotPermitted):
        services.request_extend(actor=office, request=request, workdays=5, reason="需征求第三方意见")
    with clock.as_of(MONDAY + dt.timedelta(days=3)), pytest.raises(RuleViolated) as too_long:
        services.request_extend(actor=leader, request=request, workdays=21, reason="需征求第三方意见")
    assert too_long.value.code == "extension_too_long"
    old_due = clock.local(request.due_at).date()
    with clock.as_of(MONDAY + dt.timedelta(days=3)):
        request = services.request_extend(
            actor=leader, request=request, workdays=20, reason="需征求第三方意见"
        )
        assert clock.local(request.due_at).date() == add_working_days(date=old_due, n=20)
        with pytest.raises(RuleViolated) as again:
            services.request_extend(actor=leader, request=request, workdays=1, reason="再延")
    assert again.value.code == "already_extended"
    assert request.extension_approved_by == leader


def test_no_extension_after_the_limit_has_passed(leader, filed_request):
    request = filed_request[0]
    with clock.as_of(request.due_at + dt.timedelta(hours=1)), pytest.raises(RuleViolated) as error:
        services.request_extend(actor=leader, request=request, workdays=5, reason="迟到的延期")
    assert error.value.code == "limit_passed"


def test_identity_only_for_the_handler_and_each_read_audited(office, clerk, leader, filed_request):
    request = services.request_assign(actor=office, request=filed_request[0], handler=clerk)
    for actor in (office, leader):
        with pytest.raises(NotPermitted):
            services.request_identity_read(actor=actor, request=request)
    identity = services.request_identity_read(actor=clerk, request=request)
    assert identity.name == "王小明"
    assert (
        AuditRecord.objects.filter(
            action="disclosure.request_identity_read", object_id=str(request.pk)
        ).count()
        == 1
    )


def test_open_answer_clocks(office, clerk, filed_request, body):
    request = services.request_assign(actor=office, request=filed_request[0], handler=clerk)
    later = request.due_at + dt.timedelta(days=1)
    clocks = services.request_open_clocks(due_before=later)
    assert [(c.key, c.rule, c.responsible_id, c.body_id) for c in clocks] == [
        (f"disclosure.informationrequest:{request.pk}:answer", "PUB-208", clerk.pk, body.pk)
    ]
    assert services.request_open_clocks(due_before=request.due_at) == []
    services.request_answer(actor=clerk, request=request, kind="already_public", text="已在门户网站公开。")
    assert services.request_open_clocks(due_before=later) == []


# --- Calendar edits (issue #6 §2, CAL-6) -----------------------------------------------------------


def test_a_calendar_edit_moves_the_open_limits_with_their_extension(
    leader, office, clerk, body, django_capture_on_commit_callbacks
):
    """A holiday added inside the 20 working days moves an open request's limit (and an approved
    extension on top of it) a working day later, audited as the system; an answered one keeps its."""
    from sunshine.workdays.tests.calendar_edits import add_holiday_within, day_of

    start = clock.now()
    waiting, _ = file_request(body)
    extended, _ = file_request(body)
    extended = services.request_extend(actor=leader, request=extended, workdays=5, reason="需征求第三方意见")
    answered, _ = file_request(body)
    answered = services.request_assign(actor=office, request=answered, handler=clerk)
    answered = services.request_answer(
        actor=clerk, request=answered, kind="not_exist", text="本机关未制作该信息。"
    )
    dues = {r.pk: day_of(r.due_at) for r in (waiting, extended, answered)}
    holiday = add_holiday_within(django_capture_on_commit_callbacks, start)
    for request in (waiting, extended, answered):
        request.refresh_from_db()
    assert day_of(waiting.due_at) == add_working_days(date=dues[waiting.pk], n=1)
    assert day_of(extended.due_at) == add_working_days(date=dues[extended.pk], n=1)
    assert day_of(answered.due_at) == dues[answered.pk]
    assert waiting.warn_at <= waiting.due_at
    records = AuditRecord.objects.filter(action="disclosure.request_clock_recompute", actor=None)
    assert {r.object_id for r in records} == {str(waiting.pk), str(extended.pk)}
    assert records[0].data["extra"]["calendar_change"] == [holiday.isoformat(), holiday.isoformat()]


def test_loading_a_provisional_year_corrects_the_limit(body, sysadmin, django_capture_on_commit_callbacks):
    """CAL-6: a request filed in late December counts 2027 Monday to Friday; loading 2027 (1 January
    a holiday) moves its limit a day later."""
    from sunshine.workdays.tests.calendar_edits import LATE_DECEMBER, day_of, load_2027

    with clock.as_of(LATE_DECEMBER):
        request, _ = file_request(body)
    assert day_of(request.due_at) == dt.date(2027, 1, 18)  # 20 weekdays, 1 January counted
    load_2027(django_capture_on_commit_callbacks, sysadmin)
    request.refresh_from_db()
    assert day_of(request.due_at) == dt.date(2027, 1, 19)
    assert AuditRecord.objects.filter(action="disclosure.request_clock_recompute", actor=None).count() == 1
