"""Choices of the catalog app (English values, Chinese labels)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sunshine.workdays.choices import PeriodUnit

__all__ = ["Audience", "Category", "LegalLevel", "PeriodUnit", "ResponsibleRole", "RiskLevel", "Status"]


class Category(models.TextChoices):
    """Kinds of power: the eight kinds of administrative enforcement act (CAT-111), inspection and
    other external powers (CAT-110), and the internal kinds the seeds name (CAT-109 (3)(4))."""

    PERMIT = "permit", _("行政许可")
    PENALTY = "penalty", _("行政处罚")
    COMPULSORY = "compulsory", _("行政强制")
    LEVY = "levy", _("行政征收")
    PAYMENT = "payment", _("行政给付")
    INSPECTION = "inspection", _("行政检查")
    CONFIRMATION = "confirmation", _("行政确认")
    AWARD = "award", _("行政奖励")
    ADJUDICATION = "adjudication", _("行政裁决")
    OTHER = "other", _("其他行政权力")
    PERSONNEL = "personnel", _("人事管理")
    FINANCE = "finance", _("财务管理")
    PROJECT = "project", _("工程项目")
    PROCUREMENT = "procurement", _("物资采购")


# The internal kinds are published inside the body only (CAT-110).
INTERNAL_CATEGORIES = frozenset(
    {Category.PERSONNEL, Category.FINANCE, Category.PROJECT, Category.PROCUREMENT}
)


class Audience(models.TextChoices):
    """To whom a power is disclosed (CAT-110)."""

    EXTERNAL = "external", _("对外公开")
    INTERNAL = "internal", _("内部公开")


class LegalLevel(models.TextChoices):
    """The rank of a legal basis, in the order the catalogue lists them (CAT-112)."""

    LAW = "law", _("法律")
    REGULATION = "regulation", _("行政法规")
    MINISTERIAL_RULE = "ministerial_rule", _("部门规章")
    LOCAL_REGULATION = "local_regulation", _("地方性法规")
    LOCAL_RULE = "local_rule", _("地方政府规章")
    NORMATIVE = "normative", _("规范性文件")
    PARTY_RULE = "party_rule", _("党内法规")


class ResponsibleRole(models.TextChoices):
    """Who does what for a power: handler, reviewer, approving leader, collective body (CAT-113)."""

    HANDLER = "handler", _("承办")
    REVIEWER = "reviewer", _("审核")
    APPROVER = "approver", _("审批领导")
    COLLECTIVE = "collective", _("集体决策")


class RiskLevel(models.TextChoices):
    """Integrity-risk grades: A high (red), B medium (orange), C low (yellow) (SUP-133, CAT-4)."""

    A = "A", _("A级（高）")
    B = "B", _("B级（中）")
    C = "C", _("C级（低）")


class Status(models.TextChoices):
    """A version's life cycle (CAT-116): legality and discipline review before publication."""

    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交审核")
    REVIEWED = "reviewed", _("审核通过")
    PUBLISHED = "published", _("已发布")
    SUPERSEDED = "superseded", _("已被替代")


class ReviewKind(models.TextChoices):
    LEGAL = "legal", _("法制审核")
    DISCIPLINE = "discipline", _("纪检审核")


class ReviewOutcome(models.TextChoices):
    APPROVED = "approved", _("同意")
    RETURNED = "returned", _("退回修改")
