"""Accountability cases (问责, issue #9 §1-2; ACC-1..12, ACC-100..109, SUP-27..38).

Rules live in ``services`` (state changes) and ``responsibility`` (the split computed from the
record); clocks in ``clocks``. Nothing here is deleted: a recomputed split supersedes the old one.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sunshine.accountability.choices import (
    Action,
    ChainRole,
    FactorCode,
    FactorKind,
    GroundCatalogue,
    ReviewOutcome,
    Share,
    Source,
    SplitKind,
    Status,
    Target,
    Tier,
)
from sunshine.core.models import BaseModel

USER = settings.AUTH_USER_MODEL


class Ground(models.Model):
    """One ground of a seeds' catalogue (data, loaded by migration 0002): selectable per case."""

    catalogue = models.CharField(_("目录"), max_length=20, choices=GroundCatalogue.choices)
    number = models.PositiveSmallIntegerField(_("序号"))
    text = models.TextField(_("情形"))
    rule = models.CharField(_("依据"), max_length=20)

    class Meta:
        verbose_name = _("问责情形")
        verbose_name_plural = _("问责情形")
        ordering = ["catalogue", "number"]
        constraints = [models.UniqueConstraint(fields=["catalogue", "number"], name="acc_ground_once")]

    def __str__(self) -> str:
        return f"{self.rule}（{self.number}）{self.text}"


class Sanction(models.Model):
    """One sanction of an ordered catalogue (问责方式, ACC-2, SUP-30, SUP-35, SUP-36, SUP-38).

    ``body`` empty: the default catalogue (the union of the seeds' lists); a body that has rows of its
    own uses only those. ``rank`` orders by severity (1 the lightest) within a body and target;
    ``tier`` is the lowest severity tier whose cases may choose it (ACC-3)."""

    body = models.ForeignKey(
        "org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    target = models.CharField(_("适用对象"), max_length=20, choices=Target.choices)
    rank = models.PositiveSmallIntegerField(_("轻重次序"))
    name = models.CharField(_("问责方式"), max_length=100)
    tier = models.CharField(_("适用情节"), max_length=20, choices=Tier.choices)
    rule = models.CharField(_("依据"), max_length=60)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("问责方式")
        verbose_name_plural = _("问责方式")
        ordering = ["target", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["body", "target", "rank"], name="acc_sanction_rank_once"),
        ]

    def __str__(self) -> str:
        return self.name


class CaseCounter(models.Model):
    """The last number of a body's accountability cases in a year (numbered per body and year)."""

    body = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["body", "year"], name="acc_counter_once")]

    def __str__(self) -> str:
        return f"{self.body_id}/{self.year}: {self.last}"


