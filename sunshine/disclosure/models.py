"""What the portal stores of its own: the daily checkpoints of the audit chain (审计校验点), the
bodies' disclosure plans and what was published for them (政务公开计划), and information requests
(依申请公开).

Everything else the portal shows belongs to other apps (the catalogue's published versions, the cases'
published results) and is read through their selectors."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sunshine.core import clock
from sunshine.core.models import BaseModel, SoftDeleteModel
from sunshine.disclosure.choices import (
    OPEN_REQUEST_STATUSES,
    AnswerKind,
    ContentCategory,
    DeliveryForm,
    Frequency,
    RequestChannel,
    RequestStatus,
    WithholdReason,
)


class AuditCheckpoint(BaseModel):
    """The audit chain's head as it stood on one day: how many records were linked (``count``, the
    head's ``seq``) and the head's hash. Published on the portal so that anyone who keeps an old one can
    later prove that the history up to it was not rewritten (docs/decisions/0002-audit-chain.md,
    ``sunshine audit verify --checkpoint COUNT:HASH``)."""

    day = models.DateField(_("日期"), unique=True)
    count = models.PositiveBigIntegerField(_("记录数"))
    head_hash = models.CharField(_("链头哈希"), max_length=64)
    taken_at = models.DateTimeField(_("记录时间"))

    class Meta:
        verbose_name = _("审计校验点")
        verbose_name_plural = _("审计校验点")
        ordering = ["-day"]
        constraints = [
            models.CheckConstraint(
                condition=Q(head_hash__regex=r"^[0-9a-f]{64}$"),
                name="disclosure_auditcheckpoint_hash_hex",
                violation_error_code="hash_not_hex",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.count}:{self.head_hash}"

    @property
    def checkpoint(self) -> str:
        """The argument of ``sunshine audit verify --checkpoint``."""
        return f"{self.count}:{self.head_hash}"


# --- Routine disclosure (政务公开计划, issue #8 §4) ----------------------------------------------


class DisclosureSettings(BaseModel):
    """A body's disclosure limits, where the seeds leave a number to each body (DOMAIN: placeholders
    are settings). Without a row the defaults apply (``services.settings_of``)."""

    body = models.OneToOneField(
        "org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="disclosure_settings"
    )
    due_day = models.PositiveSmallIntegerField(
        _("定期公开截止日"),
        default=15,
        help_text=_("下一周期首月的第几日（含当日）前公开；乡镇常规工作为次季度首月15日前（SUP-124）"),
    )
    reply_workdays = models.PositiveSmallIntegerField(
        _("依申请公开答复期限（工作日）"),
        default=20,
        help_text=_("自收到申请之日起计算（PUB-208；政府信息公开条例第三十三条为20个工作日）"),
    )
    extension_max_workdays = models.PositiveSmallIntegerField(
        _("延长答复最长工作日"),
        default=20,
        help_text=_("经公开领导小组同意可延长一次并告知申请人（PUB-208；条例第三十三条不超过20个工作日）"),
    )
    warn_workdays = models.PositiveSmallIntegerField(_("预警提前工作日"), default=2)

    class Meta:
        verbose_name = _("政务公开设置")
        verbose_name_plural = _("政务公开设置")
        constraints = [
            models.CheckConstraint(
                condition=Q(due_day__gte=1, due_day__lte=28),
                name="disclosure_disclosuresettings_due_day_range",
                violation_error_code="due_day_range",
            ),
            models.CheckConstraint(
                condition=Q(reply_workdays__gte=1) & Q(extension_max_workdays__gte=0),
                name="disclosure_disclosuresettings_limits_positive",
                violation_error_code="limits_positive",
            ),
        ]


class DisclosurePlan(BaseModel, SoftDeleteModel):
    """A body's disclosure plan for one year (公开目录/年度公开计划, PUB-2, PUB-201): what is published,
    how often, by which department."""

    body = models.ForeignKey(
        "org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="disclosure_plans"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("政务公开计划")
        verbose_name_plural = _("政务公开计划")
        ordering = ["body__path", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year"],
                condition=Q(deleted_at__isnull=True),
                name="disclosure_disclosureplan_one_per_year",
                violation_error_code="plan_exists",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.year}"

    @property
    def scope_unit(self):
        return self.body


class PlanItem(BaseModel, SoftDeleteModel):
    """One line of the plan: the matter, its category, how often, the responsible department (PUB-2:
    matter, time, method, scope; PUB-219: each item has one time category and, if periodic, a period)."""

    plan = models.ForeignKey(
        DisclosurePlan, verbose_name=_("公开计划"), on_delete=models.PROTECT, related_name="items"
    )
    title = models.CharField(_("公开事项"), max_length=200)
    category = models.CharField(_("类别"), max_length=20, choices=ContentCategory.choices)
    frequency = models.CharField(_("公开频次"), max_length=20, choices=Frequency.choices)
    department = models.ForeignKey(
        "org.Unit", verbose_name=_("责任科室"), on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(_("公开方式"), max_length=200, blank=True, help_text=_("如门户网站、公开栏"))
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("公开事项")
        verbose_name_plural = _("公开事项")
        ordering = ["plan", "sort_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=ContentCategory.values), name="disclosure_planitem_category_valid"
            ),
            models.CheckConstraint(
                condition=Q(frequency__in=Frequency.values), name="disclosure_planitem_frequency_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def scope_unit(self):
        return self.department


class Publication(BaseModel):
    """What was published for an item and period (e.g. "2026-Q1"; for an item published on change,
    the day). Published text is never edited or deleted; a correction is a new publication."""

    item = models.ForeignKey(
        PlanItem, verbose_name=_("公开事项"), on_delete=models.PROTECT, related_name="publications"
    )
    body = models.ForeignKey("org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("公开周期"), max_length=10)
    title = models.CharField(_("标题"), max_length=200)
    text = models.TextField(_("公开内容"))
    published_at = models.DateTimeField(_("公开时间"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发布人"), on_delete=models.PROTECT, related_name="+"
    )
    file_name = models.CharField(_("附件名"), max_length=200, blank=True)
    file_type = models.CharField(_("附件类型"), max_length=100, blank=True)
    file_size = models.PositiveIntegerField(_("附件大小"), default=0)
    file_sha256 = models.CharField(_("附件SHA-256"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("公开记录")
        verbose_name_plural = _("公开记录")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "period"], name="disclosure_publication_once_per_period",
                violation_error_code="already_published",
            ),
        ]  # fmt: skip
        indexes = [models.Index(fields=["body", "-published_at"])]

    def __str__(self) -> str:
        return f"{self.item} {self.period}"


# --- Information requests (依申请公开, issue #8 §5) ----------------------------------------------


class InformationRequest(BaseModel, SoftDeleteModel):
    """A request for government information (依申请公开, PUB-208), from its receipt to its answer. The
    applicant follows it with the receipt code and secret (core.receipts); name and contact live in
    :class:`RequestIdentity`, read only by the assigned handler."""

    code = models.CharField(_("受理编号"), max_length=16, unique=True)
    secret_hash = models.CharField(_("查询密码（散列）"), max_length=200)
    body = models.ForeignKey(
        "org.Unit", verbose_name=_("受理机关"), on_delete=models.PROTECT, related_name="information_requests"
    )
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("承办机构"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("数据范围按此机构计算：登记时为单位本身，交办后为承办人所在科室"),
    )
    channel = models.CharField(_("申请方式"), max_length=20, choices=RequestChannel.choices)
    description = models.TextField(_("所需信息的内容描述"))
    purpose = models.CharField(_("用途"), max_length=500, blank=True)
    delivery_form = models.CharField(_("获取信息的方式"), max_length=20, choices=DeliveryForm.choices)
    status = models.CharField(
        _("状态"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    received_at = models.DateTimeField(_("收到申请时间"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("承办人"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    limit_workdays = models.PositiveSmallIntegerField(_("答复期限（工作日）"))
    due_at = models.DateTimeField(_("答复期限"))
    warn_at = models.DateTimeField(_("预警时间"))
    extended = models.BooleanField(_("已延期"), default=False)
    extension_workdays = models.PositiveSmallIntegerField(_("延长工作日"), default=0)
    extension_reason = models.CharField(_("延期理由"), max_length=1000, blank=True)
    extension_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("延期批准人"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+",
    )  # fmt: skip
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("答复人"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    answer_kind = models.CharField(_("答复类型"), max_length=20, choices=AnswerKind.choices, blank=True)
    withhold_reason = models.CharField(
        _("不予公开理由"), max_length=20, choices=WithholdReason.choices, blank=True
    )
    answer_text = models.TextField(_("答复内容"), blank=True)
    file_name = models.CharField(_("附件名"), max_length=200, blank=True)
    file_type = models.CharField(_("附件类型"), max_length=100, blank=True)
    file_size = models.PositiveIntegerField(_("附件大小"), default=0)
    file_sha256 = models.CharField(_("附件SHA-256"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["body", "status", "-received_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RequestStatus.values),
                name="disclosure_informationrequest_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(channel__in=RequestChannel.values),
                name="disclosure_informationrequest_channel_valid",
            ),
            # PUB-208: an answered request has its kind; partial or withheld says why (PUB-204).
            models.CheckConstraint(
                condition=~Q(status=RequestStatus.ANSWERED)
                | (Q(answered_at__isnull=False) & Q(answer_kind__in=AnswerKind.values)),
                name="disclosure_informationrequest_answer_complete",
                violation_error_code="answer_incomplete",
            ),
            models.CheckConstraint(
                condition=~Q(answer_kind__in=[AnswerKind.PARTIAL, AnswerKind.WITHHELD])
                | Q(withhold_reason__in=WithholdReason.values),
                name="disclosure_informationrequest_withheld_has_reason",
                violation_error_code="withheld_without_reason",
            ),
            # PUB-208: one extension only, never beyond the body's cap (checked by the service).
            models.CheckConstraint(
                condition=Q(extended=False, extension_workdays=0)
                | Q(extended=True, extension_workdays__gte=1),
                name="disclosure_informationrequest_extension_consistent",
                violation_error_code="extension_inconsistent",
            ),
            models.CheckConstraint(
                condition=Q(channel=RequestChannel.PORTAL) | Q(registered_by__isnull=False),
                name="disclosure_informationrequest_registrar_named",
                violation_error_code="registrar_missing",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def scope_unit(self):
        return self.unit

    @property
    def is_overdue(self) -> bool:
        return self.status in OPEN_REQUEST_STATUSES and self.due_at < clock.now()


class RequestIdentity(BaseModel):
    """The applicant's name and contact (PET-11 by analogy): read only through
    ``services.request_identity_read`` by the assigned handler, each read audited."""

    request = models.OneToOneField(
        InformationRequest, verbose_name=_("申请"), on_delete=models.PROTECT, related_name="identity"
    )
    name = models.CharField(_("申请人姓名或名称"), max_length=100)
    contact = models.CharField(_("联系电话"), max_length=50)
    address = models.CharField(_("通信地址或电子邮箱"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("申请人信息")
        verbose_name_plural = _("申请人信息")
