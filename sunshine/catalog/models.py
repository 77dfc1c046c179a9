"""The power catalogue (职权目录, 清权/确权): power items, their versions and what each version holds.

A power item (职权事项) is the stable identity: body and code. What it says lives in versions
(PowerVersion): a draft is edited, reviewed by the legal and discipline offices, published, and
superseded by the next published version (CAT-116). A published version is never changed: a change
is a new version, and the differences between the two are shown (catalog.diff). The children of a
version (legal bases, materials, responsible posts, risk points and their measures, discretion
benchmarks) belong to that version only, so a published version keeps them as they were.

Rules live in catalog.services; the constraints below refuse what the services refuse.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sunshine.catalog.choices import (
    Audience,
    Category,
    LegalLevel,
    PeriodUnit,
    ResponsibleRole,
    ReviewKind,
    ReviewOutcome,
    RiskLevel,
    Status,
)
from sunshine.core.models import BaseModel, SoftDeleteModel

ALIVE = Q(deleted_at__isnull=True)


class PowerItem(BaseModel, SoftDeleteModel):
    """One power a body holds (一项权力, 一个目录条目: CAT-119). ``latest`` is its newest version,
    whatever its state; ``current`` the published one in force, if any."""

    body = models.ForeignKey(
        "org.Unit", verbose_name=_("实施主体"), on_delete=models.PROTECT, related_name="power_items"
    )
    code = models.CharField(_("事项编码"), max_length=50)
    latest = models.OneToOneField(
        "PowerVersion",
        verbose_name=_("最新版本"),
        on_delete=models.PROTECT,
        null=True,
        related_name="latest_of",
    )
    current = models.OneToOneField(
        "PowerVersion",
        verbose_name=_("现行版本"),
        on_delete=models.PROTECT,
        null=True,
        related_name="current_of",
    )

    class Meta:
        verbose_name = _("职权事项")
        verbose_name_plural = _("职权事项")
        ordering = ["body", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "code"], condition=ALIVE, name="catalog_item_code_unique"
            ),
        ]

    def __str__(self) -> str:
        name = self.latest.name if self.latest_id else ""
        return f"{self.code} {name}".strip()

    @property
    def scope_unit(self):
        return self.latest.department if self.latest_id else self.body


class PowerVersion(BaseModel):
    """What a power item says, as of one version (the catalogue entry and its rule: CAT-108, SUP-131)."""

    item = models.ForeignKey(
        PowerItem, verbose_name=_("职权事项"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("版本号"))
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT)

    name = models.CharField(_("事项名称"), max_length=200)
    category = models.CharField(_("权力类别"), max_length=20, choices=Category.choices)
    audience = models.CharField(
        _("公开范围"), max_length=20, choices=Audience.choices, default=Audience.EXTERNAL
    )
    department = models.ForeignKey(
        "org.Unit", verbose_name=_("责任科室"), on_delete=models.PROTECT, related_name="power_versions"
    )
    conditions = models.TextField(_("办理条件"), blank=True)
    statutory_limit = models.PositiveIntegerField(_("法定时限"), null=True, blank=True)
    statutory_unit = models.CharField(
        _("法定时限单位"), max_length=20, choices=PeriodUnit.choices, default=PeriodUnit.WORKDAYS
    )
    promised_limit = models.PositiveIntegerField(_("承诺时限"), null=True, blank=True)
    promised_unit = models.CharField(
        _("承诺时限单位"), max_length=20, choices=PeriodUnit.choices, default=PeriodUnit.WORKDAYS
    )
    fees = models.TextField(_("收费标准"), blank=True, help_text=_("不收费的写“不收费”"))
    fee_basis = models.TextField(_("收费依据"), blank=True)
    disclosure = models.TextField(
        _("公开方式"), blank=True, help_text=_("如：门户网站、公示栏、政务服务大厅")
    )
    results_public = models.BooleanField(_("办理结果公开"), default=False)
    counterpart_rights = models.TextField(
        _("相对人权利"), blank=True, help_text=_("陈述、申辩、听证、复议、诉讼等")
    )
    complaint_channel = models.TextField(_("投诉举报渠道"), blank=True)
    change_note = models.TextField(_("修订说明"), blank=True)
    # The power's grade: the highest grade of its risk points (SUP-133), kept by catalog.services.
    risk_level = models.CharField(
        _("风险等级"), max_length=1, choices=RiskLevel.choices, blank=True, editable=False
    )

    review_round = models.PositiveSmallIntegerField(_("提交审核次数"), default=0)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    superseded_at = models.DateTimeField(_("替代时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("职权事项版本")
        verbose_name_plural = _("职权事项版本")
        ordering = ["item", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="catalog_version_number_unique"),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="catalog_version_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(category__in=Category.values), name="catalog_version_category_valid"
            ),
            # One version in force, and at most one being worked on, per item.
            models.UniqueConstraint(
                fields=["item"], condition=Q(status="published"), name="catalog_one_published_version"
            ),
            models.UniqueConstraint(
                fields=["item"],
                condition=Q(status__in=["draft", "submitted", "reviewed"]),
                name="catalog_one_open_version",
            ),
        ]
        indexes = [
            models.Index(fields=["department", "status"], name="catalog_version_dept_idx"),
            models.Index(fields=["category"], name="catalog_version_category_idx"),
            models.Index(fields=["risk_level"], name="catalog_version_risk_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（第{self.number}版）"

    @property
    def scope_unit(self):
        return self.department

    @property
    def is_editable(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def top_level(self) -> str:
        """The power's risk grade (``risk_level``), under the name list pages use."""
        return self.risk_level


