"""Choices of a case's outcome (English values, Chinese labels)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DecisionKind(models.TextChoices):
    APPROVE = "approve", _("准予许可")
    REFUSE = "refuse", _("不予许可")
    PENALTY = "penalty", _("行政处罚")


class PenaltyMeasure(models.TextChoices):
    """The kind of penalty (行政处罚种类); a fine carries an amount, the others a text."""

    FINE = "fine", _("罚款")
    WARNING = "warning", _("警告")
    CONFISCATION = "confiscation", _("没收违法所得")
    SUSPEND_BUSINESS = "suspend_business", _("责令停产停业")
    SUSPEND_LICENCE = "suspend_licence", _("暂扣许可证")
    REVOKE_LICENCE = "revoke_licence", _("吊销许可证")
    OTHER = "other", _("其他")


class ServiceMethod(models.TextChoices):
    """Lawful methods of serving a decision (送达方式, CASE-153 "依法送达")."""

    DIRECT = "direct", _("直接送达")
    POST = "post", _("邮寄送达")
    LEFT = "left", _("留置送达")
    ANNOUNCEMENT = "announcement", _("公告送达")
    ELECTRONIC = "electronic", _("电子送达")
