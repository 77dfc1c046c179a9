# ruff: noqa: F811  (fixtures imported from the other test modules)
"""Calendar edits move the cadres app's open clocks (CAL-6; sunshine.cadres.clocks): an open letter's
reply deadline (SUP-247), an oral absence report's written form (SUP-229), an oral personal-matter
report's written report (SUP-233) and a pre-promotion opinion's answer deadline (SUP-115) move when a
holiday is added before them; closed ones keep theirs; each move is audited as the system."""

from __future__ import annotations

import datetime as dt

import pytest

from sunshine.cadres.integrity import services as integrity_services
from sunshine.cadres.reports import services as report_services
from sunshine.cadres.talks import services
from sunshine.cadres.tests.test_reports_services import NOW as REPORTS_NOW
from sunshine.cadres.tests.test_reports_services import bureau, file, matter  # noqa: F401
from sunshine.cadres.tests.test_talks_services import MONDAY, cadre, notified_letter  # noqa: F401
from sunshine.core import clock
from sunshine.core.models import AuditRecord
from sunshine.core.system import system_actor
from sunshine.org.tests.factories import account_with_role
from sunshine.workdays.services import add_working_days, special_day_add

pytestmark = pytest.mark.django_db


def add_holiday(day: dt.date, django_capture_on_commit_callbacks) -> None:
    with system_actor("test"), django_capture_on_commit_callbacks(execute=True):
        special_day_add(actor=None, date=day, kind="holiday", name="临时调整")


def test_an_open_letters_reply_deadline_moves_past_a_new_holiday(
    inspector,
    leader,
    body,
    cadre,
    django_capture_on_commit_callbacks,
):
    with clock.as_of(MONDAY):
        open_letter = notified_letter(inspector, leader, body, cadre)
        answered = notified_letter(inspector, leader, body, cadre)
        answered = services.inquiry_reply(
            actor=cadre, talk=answered, answers=["已说明", "已说明"], measures="立行立改"
        )
    before_open, before_answered = open_letter.reply_due_at, answered.reply_due_at
    holiday = add_working_days(date=MONDAY.date(), n=3)  # a working day inside the 15
    with clock.as_of(MONDAY + dt.timedelta(hours=1)):
        add_holiday(holiday, django_capture_on_commit_callbacks)
    open_letter.refresh_from_db()
    answered.refresh_from_db()
    assert clock.local(open_letter.reply_due_at).date() == add_working_days(
        date=clock.local(before_open).date(), n=1
    )
    assert answered.reply_due_at == before_answered  # replied: judged against the old deadline
    record = AuditRecord.objects.get(action="cadres.clock_recompute", object_id=str(open_letter.pk))
    assert record.actor_id is None
    assert record.data["extra"]["calendar_change"] == [holiday.isoformat(), holiday.isoformat()]


def test_a_holiday_after_the_deadline_moves_nothing(
    inspector,
    leader,
    body,
    cadre,
    django_capture_on_commit_callbacks,
):
    with clock.as_of(MONDAY):
        letter = notified_letter(inspector, leader, body, cadre)
    due = letter.reply_due_at
    later = add_working_days(date=clock.local(due).date(), n=2)
    add_holiday(later, django_capture_on_commit_callbacks)
    letter.refresh_from_db()
    assert letter.reply_due_at == due
    assert not AuditRecord.objects.filter(action="cadres.clock_recompute").exists()


def test_an_oral_absence_reports_written_form_rolls_off_a_new_holiday(
    bureau,
    django_capture_on_commit_callbacks,
):
    """SUP-229: the written form is due 3 calendar days after the oral report, rolled forward off a
    rest day (CAL-2): a holiday on the due day moves it; a request already completed in writing
    keeps its own."""
    with clock.as_of(REPORTS_NOW):
        kwargs = {"oral": True, "oral_reported_at": REPORTS_NOW, "start": REPORTS_NOW.date()}
        open_one = file(bureau["deputy"], bureau["deputy2"], **kwargs)
        done = file(bureau["head"], bureau["staff"], **kwargs)
        report_services.absence_complete_in_writing(actor=bureau["head"], request=done)
    assert open_one.written_days == 3
    due = open_one.written_due  # Thursday 2026-03-05
    assert due.weekday() < 5
    done.refresh_from_db()
    add_holiday(due, django_capture_on_commit_callbacks)
    open_one.refresh_from_db()
    assert open_one.written_due == add_working_days(date=due, n=1)
    assert AuditRecord.objects.filter(action="cadres.clock_recompute", object_id=str(open_one.pk)).exists()
    kept = done.written_due
    done.refresh_from_db()
    assert done.written_due == kept


