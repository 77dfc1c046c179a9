"""Choices of the workdays app (English values, Chinese labels)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DayKind(models.TextChoices):
    """What a special day (节假日安排中的一天) is: a day off, or a weekend day worked instead (调休上班)."""

    HOLIDAY = "holiday", _("节假日")
    WORKDAY = "workday", _("调休上班")


class ScheduleSource(models.TextChoices):
    """Where a year's schedule, or one day of it, came from."""

    PACKAGE = "package", _("chinese-calendar 软件包")
    CSV = "csv", _("CSV 导入")
    MANUAL = "manual", _("手工维护")


class PeriodUnit(models.TextChoices):
    """The unit of a time limit (DOMAIN product default 1): every stored limit says its unit."""

    WORKDAYS = "workdays", _("工作日")
    DAYS = "days", _("日")
    HOURS = "hours", _("小时")
