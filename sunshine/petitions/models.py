"""Complaints, reports, suggestions and requests from the public (信访举报, issue #8 §6).

Rules live in petitions.services; the constraints below refuse what the services refuse (STYLE §3).
The reporter's identity and contact data sit in their own table (:class:`PetitionIdentity`), read only
through ``services.petition_identity_read`` by an assigned handler, each read audited (PET-11).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sunshine.core import clock
from sunshine.core.models import BaseModel, SoftDeleteModel
from sunshine.petitions.choices import (
    OPEN_STATUSES,
    AlertLevel,
    Channel,
    EventKind,
    PetitionKind,
    PetitionStatus,
    Satisfaction,
)


class Petition(BaseModel, SoftDeleteModel):
    """One complaint, report, suggestion or request, from its receipt to its closing."""

    code = models.CharField(
        _("受理编号"), max_length=16, unique=True, help_text=_("随机生成，凭编号和查询密码查询办理情况")
    )
    secret_hash = models.CharField(_("查询密码（散列）"), max_length=200)
    body = models.ForeignKey(
        "org.Unit",
        verbose_name=_("被反映单位"),
        on_delete=models.PROTECT,
        related_name="petitions",
        help_text=_("办理本件的单位；转办后为接收单位"),
    )
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("承办机构"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("数据范围按此机构计算：登记时为单位本身，交办后为承办人所在科室"),
    )
    kind = models.CharField(_("类别"), max_length=20, choices=PetitionKind.choices)
    channel = models.CharField(_("来源渠道"), max_length=20, choices=Channel.choices)
    anonymous = models.BooleanField(_("匿名"), default=False)
    subject = models.CharField(_("标题"), max_length=200)
    content = models.TextField(_("内容"))
    accused_name = models.CharField(_("被反映人"), max_length=100, blank=True)
    accused_person = models.ForeignKey(
        "org.Person",
        verbose_name=_("被反映人（本单位人员）"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    discipline_only = models.BooleanField(
        _("仅纪检监察机构办理"),
        default=False,
        help_text=_("反映领导班子成员的举报只由纪检监察机构受理和办理，一经标记不能撤销（PTN-4）"),
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=PetitionStatus.choices, default=PetitionStatus.RECEIVED
    )
    received_at = models.DateTimeField(_("收件时间"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("首问责任人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("来访、来电、来信的接待登记人（首问负责，CASE-1、CASE-5）"),
    )
    clock_start = models.DateTimeField(_("期限起算时间"))
    limit_workdays = models.PositiveSmallIntegerField(_("答复期限（工作日）"))
    due_at = models.DateTimeField(_("答复期限"))
    warn_at = models.DateTimeField(_("预警时间"))
    extended = models.BooleanField(_("已延期"), default=False)
    extension_workdays = models.PositiveSmallIntegerField(
        _("延期（工作日）"), default=0, help_text=_("批准延长的工作日数；日历变更后据此重算期限")
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    satisfaction = models.CharField(_("满意度"), max_length=20, choices=Satisfaction.choices, blank=True)

    class Meta:
        verbose_name = _("信访举报件")
        verbose_name_plural = _("信访举报件")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=PetitionKind.values), name="petitions_petition_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values), name="petitions_petition_channel_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=PetitionStatus.values), name="petitions_petition_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(satisfaction="") | Q(satisfaction__in=Satisfaction.values),
                name="petitions_petition_satisfaction_valid",
            ),
            # PET-3: no item is closed without an answer on record.
            models.CheckConstraint(
                condition=~Q(status=PetitionStatus.CLOSED) | Q(answered_at__isnull=False),
                name="petitions_petition_closed_has_answer",
                violation_error_code="closed_without_answer",
            ),
            # CASE-1/CASE-5: visits and calls are registered by the first-contact officer.
            models.CheckConstraint(
                condition=Q(channel=Channel.PORTAL) | Q(registered_by__isnull=False),
                name="petitions_petition_first_contact_named",
                violation_error_code="first_contact_missing",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "status", "-received_at"], name="petitions_unit_status_idx"),
            models.Index(fields=["status", "due_at"], name="petitions_status_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.subject}"

    @property
    def scope_unit(self):
        return self.unit

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and clock.now() > self.due_at


class PetitionIdentity(models.Model):
    """Who sent a named item and how to reach them: read only by the assigned handlers, every read
    audited (PET-11). An anonymous item has no row."""

    petition = models.OneToOneField(Petition, on_delete=models.PROTECT, related_name="identity")
    name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    address = models.CharField(_("联系地址或邮箱"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("信访人身份")
        verbose_name_plural = _("信访人身份")

    def __str__(self) -> str:  # never the name: str() ends up in audit captions and logs
        return f"{self.petition.code}"


class PetitionAssignment(models.Model):
    """A handler assigned to an item (交办). Ended assignments stay for the record."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="assignments")
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("承办人"), on_delete=models.PROTECT, related_name="+"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("交办人"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("交办时间"))
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("交办")
        verbose_name_plural = _("交办")
        ordering = ["assigned_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "handler"],
                condition=Q(ended_at__isnull=True),
                name="petitions_assignment_current_unique",
            )
        ]
        indexes = [models.Index(fields=["handler", "ended_at"], name="petitions_assign_handler_idx")]

    def __str__(self) -> str:
        return f"{self.petition.code} → {self.handler}"