def test_an_oral_personal_matter_reports_written_report_rolls_off_a_new_holiday(
    bureau,
    django_capture_on_commit_callbacks,
):
    """SUP-233: after an oral report the written one is due ``matter_written_days`` (5) calendar days
    after the matter, the last day rolled forward off a rest day (CAL-2). A holiday inside those days
    moves nothing (calendar days); a holiday on the due day moves an open report's (CAL-6), audited as
    the system; a report already completed in writing keeps its own."""
    matter_day = REPORTS_NOW.date() + dt.timedelta(days=3)  # Thursday 2026-03-05
    kwargs = {"matter_date": matter_day, "oral": True, "oral_reported_at": REPORTS_NOW, "funds_source": ""}
    with clock.as_of(REPORTS_NOW):
        open_one = matter(bureau["deputy"], **kwargs)
        done = matter(bureau["head"], **kwargs)
        done = report_services.matter_complete_in_writing(
            actor=bureau["head"], report=done, place="县城", funds_source="自有", handling="从简"
        )
    assert open_one.written_days == 5
    due = open_one.written_due
    assert due == dt.date(2026, 3, 10)  # a Tuesday: no roll
    assert done.written_due == due

    add_holiday(matter_day + dt.timedelta(days=1), django_capture_on_commit_callbacks)  # Friday, inside
    open_one.refresh_from_db()
    assert open_one.written_due == due
    assert not AuditRecord.objects.filter(action="cadres.clock_recompute").exists()

    add_holiday(due, django_capture_on_commit_callbacks)
    open_one.refresh_from_db()
    done.refresh_from_db()
    assert open_one.written_due == add_working_days(date=due, n=1) == dt.date(2026, 3, 11)
    assert done.written_due == due  # completed in writing: judged against the old day
    record = AuditRecord.objects.get(action="cadres.clock_recompute", object_id=str(open_one.pk))
    assert record.actor_id is None
    assert record.data["extra"]["calendar_change"] == [due.isoformat(), due.isoformat()]
    assert not AuditRecord.objects.filter(action="cadres.clock_recompute", object_id=str(done.pk)).exists()


def test_an_open_promotion_opinions_answer_deadline_moves_past_a_new_holiday(
    inspector,
    leader,
    body,
    department,
    cadre,
    django_capture_on_commit_callbacks,
):
    """SUP-115: the discipline office answers 《拟提拔任用干部征求意见表》 within the body's working-day
    limit from the request; a working day inside that span becoming a holiday moves a requested
    opinion's deadline one working day later (CAL-6), audited as the system; an answered one keeps
    the deadline it was judged against."""
    other = account_with_role("clerk", unit=department, username="cadre2", full_name="吴科员")
    posts = {"current_post": "科员", "proposed_post": "副股长"}
    with clock.as_of(MONDAY):
        open_one = integrity_services.opinion_request(actor=leader, cadre=cadre, **posts)
        answered = integrity_services.opinion_request(actor=leader, cadre=other, **posts)
        answered = integrity_services.opinion_answer(
            actor=inspector,
            opinion=answered,
            collective_opinion="经纪委集体讨论，无不同意见",
            discussed_on=MONDAY.date(),
        )
    assert open_one.workdays == 5
    before_open, before_answered = open_one.due_at, answered.due_at
    assert clock.local(before_open).date() == add_working_days(date=MONDAY.date(), n=5)
    holiday = add_working_days(date=MONDAY.date(), n=2)  # the Wednesday, inside the 5
    with clock.as_of(MONDAY + dt.timedelta(hours=1)):
        add_holiday(holiday, django_capture_on_commit_callbacks)
    open_one.refresh_from_db()
    answered.refresh_from_db()
    assert clock.local(open_one.due_at).date() == add_working_days(date=clock.local(before_open).date(), n=1)
    assert answered.due_at == before_answered
    record = AuditRecord.objects.get(action="cadres.clock_recompute", object_id=str(open_one.pk))
    assert record.actor_id is None
    assert record.data["extra"]["calendar_change"] == [holiday.isoformat(), holiday.isoformat()]
    moves = AuditRecord.objects.filter(action="cadres.clock_recompute")
    assert not moves.filter(object_id=str(answered.pk)).exists()
