"""Changes to the calendar: by administrators (workdays.manage), by CSV import, by the package seeding.

Every change writes its audit record in the same transaction, changes the revision token that other
processes watch, clears this process's cache at once and again on commit, and after commit sends
``workdays.signals.calendar_changed`` with the dates it affected. ``actor=None`` is the system itself
(commands, the seeding after migrate), as in core.audit.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from sunshine.core import clock
from sunshine.core.audit import audit_record, audit_snapshot
from sunshine.core.errors import Conflict, InvalidInput, RuleViolated
from sunshine.core.models import User
from sunshine.core.permissions import require_permission
from sunshine.core.services import soft_delete, versioned_update
from sunshine.workdays import engine
from sunshine.workdays.choices import DayKind, ScheduleSource
from sunshine.workdays.errors import (
    DATE_OUT_OF_RANGE,
    SPECIAL_DAY_DUPLICATE,
    WORKDAY_NOT_ON_WEEKEND,
    YEAR_ALREADY_LOADED,
    YEAR_WITHOUT_HOLIDAYS,
)
from sunshine.workdays.models import FIRST_YEAR, LAST_YEAR, CalendarRevision, CalendarYear, SpecialDay
from sunshine.workdays.package import package_schedule, package_version
from sunshine.workdays.services.csv_import import NAME_MAX, parse_schedule_csv
from sunshine.workdays.signals import calendar_changed

logger = logging.getLogger(__name__)

# Reason the seeding gives when a newer package no longer lists a day; it may list it again later.
SEED_REMOVAL_REASON = "chinese-calendar 软件包不再列出此日"


def _require_manager(actor: User | None) -> None:
    """workdays.manage, or the system itself inside core.system.system_actor()."""
    require_permission(actor, "workdays.manage")


def _year_span(first: int, last: int | None = None) -> tuple[dt.date, dt.date]:
    return dt.date(first, 1, 1), dt.date(last if last is not None else first, 12, 31)


def _changed(*, start: dt.date, end: dt.date, action: str, actor: User | None) -> None:
    """Publish a change: new revision token, cache cleared now and on commit, signal after commit."""
    token, now = secrets.randbits(62), clock.now()
    if not CalendarRevision.objects.filter(pk=1).update(token=token, changed_at=now):
        CalendarRevision.objects.create(pk=1, token=token, changed_at=now)
    engine.clear()

    def after_commit() -> None:
        engine.clear()
        for receiver, result in calendar_changed.send_robust(
            sender=SpecialDay, start=start, end=end, action=action, actor=actor
        ):
            if isinstance(result, Exception):
                logger.error("calendar_changed receiver %r failed", receiver, exc_info=result)

    transaction.on_commit(after_commit)


# --- Validation -----------------------------------------------------------------------------------


def _clean_year(year, *, field_name: str = "year") -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput(
            DATE_OUT_OF_RANGE,
            _("年度应在%(first)d至%(last)d之间") % {"first": FIRST_YEAR, "last": LAST_YEAR},
            field=field_name,
        )
    return year


def _clean_day(date, kind, name) -> tuple[dt.date, str, str]:
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
        raise InvalidInput("invalid", _("请填写有效的日期"), field="date")
    _clean_year(date.year, field_name="date")
    if kind not in DayKind.values:
        raise InvalidInput("invalid_choice", _("类别应为节假日或调休上班"), field="kind")
    name = (name or "").strip()
    if not name:
        raise InvalidInput("required", _("请填写名称，如：国庆节"), field="name")
    if len(name) > NAME_MAX:
        raise InvalidInput("max_length", _("名称不能超过%(max)d个字") % {"max": NAME_MAX}, field="name")
    if kind == DayKind.WORKDAY and date.weekday() < 5:
        raise RuleViolated(
            WORKDAY_NOT_ON_WEEKEND,
            _("%(date)s是工作日（周一至周五），调休上班日只能是周六或周日") % {"date": date.isoformat()},
            field="date",
            rule="CAL-3",
        )
    return date, str(kind), name


def _duplicate(date: dt.date, existing: SpecialDay) -> Conflict:
    return Conflict(
        SPECIAL_DAY_DUPLICATE,
        _("%(date)s已有安排（%(name)s，%(kind)s），请修改该日而不是重复添加")
        % {"date": date.isoformat(), "name": existing.name, "kind": existing.get_kind_display()},
        field="date",
    )


# --- Special days ---------------------------------------------------------------------------------


@transaction.atomic
def special_day_add(*, actor: User | None, date: dt.date, kind: str, name: str) -> SpecialDay:
    """Add a holiday or an adjusted working day to the schedule (CAL-1; CAL-3: 调休上班 only on weekends).

    Adding days to a year does not mark it loaded: that is calendar_year_mark_loaded, once the year is
    complete, so that a half-entered year never feeds a deadline.
    """
    _require_manager(actor)
    date, kind, name = _clean_day(date, kind, name)
    if existing := SpecialDay.objects.filter(date=date).first():
        raise _duplicate(date, existing)
    try:
        with transaction.atomic():
            day = SpecialDay.objects.create(
                date=date, kind=kind, name=name, source=ScheduleSource.MANUAL, created_by=actor
            )
    except IntegrityError:  # added by someone else a moment ago
        raise _duplicate(date, SpecialDay.objects.get(date=date)) from None
    audit_record(actor=actor, action="workdays.special_day_add", target=day)
    _changed(start=date, end=date, action="workdays.special_day_add", actor=actor)
    return day


@transaction.atomic
def special_day_change(
    *, actor: User | None, day: SpecialDay, expected_version: int, date: dt.date, kind: str, name: str
) -> SpecialDay:
    """Change a day of the schedule (CAL-1, CAL-3); refused if someone saved it meanwhile (AUD-3).

    The row becomes the administrator's (source manual), so the package seeding never reverts it.
    """
    _require_manager(actor)
    if day.is_deleted:
        raise Conflict("already_deleted", _("该记录已作废"))
    date, kind, name = _clean_day(date, kind, name)
    if date != day.date and (existing := SpecialDay.objects.filter(date=date).exclude(pk=day.pk).first()):
        raise _duplicate(date, existing)
    before, old_date = audit_snapshot(day), day.date
    try:
        with transaction.atomic():
            versioned_update(
                day,
                expected_version=expected_version,
                date=date,
                kind=kind,
                name=name,
                source=ScheduleSource.MANUAL,
            )
    except IntegrityError:
        raise _duplicate(date, SpecialDay.objects.get(date=date)) from None
    audit_record(actor=actor, action="workdays.special_day_change", target=day, before=before)
    _changed(
        start=min(old_date, date), end=max(old_date, date), action="workdays.special_day_change", actor=actor
    )
    return day


@transaction.atomic
def special_day_remove(
    *, actor: User | None, day: SpecialDay, expected_version: int, reason: str
) -> SpecialDay:
    """Remove (作废) a day from the schedule, with the reason (AUD-2); the row stays for the record."""
    _require_manager(actor)
    soft_delete(
        actor=actor,
        obj=day,
        reason=reason,
        expected_version=expected_version,
        action="workdays.special_day_remove",
    )
    _changed(start=day.date, end=day.date, action="workdays.special_day_remove", actor=actor)
    return day


# --- Years ----------------------------------------------------------------------------------------


@transaction.atomic
def calendar_year_mark_loaded(*, actor: User | None, year: int, note: str) -> CalendarYear:
    """Declare a year's schedule complete, so computations may use it (CAL-1).

    ``note`` names the source, e.g. the State Council notice (国办发明电〔2026〕X号). A year without a
    single holiday is refused: every year has at least New Year's Day (元旦).
    """
    _require_manager(actor)
    year = _clean_year(year)
    note = (note or "").strip()
    if not note:
        raise InvalidInput(
            "required", _("请填写依据，如国务院办公厅关于该年部分节假日安排的通知文号"), field="note"
        )
    if CalendarYear.objects.filter(year=year).exists():
        raise Conflict(
            YEAR_ALREADY_LOADED, _("%(year)d年的安排已是已载入状态") % {"year": year}, field="year"
        )
    first, last = _year_span(year)
    if not SpecialDay.objects.filter(date__gte=first, date__lte=last, kind=DayKind.HOLIDAY).exists():
        raise RuleViolated(
            YEAR_WITHOUT_HOLIDAYS,
            _("%(year)d年还没有录入任何节假日，不能标记为已载入；请先录入或导入该年的安排") % {"year": year},
            field="year",
            rule="CAL-1",
        )
    try:
        with transaction.atomic():
            record = CalendarYear.objects.create(
                year=year, source=ScheduleSource.MANUAL, note=note[:500], created_by=actor
            )
    except IntegrityError:
        raise Conflict(
            YEAR_ALREADY_LOADED, _("%(year)d年的安排已是已载入状态") % {"year": year}, field="year"
        ) from None
    audit_record(actor=actor, action="workdays.year_mark_loaded", target=record, note=note)
    _changed(start=first, end=last, action="workdays.year_mark_loaded", actor=actor)
    return record


@transaction.atomic
def calendar_year_withdraw(
    *, actor: User | None, calendar_year: CalendarYear, expected_version: int, reason: str
) -> CalendarYear:
    """Withdraw a year's loaded mark (e.g. marked too early); computations then refuse it (CAL-1, AUD-2)."""
    _require_manager(actor)
    soft_delete(
        actor=actor,
        obj=calendar_year,
        reason=reason,
        expected_version=expected_version,
        action="workdays.year_withdraw",
    )
    first, last = _year_span(calendar_year.year)
    _changed(start=first, end=last, action="workdays.year_withdraw", actor=actor)
    return calendar_year


