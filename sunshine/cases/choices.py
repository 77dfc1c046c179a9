"""Choices of the cases app (English values, Chinese labels)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("自然人")
    ORGANISATION = "organisation", _("法人或其他组织")


class CaseStatus(models.TextChoices):
    """Where a case stands (its steps are the flowchart's; this is the summary lists filter on)."""

    RECEIVED = "received", _("已收件")  # materials being checked
    CORRECTING = "correcting", _("补正中")  # one-time notice given, waiting for the corrections
    ACCEPTED = "accepted", _("办理中")
    REFUSED = "refused", _("不予受理")
    CLOSED = "closed", _("已办结")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("待办")
    DONE = "done", _("已办")
    CANCELLED = "cancelled", _("已取消")
    SENT_BACK = "sent_back", _("已退回")  # undone by a send-back (退回, cases.actions)


# BPMN's time units (flows.engine) in the workdays app's terms (workdays.PeriodUnit).
BPMN_UNITS = {"working_days": "workdays", "calendar_days": "days", "hours": "hours"}


class SuspensionKind(models.TextChoices):
    """Why a case's clock stands still (CASE-114, DOMAIN product default 1; CASE-119)."""

    CORRECTION = "correction", _("补正材料")
    RECTIFICATION = "rectification", _("整改")
    HEARING = "hearing", _("听证")
    TEST = "test", _("检验检测")
    EXPERT_REVIEW = "expert_review", _("专家评审")


class PenaltyAuthority(models.TextChoices):
    """Who approved an extension of a penalty case's duration (CASE-157)."""

    PRINCIPAL = "principal", _("局主要负责人")  # up to 90 days in all
    SUPERIOR = "superior", _("上级主管部门")  # the municipal bureau: up to 180 days in all


class PreFilingReason(models.TextChoices):
    """Why a penalty case was investigated before filing (先行调查取证, CASE-146)."""

    OUT_OF_AREA = "out_of_area", _("异地执法")
    IMMEDIATE = "immediate", _("需立即采取措施")


class HearingAnswer(models.TextChoices):
    """The party's answer to the notice of the right to a hearing (听证告知, CASE-149)."""

    PENDING = "pending", _("未答复")
    REQUESTED = "requested", _("要求听证")
    WAIVED = "waived", _("放弃听证")