class AccountabilityCase(BaseModel):
    """An accountability case (问责案件): from its source through verification, opening, investigation,
    statement and defence, report, decision, service and appeal (ACC-5..12)."""

    body = models.ForeignKey("org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    seq = models.PositiveIntegerField(_("序号"))
    number = models.CharField(_("编号"), max_length=60)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.VERIFYING)
    source = models.CharField(_("线索来源"), max_length=20, choices=Source.choices)
    # A later module's record (e.g. "petitions.petition:12"); alerts and orders are real links.
    source_ref = models.CharField(_("来源记录"), max_length=100, blank=True, default="")
    source_note = models.TextField(_("来源说明"), blank=True, default="")
    alert = models.ForeignKey(
        "oversight.Alert",
        verbose_name=_("来源预警"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accountability_cases",
    )
    order = models.ForeignKey(
        "oversight.SupervisionOrder",
        verbose_name=_("来源督办"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accountability_cases",
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("涉及办件"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accountability_cases",
    )
    subject = models.CharField(_("问责事项"), max_length=300)
    target = models.CharField(_("问责对象类别"), max_length=20, choices=Target.choices)
    person = models.ForeignKey(
        USER, verbose_name=_("被问责人"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    team = models.ForeignKey(
        "org.Unit",
        verbose_name=_("被问责班子（单位）"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    grounds = models.ManyToManyField(Ground, verbose_name=_("问责情形"), blank=True, related_name="+")
    # 初核 and 启动 (ACC-6)
    verification = models.TextField(_("初步核实情况"), blank=True, default="")
    dismissed_reason = models.TextField(_("不予问责理由"), blank=True, default="")
    opened_at = models.DateTimeField(_("启动时间"), null=True, blank=True)
    opened_by = models.ForeignKey(
        USER, verbose_name=_("启动决定人"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # 调查 (ACC-9): 10 working days, once 10 more with approval
    extended_at = models.DateTimeField(_("延长时间"), null=True, blank=True)
    extension_approved_by = models.ForeignKey(
        USER, verbose_name=_("延长批准人"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    extension_reason = models.TextField(_("延长理由"), blank=True, default="")
    # 拟定问责意见: what the person is told before the defence (ACC-8's ceiling)
    proposed_tier = models.CharField(_("拟认定情节"), max_length=20, choices=Tier.choices, blank=True)
    proposed_sanctions = models.ManyToManyField(
        Sanction, verbose_name=_("拟问责方式"), blank=True, related_name="+"
    )
    # 调查报告 (ACC-9)
    report_facts = models.TextField(_("具体事实"), blank=True, default="")
    report_conclusion = models.TextField(_("基本结论"), blank=True, default="")
    report_recommendation = models.TextField(_("问责建议"), blank=True, default="")
    reported_at = models.DateTimeField(_("报告时间"), null=True, blank=True)
    # 决定 (ACC-10)
    tier = models.CharField(_("认定情节"), max_length=20, choices=Tier.choices, blank=True)
    sanctions = models.ManyToManyField(Sanction, verbose_name=_("问责方式"), blank=True, related_name="+")
    deciding_body = models.CharField(_("决定机关"), max_length=100, blank=True, default="")
    decision_text = models.TextField(_("决定内容"), blank=True, default="")
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    transfer_note = models.TextField(_("移送纪律审查或司法机关"), blank=True, default="")
    # 送达 (ACC-10) and 申诉 (ACC-11)
    served_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    received_at = models.DateTimeField(_("被问责人签收时间"), null=True, blank=True)
    appealed_at = models.DateTimeField(_("申诉时间"), null=True, blank=True)
    appeal_reason = models.TextField(_("申诉理由"), blank=True, default="")
    review_outcome = models.CharField(
        _("复核结论"), max_length=20, choices=ReviewOutcome.choices, blank=True, default=""
    )
    review_text = models.TextField(_("复核决定"), blank=True, default="")
    review_decided_at = models.DateTimeField(_("复核决定时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    # The due date of the clock running now (clocks.running_due), kept by every stage action and
    # recomputed after a calendar edit (CAL-6); the clocks themselves are counted from the dates above.
    due_at = models.DateTimeField(_("当前时限届满"), null=True, blank=True)

    class Meta:
        verbose_name = _("问责案件")
        verbose_name_plural = _("问责案件")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year", "seq"], name="acc_case_number_once"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="acc_case_status_valid"),
            models.CheckConstraint(
                condition=Q(target=Target.INDIVIDUAL, person__isnull=False)
                | Q(target=Target.TEAM, team__isnull=False),
                name="acc_case_target_named",
            ),
        ]
        indexes = [
            models.Index(fields=["body", "status"], name="acc_case_body_status_idx"),
            models.Index(fields=["person", "decided_at"], name="acc_case_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    @property
    def scope_unit(self):
        return self.body

    @property
    def target_name(self) -> str:
        if self.person_id:
            return self.person.full_name or self.person.username
        return self.team.name if self.team_id else ""


class TeamMember(models.Model):
    """A member of the investigation team (调查组, ACC-6); one with a conflict of interest withdraws
    (回避, ACC-12) and stays on record as withdrawn."""

    acase = models.ForeignKey(AccountabilityCase, on_delete=models.PROTECT, related_name="members")
    user = models.ForeignKey(USER, verbose_name=_("成员"), on_delete=models.PROTECT, related_name="+")
    is_leader = models.BooleanField(_("组长"), default=False)
    added_at = models.DateTimeField(_("确定时间"))
    added_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    withdrawn_at = models.DateTimeField(_("回避时间"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("回避理由"), blank=True, default="")

    class Meta:
        verbose_name = _("调查组成员")
        verbose_name_plural = _("调查组成员")
        ordering = ["added_at", "id"]

    def __str__(self) -> str:
        return str(self.user)


class Statement(models.Model):
    """The person's statement and defence (陈述申辩, ACC-8), with the proposal in force when it was
    heard: no later choice may be heavier than ``ceiling_tier``/``ceiling_rank``."""

    acase = models.ForeignKey(AccountabilityCase, on_delete=models.PROTECT, related_name="statements")
    statement = models.TextField(_("陈述"))
    defence = models.TextField(_("申辩意见"), blank=True, default="")
    verification = models.TextField(_("核实情况"), blank=True, default="")
    adopted = models.BooleanField(_("理由成立并予采纳"), default=False)
    ceiling_tier = models.CharField(_("听取时拟认定情节"), max_length=20, choices=Tier.choices)
    ceiling_rank = models.PositiveSmallIntegerField(_("听取时拟问责方式最重次序"))
    ceiling_names = models.TextField(_("听取时拟问责方式"))
    heard_at = models.DateTimeField(_("听取时间"))
    heard_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("陈述申辩")
        verbose_name_plural = _("陈述申辩")
        ordering = ["heard_at", "id"]

    def __str__(self) -> str:
        return self.statement[:50]


class Responsibility(models.Model):
    """One person's share of the responsibility, computed from the record (ACC-103..105, SUP-34).
    A recomputation supersedes the earlier rows (``superseded_at``); none is deleted."""

    acase = models.ForeignKey(AccountabilityCase, on_delete=models.PROTECT, related_name="responsibilities")
    split = models.CharField(_("认定方式"), max_length=20, choices=SplitKind.choices)
    user = models.ForeignKey(USER, verbose_name=_("责任人"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("角色"), max_length=20, choices=ChainRole.choices)
    share = models.CharField(_("责任"), max_length=30, choices=Share.choices)
    rule = models.CharField(_("依据"), max_length=20)
    reason = models.TextField(_("认定理由"))
    opinion = models.TextField(_("记录的意见"), blank=True, default="")
    task = models.ForeignKey(
        "cases.CaseTask",
        verbose_name=_("办理环节"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    computed_at = models.DateTimeField(_("认定时间"))
    superseded_at = models.DateTimeField(_("被替代时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("责任认定")
        verbose_name_plural = _("责任认定")
        ordering = ["computed_at", "id"]

    def __str__(self) -> str:
        return f"{self.user}: {self.share}"


class Factor(models.Model):
    """An aggravating (从重, ACC-4) or mitigating (从轻, SUP-37) factor, with its reason; ``detected``
    ones were found in the records by the system."""

    acase = models.ForeignKey(AccountabilityCase, on_delete=models.PROTECT, related_name="factors")
    kind = models.CharField(_("类别"), max_length=20, choices=FactorKind.choices)
    code = models.CharField(_("情节"), max_length=30, choices=FactorCode.choices)
    reason = models.TextField(_("理由"))
    detected = models.BooleanField(_("系统发现"), default=False)
    recorded_at = models.DateTimeField(_("记录时间"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("从重从轻情节")
        verbose_name_plural = _("从重从轻情节")
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.code}"


class CaseEvent(models.Model):
    """The case's own history (every stage action), beside the audit chain."""

    acase = models.ForeignKey(AccountabilityCase, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("操作"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    at = models.DateTimeField(_("时间"))
    from_status = models.CharField(_("原状态"), max_length=20, blank=True)
    to_status = models.CharField(_("新状态"), max_length=20, choices=Status.choices)
    note = models.TextField(_("说明"), blank=True, default="")

    class Meta:
        verbose_name = _("问责案件记录")
        verbose_name_plural = _("问责案件记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.at}"