class VersionPart(SoftDeleteModel):
    """A row that belongs to one version and is copied into the next (CAT-118). A draft's rows are
    replaced by marking the old ones deleted (AUD-2), so the default manager shows the live ones."""

    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta(SoftDeleteModel.Meta):
        abstract = True
        ordering = ["sort_order", "id"]


class LegalBasis(VersionPart):
    """A legal basis of the power (职权依据, CAT-108, CAT-112)."""

    version = models.ForeignKey(PowerVersion, on_delete=models.CASCADE, related_name="legal_bases")
    level = models.CharField(_("效力层级"), max_length=20, choices=LegalLevel.choices, default=LegalLevel.LAW)
    statute = models.CharField(_("法律法规名称"), max_length=200)
    article = models.CharField(_("条款"), max_length=100, blank=True)
    text = models.TextField(_("条文内容"), blank=True)

    class Meta(VersionPart.Meta):
        verbose_name = _("法律依据")
        verbose_name_plural = _("法律依据")

    def __str__(self) -> str:
        return f"《{self.statute}》{self.article}"


class Material(VersionPart):
    """A material the applicant hands in (申请材料, CAT-122); the one-time notice lists the missing."""

    version = models.ForeignKey(PowerVersion, on_delete=models.CASCADE, related_name="materials")
    name = models.CharField(_("材料名称"), max_length=200)
    copies = models.PositiveSmallIntegerField(_("份数"), default=1)
    required = models.BooleanField(_("必须提交"), default=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta(VersionPart.Meta):
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")

    def __str__(self) -> str:
        return self.name


class Responsibility(VersionPart):
    """A post (and, where named, a person) responsible for the power in one role (CAT-113)."""

    version = models.ForeignKey(PowerVersion, on_delete=models.CASCADE, related_name="responsibilities")
    role = models.CharField(_("职责"), max_length=20, choices=ResponsibleRole.choices)
    post = models.ForeignKey(
        "org.Post", verbose_name=_("岗位"), on_delete=models.PROTECT, null=True, blank=True
    )
    person = models.ForeignKey(
        "org.Person", verbose_name=_("人员"), on_delete=models.PROTECT, null=True, blank=True
    )
    collective_body = models.CharField(
        _("集体决策机构"), max_length=100, blank=True, help_text=_("如：局务会、党组会")
    )

    class Meta(VersionPart.Meta):
        verbose_name = _("责任岗位")
        verbose_name_plural = _("责任岗位")
        constraints = [
            models.CheckConstraint(
                condition=Q(post__isnull=False) | Q(person__isnull=False) | ~Q(collective_body=""),
                name="catalog_responsibility_names_someone",
            ),
        ]

    def __str__(self) -> str:
        who = self.collective_body or (self.post and self.post.name) or (self.person and self.person.name)
        return f"{self.get_role_display()}：{who}"


class RiskPoint(VersionPart):
    """An integrity-risk point on one step of the flowchart (廉政风险点, CAT-3..5, SUP-132/133).

    ``step_id`` is the BPMN element's id; ``level`` is decided by the leadership (CAT-5), the three
    ratings are what it is decided from (CAT-4); catalog.services.suggested_level proposes one.
    One risk point per version is the main one (一个主要风险点, CAT-119).
    """

    version = models.ForeignKey(PowerVersion, on_delete=models.CASCADE, related_name="risk_points")
    step_id = models.CharField(_("流程环节"), max_length=100)
    step_name = models.CharField(_("环节名称"), max_length=200, blank=True)
    description = models.TextField(_("风险描述"))
    level = models.CharField(_("风险等级"), max_length=1, choices=RiskLevel.choices)
    importance = models.PositiveSmallIntegerField(
        _("权力重要程度"), default=2, help_text=_("1 低 · 2 中 · 3 高")
    )
    frequency = models.PositiveSmallIntegerField(_("行使频率"), default=2, help_text=_("1 低 · 2 中 · 3 高"))
    likelihood = models.PositiveSmallIntegerField(
        _("发生可能性"), default=2, help_text=_("1 低 · 2 中 · 3 高")
    )
    is_main = models.BooleanField(_("主要风险点"), default=False)
    responsible_post = models.ForeignKey(
        "org.Post",
        verbose_name=_("防控责任岗位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    responsible_person = models.ForeignKey(
        "org.Person",
        verbose_name=_("防控责任人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta(VersionPart.Meta):
        verbose_name = _("风险点")
        verbose_name_plural = _("风险点")
        constraints = [
            models.CheckConstraint(condition=Q(level__in=RiskLevel.values), name="catalog_risk_level_valid"),
            models.CheckConstraint(
                condition=Q(importance__range=(1, 3), frequency__range=(1, 3), likelihood__range=(1, 3)),
                name="catalog_risk_ratings_valid",
            ),
            models.UniqueConstraint(
                fields=["version"], condition=Q(is_main=True) & ALIVE, name="catalog_one_main_risk"
            ),
        ]
        indexes = [models.Index(fields=["version", "level"], name="catalog_risk_version_level_idx")]

    def __str__(self) -> str:
        return f"{self.level} {self.step_name or self.step_id}：{self.description[:40]}"


class Measure(VersionPart):
    """A prevention measure of a risk point (防控措施; every risk point needs one: SUP-132)."""

    risk_point = models.ForeignKey(RiskPoint, on_delete=models.CASCADE, related_name="measures")
    description = models.TextField(_("防控措施"))
    responsible_person = models.ForeignKey(
        "org.Person",
        verbose_name=_("责任人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta(VersionPart.Meta):
        verbose_name = _("防控措施")
        verbose_name_plural = _("防控措施")

    def __str__(self) -> str:
        return self.description[:60]


class DiscretionBenchmark(VersionPart):
    """A discretion benchmark of a penalty item (自由裁量基准, CAT-127): one kind of violation, cut
    into tiers (e.g. three grades of three steps each), each with its allowed range."""

    version = models.ForeignKey(PowerVersion, on_delete=models.CASCADE, related_name="benchmarks")
    violation = models.CharField(_("违法行为"), max_length=300)
    basis = models.TextField(_("处罚依据"), blank=True)

    class Meta(VersionPart.Meta):
        verbose_name = _("自由裁量基准")
        verbose_name_plural = _("自由裁量基准")

    def __str__(self) -> str:
        return self.violation


class DiscretionTier(VersionPart):
    """One tier of a benchmark: its circumstances and its range (an amount range, a measure, or both)."""

    benchmark = models.ForeignKey(DiscretionBenchmark, on_delete=models.CASCADE, related_name="tiers")
    grade = models.CharField(_("裁量等级"), max_length=50, help_text=_("如：轻微、一般、严重"))
    band = models.CharField(_("裁量档次"), max_length=50, blank=True, help_text=_("如：第一档"))
    circumstances = models.TextField(_("违法情节"))
    min_amount = models.DecimalField(
        _("罚款下限（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    max_amount = models.DecimalField(
        _("罚款上限（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    measure = models.CharField(_("处罚种类或措施"), max_length=300, blank=True)

    class Meta(VersionPart.Meta):
        verbose_name = _("裁量档次")
        verbose_name_plural = _("裁量档次")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_amount__isnull=True)
                | Q(max_amount__isnull=True)
                | Q(min_amount__lte=models.F("max_amount")),
                name="catalog_tier_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(min_amount__isnull=False) | Q(max_amount__isnull=False) | ~Q(measure=""),
                name="catalog_tier_has_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grade}{self.band}"


class Review(BaseModel):
    """A review of a submitted version by the legal office or the discipline office (CAT-116), with
    the three checks of CAT-117 (lawful basis, flowchart as practised, name as the superior's list)."""

    version = models.ForeignKey(PowerVersion, on_delete=models.PROTECT, related_name="reviews")
    kind = models.CharField(_("审核类别"), max_length=20, choices=ReviewKind.choices)
    outcome = models.CharField(_("审核结论"), max_length=20, choices=ReviewOutcome.choices)
    opinion = models.TextField(_("审核意见"))
    basis_checked = models.BooleanField(_("已对照法律法规核对依据"), default=False)
    practice_checked = models.BooleanField(_("已对照实际核对流程图"), default=False)
    name_checked = models.BooleanField(_("已对照上级清单核对名称"), default=False)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审核人"), on_delete=models.PROTECT, related_name="+"
    )
    round = models.PositiveSmallIntegerField(_("提交轮次"), default=1)

    class Meta:
        verbose_name = _("审核记录")
        verbose_name_plural = _("审核记录")
        ordering = ["version", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["version", "round", "kind"], name="catalog_one_review_per_round"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.get_outcome_display()}"