@dataclass
class ImportResult:
    calendar_year: CalendarYear
    rows: int
    created: list[dt.date] = field(default_factory=list)
    changed: list[dt.date] = field(default_factory=list)
    removed: list[dt.date] = field(default_factory=list)


@transaction.atomic
def calendar_import_csv(
    *, actor: User | None, year: int, content: bytes | str, note: str = "", filename: str = ""
) -> ImportResult:
    """Replace a year's schedule with a CSV file (columns date, kind, name) and mark the year loaded.

    All or nothing: every line is checked first and every bad line is reported, with its number, in
    one InvalidInput (field ``file``); nothing is written then. Days of the year missing from the file
    are removed (作废), changed ones updated, new ones added; the year's source becomes CSV, so the
    package seeding leaves it alone from then on (CAL-1, CAL-3).
    """
    _require_manager(actor)
    year = _clean_year(year)
    rows = {row.date: row for row in parse_schedule_csv(content, year=year)}
    first, last = _year_span(year)
    now = clock.now()
    reason = _("由%(year)d年CSV导入替换") % {"year": year}
    result_created, result_changed, result_removed = [], [], []
    existing = {
        day.date: day
        for day in SpecialDay.objects.select_for_update()
        .filter(date__gte=first, date__lte=last)
        .order_by("pk")
    }
    for date, day in sorted(existing.items()):
        row = rows.get(date)
        if row is not None and (row.kind, row.name) == (day.kind, day.name):
            continue
        changes = (
            {"deleted_at": now, "deleted_by": actor, "delete_reason": reason}
            if row is None
            else {"kind": row.kind, "name": row.name, "source": ScheduleSource.CSV}
        )
        updated = SpecialDay.all_objects.filter(pk=day.pk, version=day.version).update(
            version=F("version") + 1, updated_at=now, **changes
        )
        if not updated:
            raise Conflict("stale_version", _("导入期间该年安排被他人修改，请重试"), rule="AUD-3")
        (result_removed if row is None else result_changed).append(date)
    new_days = [
        SpecialDay(date=date, kind=row.kind, name=row.name, source=ScheduleSource.CSV, created_by=actor)
        for date, row in sorted(rows.items())
        if date not in existing
    ]
    SpecialDay.objects.bulk_create(new_days)
    result_created = [day.date for day in new_days]

    note = (note or "").strip() or _("CSV 导入：%(file)s") % {"file": filename or "-"}
    record = CalendarYear.objects.select_for_update().filter(year=year).first()
    before = audit_snapshot(record) if record else None
    if record is None:
        record = CalendarYear.objects.create(
            year=year, source=ScheduleSource.CSV, note=note[:500], created_by=actor
        )
    else:
        versioned_update(record, expected_version=record.version, source=ScheduleSource.CSV, note=note[:500])
    audit_record(
        actor=actor,
        action="workdays.year_import",
        target=record,
        before=before,
        note=note,
        extra={
            "filename": filename,
            "rows": len(rows),
            "created": result_created,
            "changed": result_changed,
            "removed": result_removed,
        },
    )
    _changed(start=first, end=last, action="workdays.year_import", actor=actor)
    return ImportResult(record, len(rows), result_created, result_changed, result_removed)


