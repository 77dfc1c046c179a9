"""Choices of talks and inquiry letters (谈话函询, SUP-236..248, SUP-12, SUP-13)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    INTEGRITY_COLLECTIVE = "integrity_collective", _("集体廉政谈话")  # SUP-237: once a year
    INTEGRITY = "integrity", _("个别廉政谈话")  # SUP-237: at any time
    ADMONITION = "admonition", _("诫勉谈话")  # SUP-239
    SUMMONS = "summons", _("约谈")  # SUP-242..246
    INQUIRY = "inquiry", _("函询")  # SUP-242, SUP-247, SUP-248


TALK_KINDS = (Kind.INTEGRITY_COLLECTIVE, Kind.INTEGRITY, Kind.ADMONITION, Kind.SUMMONS)


class Status(models.TextChoices):
    DRAFT = "draft", _("待审批")  # the approval form (审批表) is filled in
    APPROVED = "approved", _("已审批")  # SUP-244: approved by the competent leader
    NOTIFIED = "notified", _("已通知")  # the notice (通知书) is issued
    HELD = "held", _("已谈话")  # the talk record is made (SUP-240, SUP-245)
    REPLIED = "replied", _("已回复")  # the written reply came (SUP-247)
    RECTIFYING = "rectifying", _("整改中")  # a rectification plan is filed (SUP-238, SUP-246)
    CONCLUDED = "concluded", _("已办结")


OPEN_STATUSES = (
    Status.DRAFT,
    Status.APPROVED,
    Status.NOTIFIED,
    Status.HELD,
    Status.REPLIED,
    Status.RECTIFYING,
)


class Outcome(models.TextChoices):
    CLOSED = "closed", _("谈话完毕，无需整改")
    CLARIFIED = "clarified", _("函询说明清楚，予以了结")
    RECTIFIED = "rectified", _("整改到位")
    ESCALATED = "escalated", _("整改不到位或说明不清，另行处理")


class Escalation(models.TextChoices):
    """SUP-241 (criticism or organisational handling), SUP-246 (accountability), SUP-13 (re-inquiry)."""

    CRITICISM = "criticism", _("批评教育、督促整改")
    ORG_HANDLING = "org_handling", _("组织处理")
    ACCOUNTABILITY = "accountability", _("追究责任")
    RE_INQUIRY = "re_inquiry", _("再次函询或采取其他方式")


class FollowUpMethod(models.TextChoices):
    CHECK = "check", _("检查整改情况")
    OPEN_VISIT = "open_visit", _("明查")
    UNDERCOVER = "undercover", _("暗访")
    RETURN_VISIT = "return_visit", _("回访")


class SourceKind(models.TextChoices):
    """What prompted a talk or letter (PET-8, PET-9, SUP-253), as a text reference filled later."""

    PETITION = "petition", _("信访举报")
    TRANSFER = "transfer", _("上级纪委转办")
    AUDIT = "audit", _("经济责任审计")
    INSPECTION = "inspection", _("干部考察考核")
    EVALUATION = "evaluation", _("民主测评结果")
    PROMOTION = "promotion", _("提拔任用（SUP-119）")
    PLAN = "plan", _("年度计划")
    OTHER = "other", _("其他")
