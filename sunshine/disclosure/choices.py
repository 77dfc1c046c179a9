"""Choices of routine disclosure (政务公开计划) and information requests (依申请公开)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    """How often an item of the plan is published (PUB-4, PUB-219: monthly, quarterly, half-yearly;
    SUP-124 quarterly by default; PUB-207 on change)."""

    MONTHLY = "monthly", _("每月")
    QUARTERLY = "quarterly", _("每季度")
    HALF_YEARLY = "half_yearly", _("每半年")
    YEARLY = "yearly", _("每年")
    ON_CHANGE = "on_change", _("发生变化时")


PERIODIC = (Frequency.MONTHLY, Frequency.QUARTERLY, Frequency.HALF_YEARLY, Frequency.YEARLY)


class ContentCategory(models.TextChoices):
    """What an item is about (PUB-202 external government affairs, PUB-216 Party affairs, SUP-127
    finance)."""

    DOCUMENTS = "documents", _("规范性文件")
    PLANS = "plans", _("发展规划和计划")
    TARGETS = "targets", _("工作目标及考核")
    PROJECTS = "projects", _("重大项目和招投标")
    APPROVALS = "approvals", _("行政审批事项")
    ENFORCEMENT = "enforcement", _("行政执法和处罚")
    PERSONNEL = "personnel", _("人事任免和招录")
    COMMITMENTS = "commitments", _("公共服务承诺")
    FINANCE = "finance", _("财政预决算和资金使用")
    EMERGENCIES = "emergencies", _("突发事件处置")
    PARTY = "party", _("党务公开")
    OTHER = "other", _("其他")


class RequestChannel(models.TextChoices):
    """How an information request arrived (PUB-208: phone, letter, telegram, fax, e-mail)."""

    PORTAL = "portal", _("网上申请")
    LETTER = "letter", _("信函")
    FAX = "fax", _("传真")
    EMAIL = "email", _("电子邮件")
    PHONE = "phone", _("电话")
    VISIT = "visit", _("当面")


class DeliveryForm(models.TextChoices):
    """How the applicant wants the information (形式要求)."""

    ONLINE = "online", _("网上查看")
    EMAIL = "email", _("电子邮件")
    POST = "post", _("邮寄纸质")
    PICKUP = "pickup", _("当面领取")


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("已收到")
    ASSIGNED = "assigned", _("办理中")
    ANSWERED = "answered", _("已答复")


OPEN_REQUEST_STATUSES = (RequestStatus.RECEIVED, RequestStatus.ASSIGNED)


class AnswerKind(models.TextChoices):
    """The answers to an information request (PUB-208; 政府信息公开条例 第三十六条)."""

    ALREADY_PUBLIC = "already_public", _("已主动公开，告知获取方式")
    DISCLOSED = "disclosed", _("予以公开")
    PARTIAL = "partial", _("部分公开")
    WITHHELD = "withheld", _("不予公开")
    NOT_EXIST = "not_exist", _("信息不存在")
    NOT_OURS = "not_ours", _("非本机关负责公开")


class WithholdReason(models.TextChoices):
    """Why information is not disclosed (PUB-204, PUB-1)."""

    STATE_SECRET = "state_secret", _("涉及国家秘密")
    WORK_SECRET = "work_secret", _("涉及依法受保护的工作秘密")
    COMMERCIAL_SECRET = "commercial_secret", _("涉及商业秘密")
    PRIVACY = "privacy", _("涉及个人隐私")
    SECURITY = "security", _("可能危及国家安全、公共安全、经济安全和社会稳定")
    OTHER = "other", _("其他法定理由")


# Answers that need a withholding reason.
NEEDS_REASON = (AnswerKind.PARTIAL, AnswerKind.WITHHELD)