# --- Seeding from the chinese-calendar package ----------------------------------------------------


@dataclass
class SeedReport:
    package_version: str
    years_loaded: list[int] = field(default_factory=list)  # years the package loaded now
    years_kept: list[int] = field(default_factory=list)  # years administrators own: left alone
    created: int = 0
    updated: int = 0
    removed: int = 0
    changed_dates: list[dt.date] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.years_loaded or self.changed_dates)

    def as_dict(self) -> dict:
        return {
            "package_version": self.package_version,
            "years_loaded": self.years_loaded,
            "years_kept": self.years_kept,
            "created": self.created,
            "updated": self.updated,
            "removed": self.removed,
        }


@transaction.atomic
def calendar_seed(*, actor: User | None = None, years: list[int] | None = None) -> SeedReport:
    """Load every year the installed chinese-calendar package knows (CAL-1); idempotent.

    Never overwrites an administrator's work: a year imported from CSV, marked by hand or withdrawn
    is left alone, and so is every day an administrator added, changed or removed. Within the years
    it owns, the seeding adds the days the package lists, corrects its own unchanged rows and removes
    (作废) those a newer package no longer lists. Run after every migrate and database flush
    (post_migrate) and by ``sunshine workdays seed`` after upgrading the package.

    The first load into an empty calendar is an installation default, like the built-in roles, and
    writes no audit record; every later seeding that changes something does.
    """
    _require_manager(actor)
    schedule = package_schedule()
    if years is not None:
        schedule = {year: schedule[year] for year in years if year in schedule}
    report = SeedReport(package_version=package_version())
    _ensure_revision()
    if not schedule:
        return report
    was_empty = not CalendarYear.all_objects.exists() and not SpecialDay.all_objects.exists()
    first, last = _year_span(min(schedule), max(schedule))
    year_rows: dict[int, list[CalendarYear]] = defaultdict(list)
    for record in CalendarYear.all_objects.filter(year__in=list(schedule)):
        year_rows[record.year].append(record)
    day_rows: dict[dt.date, list[SpecialDay]] = defaultdict(list)
    for day in SpecialDay.all_objects.filter(date__gte=first, date__lte=last).order_by("date", "pk"):
        day_rows[day.date].append(day)

    now = clock.now()
    note = f"chinese-calendar {report.package_version}"
    new_days: list[SpecialDay] = []
    for year, package_days in sorted(schedule.items()):
        records = year_rows.get(year, [])
        alive = [r for r in records if r.deleted_at is None]
        if (records and not alive) or (alive and alive[0].source != ScheduleSource.PACKAGE):
            report.years_kept.append(year)
            continue
        dates = set(package_days) | {d for d in day_rows if d.year == year}
        changed_before = len(report.changed_dates)
        for date in sorted(dates):
            want = package_days.get(date)
            rows = day_rows.get(date, [])
            live = next((r for r in rows if r.deleted_at is None), None)
            if live is not None:
                if live.source != ScheduleSource.PACKAGE:
                    continue  # an administrator's day
                if want is None:
                    changes = {"deleted_at": now, "delete_reason": SEED_REMOVAL_REASON}
                elif (live.kind, live.name) != (want.kind, want.name):
                    changes = {"kind": want.kind, "name": want.name}
                else:
                    continue
                if SpecialDay.all_objects.filter(pk=live.pk, version=live.version).update(
                    version=F("version") + 1, updated_at=now, **changes
                ):
                    report.changed_dates.append(date)
                    if want is None:
                        report.removed += 1
                    else:
                        report.updated += 1
            elif want is not None and all(
                r.deleted_by_id is None and r.delete_reason == SEED_REMOVAL_REASON for r in rows
            ):
                new_days.append(
                    SpecialDay(date=date, kind=want.kind, name=want.name, source=ScheduleSource.PACKAGE)
                )
                report.created += 1
                report.changed_dates.append(date)
        if not alive:
            CalendarYear.objects.create(year=year, source=ScheduleSource.PACKAGE, note=note)
            report.years_loaded.append(year)
        elif len(report.changed_dates) > changed_before and alive[0].note != note:
            CalendarYear.objects.filter(pk=alive[0].pk).update(
                note=note, updated_at=now, version=F("version") + 1
            )
    SpecialDay.objects.bulk_create(new_days)
    if not report.changed:
        return report
    if not was_empty:
        audit_record(
            actor=actor,
            action="workdays.seed",
            object_type="workdays.calendaryear",
            label=note,
            after=report.as_dict(),
        )
    starts = [*report.changed_dates, *(dt.date(y, 1, 1) for y in report.years_loaded)]
    ends = [*report.changed_dates, *(dt.date(y, 12, 31) for y in report.years_loaded)]
    _changed(start=min(starts), end=max(ends), action="workdays.seed", actor=actor)
    return report


def _ensure_revision() -> None:
    if not CalendarRevision.objects.filter(pk=1).exists():
        CalendarRevision.objects.create(pk=1, token=secrets.randbits(62), changed_at=clock.now())
