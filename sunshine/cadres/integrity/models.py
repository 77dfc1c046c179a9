"""Models of the integrity area (廉政档案, issue #9 §6; SUP-115..119, SUP-218).

The file itself has no table: it is assembled on every read from ``cadres.file_sources`` (never typed,
nothing copied). What is stored here is who may read it (``FileReadGrant``), who read it or was refused
(``FileRead``), the body's working-day limit for answering (``IntegritySetting``) and the
pre-promotion opinion (``PromotionOpinion``, 《拟提拔任用干部征求意见表》).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sunshine.core.models import BaseModel

__all__ = [
    "FileRead",
    "FileReadGrant",
    "IntegritySetting",
    "OpinionConclusion",
    "OpinionStatus",
    "PromotionOpinion",
]

USER = settings.AUTH_USER_MODEL

DEFAULT_OPINION_WORKDAYS = 5


class IntegritySetting(BaseModel):
    """A body's limit for answering a pre-promotion opinion (SUP-115: the seed sets none; default 5
    working days, counted on the working-day calendar)."""

    body = models.OneToOneField(
        "org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+"
    )
    opinion_workdays = models.PositiveSmallIntegerField(
        _("意见回复时限（工作日）"), default=DEFAULT_OPINION_WORKDAYS, help_text=_("SUP-115")
    )

    class Meta:
        verbose_name = _("廉政档案设置")
        verbose_name_plural = _("廉政档案设置")
        constraints = [
            models.CheckConstraint(
                condition=Q(opinion_workdays__gte=1) & Q(opinion_workdays__lte=60),
                name="cadres_integritysetting_workdays_range",
                violation_error_code="workdays_out_of_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.body_id}: {self.opinion_workdays}"


class FileReadGrant(BaseModel):
    """A reader the discipline office approved for one cadre's file, for a reason and a period
    (SUP-218; issue #9 §6: "readers it approves case by case"). Revoked, never deleted."""

    body = models.ForeignKey("org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    reader = models.ForeignKey(USER, verbose_name=_("查阅人"), on_delete=models.PROTECT, related_name="+")
    cadre = models.ForeignKey(
        USER, verbose_name=_("档案所属干部"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("查阅事由"))
    starts_on = models.DateField(_("起始日期"))
    ends_on = models.DateField(_("截止日期"))
    approved_by = models.ForeignKey(
        USER, verbose_name=_("批准人"), on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("批准时间"))
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        USER, verbose_name=_("撤销人"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoke_reason = models.TextField(_("撤销理由"), blank=True, default="")

    class Meta:
        verbose_name = _("廉政档案查阅授权")
        verbose_name_plural = _("廉政档案查阅授权")
        ordering = ["-approved_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="cadres_filereadgrant_period_ordered",
                violation_error_code="period_reversed",
            ),
            models.CheckConstraint(
                condition=~Q(reader=F("cadre")),
                name="cadres_filereadgrant_not_own_file",
                violation_error_code="own_file",
            ),
        ]
        indexes = [
            models.Index(fields=["reader", "cadre", "ends_on"], name="cadres_grant_reader_idx"),
            models.Index(fields=["body", "-approved_at"], name="cadres_grant_body_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reader_id} → {self.cadre_id}"

    @property
    def scope_unit(self):
        return self.body


class FileRead(models.Model):
    """One attempt to read a file, allowed or refused: the list the discipline office sees (SUP-218),
    beside the audit record written with it."""

    class Via(models.TextChoices):
        OFFICE = "office", _("纪检监察机构")
        GRANT = "grant", _("经批准查阅")
        REFUSED = "refused", _("拒绝")

    class Kind(models.TextChoices):
        VIEW = "view", _("查阅")
        WORD = "word", _("导出Word")
        PDF = "pdf", _("导出PDF")
        OPINION = "opinion", _("答复征求意见")

    body = models.ForeignKey(
        "org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reader = models.ForeignKey(USER, verbose_name=_("查阅人"), on_delete=models.PROTECT, related_name="+")
    cadre = models.ForeignKey(
        USER, verbose_name=_("档案所属干部"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("时间"))
    via = models.CharField(_("方式"), max_length=10, choices=Via.choices)
    kind = models.CharField(_("用途"), max_length=10, choices=Kind.choices, default=Kind.VIEW)
    grant = models.ForeignKey(
        FileReadGrant,
        verbose_name=_("授权"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reads",
    )
    rule = models.CharField(_("依据"), max_length=20, blank=True, default="")

    class Meta:
        verbose_name = _("廉政档案查阅记录")
        verbose_name_plural = _("廉政档案查阅记录")
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(via__in=["office", "grant", "refused"]), name="cadres_fileread_via_valid"
            ),
            models.CheckConstraint(
                condition=~Q(via="grant") | Q(grant__isnull=False),
                name="cadres_fileread_grant_named",
                violation_error_code="grant_missing",
            ),
        ]
        indexes = [
            models.Index(fields=["body", "-at"], name="cadres_fileread_body_idx"),
            models.Index(fields=["cadre", "-at"], name="cadres_fileread_cadre_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reader_id} {self.via} {self.cadre_id}"


class OpinionStatus(models.TextChoices):
    REQUESTED = "requested", _("待回复")
    ANSWERED = "answered", _("已回复")


class OpinionConclusion(models.TextChoices):
    """The opinion's outcome: a veto (SUP-116), a suggested deferral (SUP-118), issues reported for
    the Party committee to decide (SUP-119), or no objection."""

    VETO = "veto", _("否决")
    DEFER = "defer", _("建议暂缓提拔任用")
    REPORTED = "reported", _("如实反映有关问题，由党委决定")
    NO_OBJECTION = "no_objection", _("无不同意见")


class PromotionOpinion(BaseModel):
    """A pre-promotion integrity opinion (党风廉政意见回复) on 《拟提拔任用干部征求意见表》 (SUP-115,
    SUP-117): requested by the organisation side before the Party committee discusses the cadre,
    answered by the discipline office from the file within the body's working-day limit."""

    body = models.ForeignKey("org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    cadre = models.ForeignKey(
        USER, verbose_name=_("拟提拔任用干部"), on_delete=models.PROTECT, related_name="+"
    )
    current_post = models.CharField(_("现任职务"), max_length=200)
    proposed_post = models.CharField(_("拟任职务"), max_length=200)
    note = models.TextField(_("征求意见说明"), blank=True, default="")
    status = models.CharField(
        _("状态"), max_length=20, choices=OpinionStatus.choices, default=OpinionStatus.REQUESTED
    )
    requested_by = models.ForeignKey(
        USER, verbose_name=_("征求单位经办人"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("征求时间"))
    workdays = models.PositiveSmallIntegerField(_("回复时限（工作日）"))
    due_at = models.DateTimeField(_("回复期限"))
    answered_by = models.ForeignKey(
        USER, verbose_name=_("回复人"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("回复时间"), null=True, blank=True)
    conclusion = models.CharField(
        _("结论"), max_length=20, choices=OpinionConclusion.choices, blank=True, default=""
    )
    # The veto and deferral reasons computed from the file when answered, and the issues reported
    # (SUP-116, SUP-118, SUP-119): a snapshot, so that the answer stays what was sent.
    findings = models.JSONField(_("审核情况"), default=list, blank=True)
    other_veto_reason = models.TextField(
        _("其他否决理由"),
        blank=True,
        default="",
        help_text=_("违反廉洁自律规定未自查自纠、造成不良影响等档案中没有记录的情形（SUP-116（5））"),
    )
    collective_opinion = models.TextField(_("纪委集体讨论意见"), blank=True, default="")
    discussed_on = models.DateField(_("集体讨论日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("拟提拔任用干部征求意见")
        verbose_name_plural = _("拟提拔任用干部征求意见")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=OpinionStatus.values), name="cadres_promotionopinion_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(conclusion="") | Q(conclusion__in=OpinionConclusion.values),
                name="cadres_promotionopinion_conclusion_valid",
            ),
            # SUP-115(2): an answered form carries the collective opinion and its outcome.
            models.CheckConstraint(
                condition=~Q(status="answered")
                | (Q(answered_at__isnull=False) & ~Q(conclusion="") & ~Q(collective_opinion="")),
                name="cadres_promotionopinion_answered_complete",
                violation_error_code="answer_incomplete",
            ),
        ]
        indexes = [
            models.Index(fields=["body", "status", "due_at"], name="cadres_opinion_body_idx"),
            models.Index(fields=["cadre", "-requested_at"], name="cadres_opinion_cadre_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.cadre_id} → {self.proposed_post}"

    @property
    def scope_unit(self):
        return self.body

    @property
    def is_late(self) -> bool:
        from sunshine.core import clock

        end = self.answered_at or clock.now()
        return end > self.due_at
