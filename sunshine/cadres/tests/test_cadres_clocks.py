# ruff: noqa: F811  (fixtures imported from the other test modules)
"""Calendar edits move the cadres app's open clocks (CAL-6; sunshine.cadres.clocks): an open letter's
reply deadline (SUP-247) and an oral absence report's written form (SUP-229) move when a holiday is
added before them; closed ones keep theirs; each move is audited as the system."""

from __future__ import annotations

import datetime as dt

import pytest

from sunshine.cadres.reports import services as report_services
from sunshine.cadres.talks import services
from sunshine.cadres.tests.test_reports_services import NOW as REPORTS_NOW
from sunshine.cadres.tests.test_reports_services import bureau, file  # noqa: F401
from sunshine.cadres.tests.test_talks_services import MONDAY, cadre, notified_letter  # noqa: F401
from sunshine.core import clock
from sunshine.core.models import AuditRecord
from sunshine.core.system import system_actor
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
