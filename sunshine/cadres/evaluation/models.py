"""述职述廉与民主测评 (SUP-10, SUP-11, SUP-249..SUP-253): a body's yearly evaluation round, the cadres
it evaluates with their reports, the attendance list, the anonymous counts and the outcomes the
count triggers. Rules live in ``services``.

Secret ballot as in decisions (DEC-56): ``BallotCast`` says who voted online (no time, no order
that joins back); the grades are only added to the counters on ``EvaluatedCadre``.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sunshine.cadres.evaluation.choices import Category, OutcomeKind, RoundStatus, Scale
from sunshine.core.models import BaseModel, SoftDeleteModel

USER = settings.AUTH_USER_MODEL
DEFAULT_PASS_RATE = Decimal("60.00")  # product default, docs/decisions/0019-democratic-evaluation.md

__all__ = [
    "BallotCast",
    "EvaluatedCadre",
    "EvaluationOutcome",
    "EvaluationParticipant",
    "EvaluationRound",
    "EvaluationSettings",
]


class EvaluationSettings(BaseModel):
    """A body's setting for the evaluation (SUP-253 ``assessment_pass_rate_threshold``)."""

    body = models.OneToOneField(
        "org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+"
    )
    pass_rate_threshold = models.DecimalField(
        _("优称率下限（%）"),
        max_digits=5,
        decimal_places=2,
        default=DEFAULT_PASS_RATE,
        help_text=_(
            "优秀和称职票占有效票的比例低于此值的，进行诫勉谈话；连续两年低于的，组织处理（SUP-253）"
        ),
    )

    class Meta:
        verbose_name = _("民主测评设置")
        verbose_name_plural = _("民主测评设置")
        constraints = [
            models.CheckConstraint(
                condition=Q(pass_rate_threshold__gt=0, pass_rate_threshold__lte=100),
                name="%(app_label)s_%(class)s_threshold_range",
                violation_error_code="threshold_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.body_id}: {self.pass_rate_threshold}%"

    @property
    def scope_unit(self):
        return self.body


class EvaluationRound(BaseModel):
    """The yearly 述职述廉/述责述廉 meeting of a body and its democratic evaluation (SUP-10, SUP-249)."""

    body = models.ForeignKey("org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("名称"), max_length=200)
    meeting_date = models.DateField(_("会议日期"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    scale = models.CharField(_("测评等次"), max_length=20, choices=Scale.choices, default=Scale.COMPETENCE)
    status = models.CharField(
        _("状态"), max_length=20, choices=RoundStatus.choices, default=RoundStatus.SETUP
    )
    pass_rate_threshold = models.DecimalField(
        _("优称率下限（%）"), max_digits=5, decimal_places=2, null=True, blank=True,
        help_text=_("开始测评时取自本单位设置（SUP-253）"),
    )  # fmt: skip
    ballots_online = models.PositiveIntegerField(_("网上投票数"), default=0)
    ballots_paper = models.PositiveIntegerField(_("纸质票数"), default=0)
    ballots_invalid = models.PositiveIntegerField(_("整张无效票"), default=0)
    opened_at = models.DateTimeField(_("开始测评时间"), null=True, blank=True)
    opened_by = models.ForeignKey(
        USER, verbose_name=_("开始测评人"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    counted_at = models.DateTimeField(_("计票时间"), null=True, blank=True)
    counted_by = models.ForeignKey(
        USER, verbose_name=_("计票人"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("民主测评")
        verbose_name_plural = _("民主测评")
        ordering = ["-year", "body_id"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="%(app_label)s_%(class)s_once_a_year"),
            models.CheckConstraint(
                condition=Q(status__in=RoundStatus.values), name="%(app_label)s_%(class)s_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(scale__in=Scale.values), name="%(app_label)s_%(class)s_scale_valid"
            ),
            models.CheckConstraint(
                condition=Q(ballots_invalid__lte=F("ballots_paper")),
                name="%(app_label)s_%(class)s_invalid_on_paper",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def scope_unit(self):
        return self.body

    @property
    def ballots(self) -> int:
        return self.ballots_online + self.ballots_paper

    @property
    def ballots_valid(self) -> int:
        return self.ballots - self.ballots_invalid


class EvaluatedCadre(BaseModel):
    """A cadre evaluated in a round: the report (SUP-249), the 民主评议 finding (SUP-11), the grade
    counters and, once counted, the result (SUP-251)."""

    round = models.ForeignKey(
        EvaluationRound, verbose_name=_("民主测评"), on_delete=models.PROTECT, related_name="cadres"
    )
    cadre = models.ForeignKey(USER, verbose_name=_("干部"), on_delete=models.PROTECT, related_name="+")
    position = models.CharField(_("职务"), max_length=100, blank=True)
    seq = models.PositiveSmallIntegerField(_("序号"))
    report_text = models.TextField(_("述职述廉报告"), blank=True)
    report_filed_at = models.DateTimeField(_("报告提交时间"), null=True, blank=True)
    report_filed_by = models.ForeignKey(
        USER, verbose_name=_("报告提交人"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    attachment_name = models.CharField(_("附件"), max_length=200, blank=True)
    attachment_type = models.CharField(_("附件类型"), max_length=100, blank=True)
    attachment_sha256 = models.CharField(_("附件SHA-256"), max_length=64, blank=True)
    complaints_concentrated = models.BooleanField(
        _("民主评议反映问题突出、意见比较集中"), default=False, help_text=_("SUP-11")
    )
    complaints_note = models.TextField(_("民主评议情况"), blank=True)
    excellent = models.PositiveIntegerField(_("优秀票"), default=0)
    competent = models.PositiveIntegerField(_("称职票"), default=0)
    basic = models.PositiveIntegerField(_("基本称职票"), default=0)
    poor = models.PositiveIntegerField(_("不称职票"), default=0)
    invalid = models.PositiveIntegerField(_("无效票"), default=0)
    valid = models.PositiveIntegerField(_("有效票"), null=True, blank=True)
    pass_rate = models.DecimalField(_("优称率（%）"), max_digits=5, decimal_places=2, null=True, blank=True)
    poor_over_third = models.BooleanField(_("不称职票超过有效票三分之一"), null=True)
    below_threshold = models.BooleanField(_("优称率低于下限"), null=True)

    class Meta:
        verbose_name = _("被测评干部")
        verbose_name_plural = _("被测评干部")
        ordering = ["round", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["round", "cadre"], name="%(app_label)s_%(class)s_once"),
            models.UniqueConstraint(fields=["round", "seq"], name="%(app_label)s_%(class)s_seq_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}/{self.cadre_id}"

    @property
    def scope_unit(self):
        return self.round.body

    @property
    def report_filed(self) -> bool:
        return self.report_filed_at is not None


class EvaluationParticipant(BaseModel, SoftDeleteModel):
    """One line of the attendance list with the attendee's category (SUP-250). An attendee with an
    account may vote online; the others vote on paper."""

    round = models.ForeignKey(
        EvaluationRound, verbose_name=_("民主测评"), on_delete=models.PROTECT, related_name="participants"
    )
    user = models.ForeignKey(
        USER, verbose_name=_("账号"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("姓名"), max_length=100)
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)

    class Meta:
        verbose_name = _("参会人员")
        verbose_name_plural = _("参会人员")
        ordering = ["round", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "user"],
                condition=Q(user__isnull=False, deleted_at__isnull=True),
                name="%(app_label)s_%(class)s_once",
            ),
            models.CheckConstraint(
                condition=Q(category__in=Category.values), name="%(app_label)s_%(class)s_category_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_unit(self):
        return self.round.body


class BallotCast(models.Model):
    """Who cast an online ballot (never how): no timestamps, so nothing joins back to the counts."""

    round = models.ForeignKey(
        EvaluationRound, verbose_name=_("民主测评"), on_delete=models.PROTECT, related_name="casts"
    )
    participant = models.ForeignKey(
        EvaluationParticipant, verbose_name=_("参会人员"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("测评投票记录")
        verbose_name_plural = _("测评投票记录")
        constraints = [
            models.UniqueConstraint(fields=["round", "participant"], name="%(app_label)s_%(class)s_once"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}/{self.participant_id}"


class EvaluationOutcome(BaseModel):
    """What the count triggered for a cadre (SUP-11 follow-up, SUP-253 admonition talk or
    organisational handling): the record the talks area links its talk to."""

    round = models.ForeignKey(
        EvaluationRound, verbose_name=_("民主测评"), on_delete=models.PROTECT, related_name="outcomes"
    )
    result = models.ForeignKey(
        EvaluatedCadre, verbose_name=_("测评结果"), on_delete=models.PROTECT, related_name="outcomes"
    )
    cadre = models.ForeignKey(USER, verbose_name=_("干部"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("处理"), max_length=30, choices=OutcomeKind.choices)
    rule = models.CharField(_("依据"), max_length=20)
    reason = models.TextField(_("触发情况"))
    triggered_at = models.DateTimeField(_("触发时间"))
    # The talk or letter the outcome opened in the talks area (SUP-253 admonition talk, SUP-11 inquiry
    # letter); the talk points back: source_kind "evaluation", source_id "cadres.evaluationoutcome:<pk>".
    talk = models.OneToOneField(
        "cadres.Talk",
        verbose_name=_("谈话函询"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluation_outcome",
    )

    class Meta:
        verbose_name = _("测评触发事项")
        verbose_name_plural = _("测评触发事项")
        ordering = ["round", "result__seq", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "cadre", "kind"], name="%(app_label)s_%(class)s_once"),
            models.CheckConstraint(
                condition=Q(kind__in=OutcomeKind.values), name="%(app_label)s_%(class)s_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["cadre", "kind"], name="cadres_evaloutcome_cadre_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.cadre_id}"

    @property
    def scope_unit(self):
        return self.round.body
