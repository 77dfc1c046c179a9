"""Choices of the accountability app (English values, Chinese labels; docs/decisions/0015)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    """Where a matter comes from (问责线索来源, ACC-5, ACC-109). ``petition`` and ``decision`` are the
    records of later modules, named by ``source_ref`` until those modules exist."""

    INSTRUCTION = "instruction", _("上级指示、批示")
    PUBLIC_REPORT = "public_report", _("群众举报、投诉")
    ALERT = "alert", _("电子监察预警")
    ORDER = "order", _("督办通知书")
    INSPECTION = "inspection", _("巡查、检查、考核")
    DEPUTY_MOTION = "deputy_motion", _("人大代表建议、政协委员提案")
    MEDIA = "media", _("新闻媒体曝光")
    ORGAN = "organ", _("行政、监察、司法机关移送")
    PETITION = "petition", _("信访件")
    DECISION = "decision", _("决策事项")
    OTHER = "other", _("其他")


class Status(models.TextChoices):
    """ACC-11's state machine (reported → verified → initiated → investigating → reported_to_committee
    → decided → served → [appealed → review_decided] → closed); 初核 not confirming ends it."""

    VERIFYING = "verifying", _("初步核实")
    INVESTIGATING = "investigating", _("调查")
    REPORTED = "reported", _("待决定")
    DECIDED = "decided", _("待送达")
    SERVED = "served", _("已送达")
    APPEALED = "appealed", _("申诉复核中")
    CLOSED = "closed", _("已办结")
    DISMISSED = "dismissed", _("不予问责")


OPEN_STATUSES = (
    Status.VERIFYING,
    Status.INVESTIGATING,
    Status.REPORTED,
    Status.DECIDED,
    Status.SERVED,
    Status.APPEALED,
)


class Action(models.TextChoices):
    REGISTER = "register", _("登记问责线索")
    DISMISS = "dismiss", _("初核不予问责")
    OPEN = "open", _("启动问责")
    MEMBER_ADD = "member_add", _("确定调查组成员")
    MEMBER_WITHDRAW = "member_withdraw", _("调查组成员回避")
    EXTEND = "extend", _("延长调查期限")
    PROPOSE = "propose", _("拟定问责意见")
    STATEMENT = "statement", _("听取陈述申辩")
    SPLIT = "split", _("认定责任")
    FACTOR = "factor", _("记录从重从轻情节")
    REPORT = "report", _("提交调查报告")
    DECIDE = "decide", _("作出问责决定")
    SERVE = "serve", _("送达问责决定")
    APPEAL = "appeal", _("提出申诉")
    REVIEW = "review", _("作出复核决定")
    CLOSE = "close", _("办结")


class Target(models.TextChoices):
    INDIVIDUAL = "individual", _("领导干部个人")
    TEAM = "team", _("领导班子")


class Tier(models.TextChoices):
    """情节 (ACC-3): the severity tier limits the sanctions that may be chosen."""

    MINOR = "minor", _("情节较轻")
    SERIOUS = "serious", _("情节较重")
    GRAVE = "grave", _("情节严重")


TIER_ORDER = {Tier.MINOR: 1, Tier.SERIOUS: 2, Tier.GRAVE: 3}


class GroundCatalogue(models.TextChoices):
    DECISION_MAKER = "decision_maker", _("追究决策者责任情形（SUP-28）")
    EXECUTOR = "executor", _("追究执行者责任情形（SUP-29）")
    SITUATION = "situation", _("问责事项（ACC-1）")
    ENFORCEMENT = "enforcement", _("违反权力运行责任追究情形（ACC-102）")


class Share(models.TextChoices):
    """The kinds of responsibility (ACC-103..105, SUP-34)."""

    DIRECT = "direct", _("直接责任")
    MAIN_LEADERSHIP = "main_leadership", _("主要领导责任")
    IMPORTANT_LEADERSHIP = "important_leadership", _("重要领导责任")
    MAIN = "main", _("主要责任")
    SECONDARY = "secondary", _("次要责任")
    NONE = "none", _("不承担责任")


class ChainRole(models.TextChoices):
    HANDLER = "handler", _("承办人")
    REVIEWER = "reviewer", _("审核人")
    APPROVER = "approver", _("批准人")
    CHAIR = "chair", _("会议主持人")
    PARTICIPANT = "participant", _("参会人员")
    PRINCIPAL = "principal", _("主要负责人")
    IN_CHARGE = "in_charge", _("分管领导")


class SplitKind(models.TextChoices):
    CHAIN = "chain", _("承办、审核、批准（ACC-103）")
    COLLECTIVE = "collective", _("集体决策（ACC-104）")
    LEADERS = "leaders", _("主要负责人与分管领导（SUP-34）")


class FactorKind(models.TextChoices):
    AGGRAVATING = "aggravating", _("从重情节")
    MITIGATING = "mitigating", _("从轻、减轻情节")


class FactorCode(models.TextChoices):
    REPEAT = "repeat", _("12个月内被问责2次以上")
    OBSTRUCTION = "obstruction", _("干扰、阻碍、不配合调查")
    RETALIATION = "retaliation", _("打击报复举报人、证人")
    IMPROPER_INFLUENCE = "improper_influence", _("说情、贿赂调查人员")
    SELF_CORRECTED = "self_corrected", _("主动发现并及时纠正，未造成重大损失")
    OTHER = "other", _("其他")


AGGRAVATING_CODES = (
    FactorCode.REPEAT,
    FactorCode.OBSTRUCTION,
    FactorCode.RETALIATION,
    FactorCode.IMPROPER_INFLUENCE,
)


class ReviewOutcome(models.TextChoices):
    UPHELD = "upheld", _("维持原决定")
    CHANGED = "changed", _("变更（减轻）原决定")
    REVOKED = "revoked", _("撤销原决定")
