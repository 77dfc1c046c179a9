"""``sunshine workdays``: working-day arithmetic and calendar upkeep from the command line.

    sunshine workdays add 2026-09-30 5                 # 2026-10-13
    sunshine workdays between 2026-09-30 2026-10-12    # 4
    sunshine workdays deadline 2026-09-30T10:00 5 --unit workdays [--suspend START/END ...]
    sunshine workdays years
    sunshine workdays import 2027.csv --year 2027 [--note ...] [--user NAME]
    sunshine workdays seed [--user NAME]               # after upgrading chinese-calendar

A bad date, a missing year or a refused change exits non-zero with the reason on stderr.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from sunshine.core.clock import LOCAL_TZ
from sunshine.core.errors import DomainError
from sunshine.core.models import User
from sunshine.core.system import system_actor
from sunshine.workdays.choices import DayKind, PeriodUnit
from sunshine.workdays.models import CalendarYear, SpecialDay
from sunshine.workdays.services import (
    add_working_days,
    calendar_import_csv,
    calendar_seed,
    count_working_days,
    deadline_explain,
)
from sunshine.workdays.services.csv_import import parse_date


def _date(text: str) -> dt.date:
    day = parse_date(text)
    if day is None:
        raise CommandError(_("日期“%(value)s”无效，应为 YYYY-MM-DD") % {"value": text})
    return day


def _instant(text: str) -> dt.datetime:
    """An ISO date or date-time; without an offset it is Asia/Shanghai time."""
    try:
        value = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(_("时间“%(value)s”无效，应为 YYYY-MM-DDTHH:MM") % {"value": text}) from None
    return value if value.tzinfo is not None else value.replace(tzinfo=LOCAL_TZ)


def _span(text: str) -> tuple[dt.datetime, dt.datetime]:
    start, sep, end = text.partition("/")
    if not sep:
        raise CommandError(
            _("中止期间“%(value)s”应写作 开始/结束，如 2026-10-12T09:00/2026-10-14T17:00") % {"value": text}
        )
    return _instant(start), _instant(end)


def _integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise CommandError(_("“%(value)s”不是整数") % {"value": text}) from None


class Command(BaseCommand):
    help = "Working days: add, between, deadline; the calendar: years, import, seed."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        add = sub.add_parser(
            "add", help="the N-th working day after DATE (DATE not counted; N may be negative)"
        )
        add.add_argument("date")
        add.add_argument("n")
        between = sub.add_parser("between", help="working days in (START, END]")
        between.add_argument("start")
        between.add_argument("end")
        deadline = sub.add_parser("deadline", help="a deadline with its explanation")
        deadline.add_argument("start", help="YYYY-MM-DD or YYYY-MM-DDTHH:MM (Asia/Shanghai unless an offset)")
        deadline.add_argument("amount")
        deadline.add_argument("--unit", choices=PeriodUnit.values, default=PeriodUnit.WORKDAYS)
        deadline.add_argument(
            "--suspend", action="append", default=[], metavar="START/END", help="a span that stops the clock"
        )
        sub.add_parser("years", help="the years whose schedule is loaded")
        load = sub.add_parser("import", help="replace a year's schedule with a CSV file (date,kind,name)")
        load.add_argument("file")
        load.add_argument("--year", required=True, type=int)
        load.add_argument("--note", default="")
        load.add_argument("--user", help="the acting administrator (default: the system)")
        seed = sub.add_parser("seed", help="load the years the installed chinese-calendar package knows")
        seed.add_argument("--user", help="the acting administrator (default: the system)")

    def handle(self, *args, action: str, **options) -> None:
        try:
            # Without --user the command acts as the system (audited as such, core.system).
            with system_actor(self):
                getattr(self, f"do_{action}")(**options)
        except DomainError as error:
            rule = f" [{error.rule}]" if error.rule else ""
            details = "".join(f"\n  {item.message}" for item in error.errors)
            raise CommandError(f"{error.message}{rule}{details}") from None

    def do_add(self, *, date: str, n: str, **_options) -> None:
        self.stdout.write(add_working_days(date=_date(date), n=_integer(n)).isoformat())

    def do_between(self, *, start: str, end: str, **_options) -> None:
        self.stdout.write(str(count_working_days(start=_date(start), end=_date(end))))

    def do_deadline(self, *, start: str, amount: str, unit: str, suspend: list[str], **_options) -> None:
        deadline = deadline_explain(
            start=_instant(start), amount=_integer(amount), unit=unit, suspensions=[_span(s) for s in suspend]
        )
        for line in deadline.lines():
            self.stdout.write(line)
        self.stdout.write(deadline.due.isoformat())

    def do_years(self, **_options) -> None:
        for record in CalendarYear.objects.order_by("year"):
            first, last = dt.date(record.year, 1, 1), dt.date(record.year, 12, 31)
            days = SpecialDay.objects.filter(date__gte=first, date__lte=last)
            holidays = days.filter(kind=DayKind.HOLIDAY).count()
            self.stdout.write(
                f"{record.year}\t{record.source}\t{holidays}\t{days.count() - holidays}\t{record.note}"
            )

    def do_import(self, *, file: str, year: int, note: str, user: str | None, **_options) -> None:
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("无法读取文件 %(file)s：%(error)s") % {"file": file, "error": error}
            ) from None
        result = calendar_import_csv(
            actor=self._actor(user), year=year, content=content, note=note, filename=path.name
        )
        self.stdout.write(
            _("已导入%(year)d年的安排（%(rows)d行）：新增%(created)d天，修改%(changed)d天，作废%(removed)d天")
            % {
                "year": year,
                "rows": result.rows,
                "created": len(result.created),
                "changed": len(result.changed),
                "removed": len(result.removed),
            }
        )

    def do_seed(self, *, user: str | None, **_options) -> None:
        report = calendar_seed(actor=self._actor(user))
        years = report.years_loaded
        self.stdout.write(
            _(
                "chinese-calendar %(version)s：新载入%(years)d个年度，"
                "新增%(created)d天，更正%(updated)d天，作废%(removed)d天"
            )
            % {
                "version": report.package_version,
                "years": len(years),
                "created": report.created,
                "updated": report.updated,
                "removed": report.removed,
            }
        )
        if report.years_kept:
            kept = ", ".join(str(y) for y in report.years_kept)
            self.stdout.write(_("由管理员维护、未改动的年度：%(years)s") % {"years": kept})

    def _actor(self, username: str | None) -> User | None:
        if not username:
            return None
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            raise CommandError(_("账号 %(name)s 不存在") % {"name": username})
        return user