class PetitionEvent(models.Model):
    """One entry of an item's history. ``public`` entries are what the reporter reads with the code
    (answers, transfers, extensions); the others are internal."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("类型"), max_length=20, choices=EventKind.choices)
    public = models.BooleanField(_("信访人可见"), default=False)
    text = models.TextField(_("内容"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    from_body = models.ForeignKey(
        "org.Unit",
        verbose_name=_("转出单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    to_body = models.ForeignKey(
        "org.Unit",
        verbose_name=_("接收单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=EventKind.values), name="petitions_petitionevent_kind_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.petition.code} {self.get_kind_display()}"


class PetitionAttachment(models.Model):
    """A file sent with an item, an added piece of information or an answer: checked by type and
    size (cases.outcome.documents.check_files), stored by its SHA-256 under MEDIA_ROOT/petitions/."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="attachments")
    event = models.ForeignKey(
        PetitionEvent, on_delete=models.PROTECT, null=True, blank=True, related_name="attachments"
    )
    name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("上传时间"))

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class PetitionAlert(models.Model):
    """A late or nearly late item found by the periodic scan (petitions.tasks). One row per item, level
    and deadline, so that the scan can run any number of times (idempotent); an extension gives a new
    deadline and so a new alert; an answer resolves the open ones."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="alerts")
    level = models.CharField(_("级别"), max_length=10, choices=AlertLevel.choices)
    due_at = models.DateTimeField(_("答复期限"))
    raised_at = models.DateTimeField(_("预警时间"))
    resolved_at = models.DateTimeField(_("解除时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("信访超期预警")
        verbose_name_plural = _("信访超期预警")
        ordering = ["-raised_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "level", "due_at"], name="petitions_alert_once_per_deadline"
            ),
            models.CheckConstraint(
                condition=Q(level__in=AlertLevel.values), name="petitions_petitionalert_level_valid"
            ),
        ]
        indexes = [models.Index(fields=["resolved_at", "level"], name="petitions_alert_open_idx")]

    def __str__(self) -> str:
        return f"{self.petition.code} {self.get_level_display()}"


class PetitionSettings(BaseModel):
    """A body's answer limits (CASE-10: where no statutory limit exists, each office sets and publishes
    category limits). A body without a row uses the defaults below (docs/decisions/0013)."""

    body = models.OneToOneField("org.Unit", on_delete=models.PROTECT, related_name="+")
    complaint_workdays = models.PositiveSmallIntegerField(_("投诉答复期限（工作日）"), default=15)
    report_workdays = models.PositiveSmallIntegerField(_("举报答复期限（工作日）"), default=30)
    suggestion_workdays = models.PositiveSmallIntegerField(_("意见建议答复期限（工作日）"), default=15)
    request_workdays = models.PositiveSmallIntegerField(
        _("咨询求助答复期限（工作日）"), default=5, help_text=_("自交办之日起算（CASE-3）")
    )
    extension_max_workdays = models.PositiveSmallIntegerField(_("延期上限（工作日）"), default=15)
    warn_workdays = models.PositiveSmallIntegerField(_("提前预警（工作日）"), default=2)

    class Meta:
        verbose_name = _("信访答复期限设置")
        verbose_name_plural = _("信访答复期限设置")
        constraints = [
            models.CheckConstraint(
                condition=Q(complaint_workdays__gte=1)
                & Q(report_workdays__gte=1)
                & Q(suggestion_workdays__gte=1)
                & Q(request_workdays__gte=1),
                name="petitions_settings_limits_positive",
            )
        ]

    def __str__(self) -> str:
        return str(self.body)

    def limit_for(self, kind: str) -> int:
        return getattr(self, f"{kind}_workdays")
