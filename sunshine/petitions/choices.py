"""Choices of the petitions app (English values, Chinese labels)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PetitionKind(models.TextChoices):
    """What the item is (triage, issue #8 §6; seed 004 PET-1: complaints, reports, enquiries)."""

    COMPLAINT = "complaint", _("投诉（服务问题）")
    REPORT = "report", _("举报（违纪违规）")
    SUGGESTION = "suggestion", _("意见建议")
    REQUEST = "request", _("咨询求助")


class Channel(models.TextChoices):
    """How it came in (PET-1: website window, report telephone, letters, visits)."""

    PORTAL = "portal", _("网上信访")
    VISIT = "visit", _("来访")
    PHONE = "phone", _("来电")
    LETTER = "letter", _("来信")


class PetitionStatus(models.TextChoices):
    RECEIVED = "received", _("待分办")
    ASSIGNED = "assigned", _("办理中")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已办结")


OPEN_STATUSES = (PetitionStatus.RECEIVED, PetitionStatus.ASSIGNED)


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY = "basically", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")
    NOT_GIVEN = "not_given", _("未评价")


class EventKind(models.TextChoices):
    """The timeline of an item. Events marked public are what the reporter reads with the code."""

    FILED = "filed", _("登记")
    TRIAGED = "triaged", _("分类")
    ASSIGNED = "assigned", _("交办")
    TRANSFERRED = "transferred", _("转办")
    EXTENDED = "extended", _("延期")
    ANSWERED = "answered", _("答复")
    SUPPLEMENT = "supplement", _("补充材料")
    RATED = "rated", _("评价")
    CLOSED = "closed", _("办结")
    NOTE = "note", _("办理记录")


class AlertLevel(models.TextChoices):
    YELLOW = "yellow", _("黄牌（临近期限）")
    RED = "red", _("红牌（已超期）")
