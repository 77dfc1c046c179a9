"""The working-day calendar (工作日历): each year's public holidays and adjusted working days (调休上班).

A date is a working day when it is a Monday to Friday that is not a holiday, or a weekend day listed
as an adjusted working day. That holds only for years whose schedule is loaded (``CalendarYear``);
computations refuse other years (CAL-1). Rules live in workdays.services; the constraints below refuse
what the services refuse, so that imports, the shell and races cannot slip past (STYLE §3).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sunshine.core.models import BaseModel, SoftDeleteModel
from sunshine.workdays.choices import DayKind, ScheduleSource

ALIVE = Q(deleted_at__isnull=True)
FIRST_YEAR = 1949
LAST_YEAR = 2200


@models.DateField.register_lookup
class NativeIsoWeekDay(models.Transform):
    """ISO day of the week (Monday 1 … Sunday 7) in each database's own SQL.

    Django's ``iso_week_day`` calls a Python function on SQLite, which a CHECK constraint must not:
    the database would refuse rows restored from a ``.dump`` outside Django.
    """

    lookup_name = "native_iso_week_day"
    output_field = models.IntegerField()

    def as_sql(self, compiler, connection):
        lhs, params = compiler.compile(self.lhs)
        return f"EXTRACT(ISODOW FROM {lhs})", params

    def as_sqlite(self, compiler, connection):
        lhs, params = compiler.compile(self.lhs)
        return f"((CAST(strftime('%%w', {lhs}) AS INTEGER) + 6) %% 7 + 1)", params


class CalendarYear(BaseModel, SoftDeleteModel):
    """A year whose schedule is loaded (已载入): computations may use its days.

    The State Council (国务院办公厅) announces the next year's holidays each winter; until a row for
    that year exists, working-day computations that reach it raise CalendarYearMissing (CAL-1).
    """

    year = models.PositiveSmallIntegerField(_("年度"))
    source = models.CharField(_("来源"), max_length=10, choices=ScheduleSource.choices)
    note = models.CharField(
        _("依据"),
        max_length=500,
        blank=True,
        help_text=_("如：国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕X号）"),
    )

    class Meta:
        verbose_name = _("年度安排")
        verbose_name_plural = _("年度安排")
        ordering = ["year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(source__in=ScheduleSource.values), name="workdays_calendaryear_source_valid"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR) & Q(year__lte=LAST_YEAR),
                name="workdays_calendaryear_year_in_range",
                violation_error_code="date_out_of_range",
            ),
            models.UniqueConstraint(
                fields=["year"],
                condition=ALIVE,
                name="workdays_calendaryear_year_unique",
                violation_error_code="year_already_loaded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年"


class SpecialDay(BaseModel, SoftDeleteModel):
    """One day of a year's schedule: a holiday (放假) or an adjusted working day (调休上班).

    ``source`` tells the package seeding which rows it may still correct: only its own rows that no
    administrator has changed (a change sets ``source`` to manual).
    """

    date = models.DateField(_("日期"))
    kind = models.CharField(_("类别"), max_length=10, choices=DayKind.choices)
    name = models.CharField(
        _("名称"), max_length=100, help_text=_("节日名称，如：国庆节；调休上班日写其所属的节日")
    )
    source = models.CharField(
        _("来源"), max_length=10, choices=ScheduleSource.choices, default=ScheduleSource.MANUAL
    )

    class Meta:
        verbose_name = _("节假日安排")
        verbose_name_plural = _("节假日安排")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=DayKind.values), name="workdays_specialday_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(source__in=ScheduleSource.values), name="workdays_specialday_source_valid"
            ),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="workdays_specialday_name_required",
                violation_error_code="required",
            ),
            # An adjusted working day (调休上班) turns a weekend day into a working day; on a weekday
            # it would mean nothing and is always a typing mistake.
            models.CheckConstraint(
                condition=Q(kind=DayKind.HOLIDAY) | Q(date__native_iso_week_day__gte=6),
                name="workdays_specialday_workday_on_weekend",
                violation_error_code="workday_not_on_weekend",
            ),
            models.UniqueConstraint(
                fields=["date"],
                condition=ALIVE,
                name="workdays_specialday_date_unique",
                violation_error_code="special_day_duplicate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.name}（{self.get_kind_display()}）"

    @property
    def is_holiday(self) -> bool:
        return self.kind == DayKind.HOLIDAY


class CalendarRevision(models.Model):
    """One row whose ``token`` changes with every change of the calendar (any year, any day).

    Each process caches the calendar as arrays (workdays.engine) and compares this token at most once a
    second, so a web process sees an edit made in a worker (and the reverse) within about a second.
    Not a domain record (no version, no soft delete): nobody edits it, the services overwrite it.
    A random token, not a counter, so that a rolled-back change can never be taken for a later one.
    """

    id = models.PositiveSmallIntegerField(_("编号"), primary_key=True, default=1)
    token = models.BigIntegerField(_("修订标记"))
    changed_at = models.DateTimeField(_("修改时间"))

    class Meta:
        verbose_name = _("工作日历修订")
        verbose_name_plural = _("工作日历修订")
        constraints = [models.CheckConstraint(condition=Q(id=1), name="workdays_calendarrevision_singleton")]

    def __str__(self) -> str:
        return f"{self.token:x}"
