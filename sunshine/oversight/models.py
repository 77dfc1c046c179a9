"""Electronic supervision (电子监察, PUB-18): alerts raised by machine on the time limits of cases
and their steps (CASE-10), and the per-body setting of how early the yellow alert comes (OVS-1).

An alert is never deleted (OVS-2): it is handled (acknowledged, explained, escalated) and closed by
the discipline office, or closed by the red alert that supersedes it. The scan (oversight.services
.scan) writes alerts in bulk; the constraints below keep it idempotent under repeated and
concurrent runs: at most one alert per subject and kind that is not closed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sunshine.core.models import BaseModel
from sunshine.oversight.choices import (
    AlertAction,
    AlertKind,
    AlertLevel,
    AlertStatus,
    EscalationTarget,
    OrderAction,
    OrderSource,
    OrderStatus,
    ReplyVerdict,
    SubjectType,
)

DEFAULT_WARNING_LEAD_WORKDAYS = 2
# Anomaly thresholds (异常预警, ANO-5/ANO-6): product defaults, per-body settings below. The seeds
# give no limit for a suspension (中止); docs/decisions/0009-anomaly-rules.md says why these.
DEFAULT_REFUSAL_COUNT = 3
DEFAULT_REFUSAL_WINDOW_DAYS = 180
DEFAULT_SUSPENSION_LIMIT_DAYS = {  # calendar days, per cases.choices.SuspensionKind
    "correction": 30,
    "rectification": 60,
    "hearing": 30,
    "test": 30,
    "expert_review": 30,
}
SUSPENSION_LIMIT_MAX_DAYS = 365
NOT_CLOSED = ~Q(status=AlertStatus.CLOSED)


def _alert_state_constraints(prefix: str) -> list:
    """What both alert kinds (case and record alerts) refuse: unknown levels and states; OVS-2: an
    alert is closed only with the time of closing, explained only with the text."""
    return [
        models.CheckConstraint(condition=Q(level__in=AlertLevel.values), name=f"{prefix}_level_valid"),
        models.CheckConstraint(condition=Q(status__in=AlertStatus.values), name=f"{prefix}_status_valid"),
        models.CheckConstraint(
            condition=~Q(status=AlertStatus.CLOSED) | Q(closed_at__isnull=False),
            name=f"{prefix}_closed_has_time",
            violation_error_code="closed_without_time",
        ),
        models.CheckConstraint(
            condition=~Q(status=AlertStatus.EXPLAINED) | ~Q(explanation=""),
            name=f"{prefix}_explained_has_text",
            violation_error_code="alert_explanation_required",
        ),
    ]


class OversightSetting(BaseModel):
    """A body's oversight settings; a body without a row uses the defaults."""

    body = models.OneToOneField(
        "org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+"
    )
    warning_lead_workdays = models.PositiveSmallIntegerField(
        _("黄牌预警提前量（工作日）"),
        default=DEFAULT_WARNING_LEAD_WORKDAYS,
        help_text=_("距办理期限不超过该工作日数时发出黄牌预警（OVS-1，默认2个工作日）"),
    )
    refusal_count = models.PositiveSmallIntegerField(
        _("重复拒绝预警次数"),
        default=DEFAULT_REFUSAL_COUNT,
        help_text=_("同一申请人在统计期内被本单位拒绝达到该次数时发出预警（ANO-6，默认3次）"),
    )
    refusal_window_days = models.PositiveSmallIntegerField(
        _("重复拒绝统计期（日）"),
        default=DEFAULT_REFUSAL_WINDOW_DAYS,
        help_text=_("统计重复拒绝的天数（ANO-6，默认180日）"),
    )
    suspension_limits = models.JSONField(
        _("中止计时时限（日）"),
        default=dict,
        blank=True,
        help_text=_("各中止事由的最长天数，未设置的用默认值（ANO-5）"),
    )

    class Meta:
        verbose_name = _("电子监察设置")
        verbose_name_plural = _("电子监察设置")
        constraints = [
            models.CheckConstraint(
                condition=Q(warning_lead_workdays__lte=30),
                name="oversight_oversightsetting_lead_range",
                violation_error_code="lead_out_of_range",
            ),
            models.CheckConstraint(
                condition=Q(refusal_count__gte=2, refusal_count__lte=20),
                name="oversight_oversightsetting_refusal_count_range",
            ),
            models.CheckConstraint(
                condition=Q(refusal_window_days__gte=1, refusal_window_days__lte=3650),
                name="oversight_oversightsetting_refusal_window_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body}：{self.warning_lead_workdays}"


class Alert(BaseModel):
    """A yellow or red alert (黄牌/红牌预警) on a case step's or a case's time limit."""

    kind = models.CharField(_("预警类型"), max_length=30, choices=AlertKind.choices)
    level = models.CharField(_("预警等级"), max_length=10, choices=AlertLevel.choices)
    status = models.CharField(_("状态"), max_length=20, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    rule = models.CharField(_("依据"), max_length=20, help_text=_("规则编号（core.rules）"))
    subject_type = models.CharField(_("监察对象类型"), max_length=10, choices=SubjectType.choices)
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("办件"), on_delete=models.PROTECT, related_name="alerts"
    )
    task = models.ForeignKey(
        "cases.CaseTask",
        verbose_name=_("办理环节"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="alerts",
        help_text=_("为空时预警针对办件本身的办结期限"),
        db_index=False,
    )
    # The case's body and department when the alert was raised: copies of the case's own columns
    # (constrained there), written only from the case row, of units that are never deleted
    # (SoftDeleteModel). Not checked again per alert: the two lookups were a third of the database
    # time of a scan raising 170,000 alerts (docs/decisions/0009, addendum). Each is indexed first
    # in a composite index below.
    body = models.ForeignKey(
        "org.Unit",
        verbose_name=_("单位"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    department = models.ForeignKey(
        "org.Unit",
        verbose_name=_("承办科室"),
        on_delete=models.PROTECT,
        related_name="alerts",
        db_index=False,
        db_constraint=False,
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("环节的办理人；为空时为岗位在岗人员，再无则为科室负责人"),
        db_index=False,
    )
    post = models.ForeignKey(
        "org.Post",
        verbose_name=_("承办岗位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    due_at = models.DateTimeField(_("期限"))
    message = models.TextField(_("预警内容"))
    raised_at = models.DateTimeField(_("预警时间"))
    notified_at = models.DateTimeField(_("通知时间"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签收人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    acknowledged_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    explanation = models.TextField(_("情况说明"), blank=True)
    explained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("说明人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    explained_at = models.DateTimeField(_("说明时间"), null=True, blank=True)
    escalated_to = models.CharField(
        _("上报对象"), max_length=20, choices=EscalationTarget.choices, blank=True
    )
    escalation_note = models.TextField(_("上报意见"), blank=True)
    escalated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上报人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    escalated_at = models.DateTimeField(_("上报时间"), null=True, blank=True)
    close_note = models.TextField(_("关闭意见"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("关闭人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("被取代于"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    # BaseModel's creator, without its index: the scan's alerts have none (a partial index below).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )

    class Meta:
        verbose_name = _("预警")
        verbose_name_plural = _("预警")
        ordering = ["-raised_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=AlertKind.values), name="oversight_alert_kind_valid"),
            *_alert_state_constraints("oversight_alert"),
            models.CheckConstraint(
                condition=Q(subject_type=SubjectType.TASK, task__isnull=False)
                | Q(subject_type=SubjectType.CASE, task__isnull=True),
                name="oversight_alert_subject_matches",
            ),
            models.CheckConstraint(
                condition=~Q(status=AlertStatus.CLOSED, closed_by__isnull=False, explanation=""),
                name="oversight_alert_closed_after_explanation",
                violation_error_code="alert_explanation_required",
            ),
            # The scan's idempotence: one live alert per subject and kind (a repeated or concurrent
            # scan's insert of the same alert is a conflict, ignored).
            models.UniqueConstraint(
                fields=["task", "kind"],
                condition=Q(task__isnull=False) & NOT_CLOSED,
                name="oversight_alert_one_live_per_task",
                violation_error_code="alert_exists",
            ),
            models.UniqueConstraint(
                fields=["case", "kind"],
                condition=Q(task__isnull=True) & NOT_CLOSED,
                name="oversight_alert_one_live_per_case",
                violation_error_code="alert_exists",
            ),
        ]
        # Every index costs each alert the scan writes (a first scan after an outage writes 100,000s,
        # issue #6 §11), so: no single-column index where a composite starts with the column (body,
        # department); the foreign keys that are mostly empty (the handlers, the post and the
        # assignee, the creator, the superseding alert) are indexed only where set, which still
        # serves their lookups (``x = %s`` implies ``x IS NOT NULL``); docs/decisions/0009 addendum.
        indexes = [
            models.Index(fields=["status", "level", "department"], name="oversight_alert_list_idx"),
            models.Index(fields=["department", "status", "-raised_at"], name="oversight_alert_dept_idx"),
            # The alerts the notifier has still to send (services.notify_pending), in its order.
            models.Index(
                fields=["id"], condition=Q(notified_at__isnull=True), name="oversight_alert_notify_idx"
            ),
            # Efficiency reports (oversight.reports.queries): a body's alerts raised in a period.
            models.Index(fields=["body", "raised_at"], name="oversight_alert_report_idx"),
            *(
                models.Index(
                    fields=[name],
                    condition=Q(**{f"{name}__isnull": False}),
                    name=f"oversight_alert_{short}_idx",
                )
                for name, short in (
                    ("task", "task"),
                    ("responsible", "resp"),
                    ("post", "post"),
                    ("acknowledged_by", "ack"),
                    ("explained_by", "expl"),
                    ("escalated_by", "esc"),
                    ("closed_by", "closer"),
                    ("superseded_by", "super"),
                    ("created_by", "creator"),
                )
            ),
        ]

    def __str__(self) -> str:
        return self.message

    @property
    def scope_unit(self):
        return self.department

    @property
    def is_live(self) -> bool:
        return self.status != AlertStatus.CLOSED


class AlertEvent(models.Model):
    """One handling step of an alert (签收, 说明, 上报, 关闭): who, when, with what text."""

    alert = models.ForeignKey(Alert, verbose_name=_("预警"), on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("操作"), max_length=20, choices=AlertAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("操作时间"))
    from_status = models.CharField(_("原状态"), max_length=20, choices=AlertStatus.choices)
    to_status = models.CharField(_("新状态"), max_length=20, choices=AlertStatus.choices)
    note = models.TextField(_("内容"), blank=True)

    class Meta:
        verbose_name = _("预警处理记录")
        verbose_name_plural = _("预警处理记录")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=AlertAction.values), name="oversight_alertevent_action_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.alert_id} {self.action}"


class SupervisionOrder(BaseModel):
    """A supervision order (督办通知书, CASE-17/21), issued from a red alert or by hand to a
    responsible person, who replies in writing (reason for delay, progress, a new completion
    deadline) by ``reply_due``; the issuer verifies the reply and closes the order. Numbered per body
    and year (``year``/``seq``, shown as ``number``), kept in a register, never deleted.

    Rules live in oversight.orders (services); replies and verifications are their own records there.
    """

    body = models.ForeignKey(
        "org.Unit", verbose_name=_("督办单位"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    seq = models.PositiveIntegerField(_("序号"))
    number = models.CharField(_("督办编号"), max_length=60)
    status = models.CharField(
        _("状态"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.ISSUED
    )
    source = models.CharField(
        _("督办来源"), max_length=20, choices=OrderSource.choices, default=OrderSource.MANUAL
    )
    # A later module's record (e.g. "decisions.decision:12"): orders need not know its model.
    source_ref = models.CharField(_("来源记录"), max_length=100, blank=True, default="")
    alert = models.ForeignKey(
        Alert,
        verbose_name=_("来源预警"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("督办办件"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
    )
    department = models.ForeignKey(
        "org.Unit", verbose_name=_("责任科室"), on_delete=models.PROTECT, related_name="supervision_orders"
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("责任人"), on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(_("督办事项"), max_length=300)
    requirement = models.TextField(_("督办要求"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("督办人"), on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("督办时间"))
    reply_workdays = models.PositiveSmallIntegerField(_("答复时限（工作日）"), default=5)
    # The start of the reply period running now (the issue, or the last rejected reply): with
    # ``reply_workdays`` it recomputes ``reply_due`` after a calendar edit (CAL-6).
    reply_from = models.DateTimeField(_("答复期限起算时间"), null=True, blank=True)
    reply_due = models.DateTimeField(_("答复期限"))
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    new_deadline = models.DateTimeField(_("承诺办结时间"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("逾期上报时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("督办通知书")
        verbose_name_plural = _("督办通知书")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year", "seq"], name="oversight_order_number_once"),
            models.CheckConstraint(
                condition=Q(status__in=OrderStatus.values), name="oversight_order_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["department", "status", "reply_due"], name="oversight_order_dept_idx"),
            models.Index(fields=["status", "reply_due"], name="oversight_order_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    @property
    def scope_unit(self):
        return self.department


class ApplicantRefusal(models.Model):
    """One refusal of an application (拒绝/不予受理/不予许可), as oversight heard it from the
    ``case_refused`` event: what the repeated-refusal rule (ANO-6) counts. The applicant is named by
    ``applicant_key`` (the id number if the case has one, else name and contact; see
    oversight.anomalies.applicant_key). One row per case."""

    case = models.OneToOneField(
        "cases.Case", verbose_name=_("办件"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.ForeignKey("org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    applicant_key = models.CharField(_("申请人标识"), max_length=320)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    refused_at = models.DateTimeField(_("拒绝时间"))

    class Meta:
        verbose_name = _("拒绝申请记录")
        verbose_name_plural = _("拒绝申请记录")
        ordering = ["refused_at", "id"]
        indexes = [
            models.Index(fields=["body", "applicant_key", "refused_at"], name="oversight_refusal_key_idx")
        ]

    def __str__(self) -> str:
        return f"{self.applicant_key} {self.refused_at:%Y-%m-%d}"


class QuarterlyEvaluation(models.Model):
    """A quarterly efficiency evaluation (季度效能考核, ACC-22: day-to-day evaluation of power
    operation feeding the year-end one; ACC-16: circulated once a quarter), frozen: the figures of
    one body and quarter as computed when it was made (oversight.reports.queries, as JSON), never
    changed afterwards. Made once by the periodic job after the quarter ends (revision 1) or on
    demand by an authorised person; making it again adds a new revision, the older ones stay.
    Rules live in oversight.reports.evaluations."""

    body = models.ForeignKey("org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"))
    revision = models.PositiveIntegerField(_("版次"), default=1)
    period_start = models.DateField(_("期间开始"))
    period_end = models.DateField(_("期间结束"))
    figures = models.JSONField(_("考核数据"), editable=False)
    note = models.TextField(_("生成说明"), blank=True)
    generated_at = models.DateTimeField(_("生成时间"))
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("生成人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("为空时由系统定期任务生成"),
    )

    class Meta:
        verbose_name = _("季度效能考核报告")
        verbose_name_plural = _("季度效能考核报告")
        ordering = ["-year", "-quarter", "body__path", "-revision"]
        constraints = [
            # One report per body, quarter and revision: the periodic job's idempotence (revision 1).
            models.UniqueConstraint(
                fields=["body", "year", "quarter", "revision"],
                name="oversight_evaluation_once",
                violation_error_code="evaluation_exists",
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="oversight_evaluation_quarter_valid"
            ),
            models.CheckConstraint(condition=Q(revision__gte=1), name="oversight_evaluation_revision_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.year}Q{self.quarter} r{self.revision}"

    def save(self, *args, **kwargs):
        # A stored evaluation is a record: once made it is never changed (regenerate instead).
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValueError("a stored quarterly evaluation is immutable")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("a stored quarterly evaluation is never deleted")

    @property
    def scope_unit(self):
        return self.body


class SupervisionOrderCounter(models.Model):
    """The last number given per body and year (CASE-21: uniform numbering). Incremented by one
    UPDATE that row-locks it, so concurrent issuers queue instead of taking the same number."""

    body = models.ForeignKey(
        "org.Unit", verbose_name=_("督办单位"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    last = models.PositiveIntegerField(_("已用序号"), default=0)

    class Meta:
        verbose_name = _("督办编号计数")
        verbose_name_plural = _("督办编号计数")
        constraints = [models.UniqueConstraint(fields=["body", "year"], name="oversight_ordercounter_once")]

    def __str__(self) -> str:
        return f"{self.body_id}/{self.year}: {self.last}"


class OrderReply(models.Model):
    """A written reply to an order (CASE-17): the reason for the delay, the progress, a new
    completion deadline; verified by the issuer (accepted, or rejected with the reason)."""

    order = models.ForeignKey(
        SupervisionOrder, verbose_name=_("督办通知书"), on_delete=models.PROTECT, related_name="replies"
    )
    reason = models.TextField(_("延误原因"))
    progress = models.TextField(_("办理进展"))
    new_deadline = models.DateTimeField(_("承诺办结时间"))
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("答复人"), on_delete=models.PROTECT, related_name="+"
    )
    replied_at = models.DateTimeField(_("答复时间"))
    verdict = models.CharField(
        _("核实结果"), max_length=20, choices=ReplyVerdict.choices, default=ReplyVerdict.PENDING
    )
    verify_note = models.TextField(_("核实意见"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核实人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("核实时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("督办答复")
        verbose_name_plural = _("督办答复")
        ordering = ["replied_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(verdict__in=ReplyVerdict.values), name="oversight_orderreply_verdict_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.order_id} {self.replied_at:%Y-%m-%d}"


class OrderEvent(models.Model):
    """One step of an order's life (发出, 答复, 核实, 办结, 逾期上报): who, when, with what text."""

    order = models.ForeignKey(
        SupervisionOrder, verbose_name=_("督办通知书"), on_delete=models.PROTECT, related_name="events"
    )
    action = models.CharField(_("操作"), max_length=20, choices=OrderAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("操作时间"))
    from_status = models.CharField(_("原状态"), max_length=20, blank=True)
    to_status = models.CharField(_("新状态"), max_length=20, choices=OrderStatus.choices)
    note = models.TextField(_("内容"), blank=True)

    class Meta:
        verbose_name = _("督办记录")
        verbose_name_plural = _("督办记录")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=OrderAction.values), name="oversight_orderevent_action_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.order_id} {self.action}"


def _someone(label, **kwargs):
    """An optional person on a record alert (who acknowledged, explained, closed it)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=label,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        **kwargs,
    )


class RecordAlert(BaseModel):
    """A yellow or red alert (黄牌/红牌预警) on the clock of a record other than a case (问责、谈话函询
    …), as its app hands it to supervision (oversight.watched.WatchedClock; issue #9 §1, OVS-1).

    Raised by oversight.records.scan once per clock, level and due time (the unique constraint: a
    repeated or concurrent scan adds nothing twice, and a closed alert is not raised again until the
    clock's due time moves); ``resolved_at`` is set when the clock is no longer open on that due
    time (met, stopped, or moved by an extension). Handled like case alerts (签收, 说明, 关闭;
    OVS-2) through the same services; never deleted. docs/decisions/0017-record-alerts.md.
    """

    clock_key = models.CharField(
        _("时限标识"), max_length=120, help_text=_("记录与时限的标识，如 accountability.case:7:investigation")
    )
    level = models.CharField(_("预警等级"), max_length=10, choices=AlertLevel.choices)
    status = models.CharField(_("状态"), max_length=20, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    rule = models.CharField(_("依据"), max_length=20, help_text=_("设定时限的规则编号（core.rules）"))
    label = models.CharField(_("时限事项"), max_length=200)
    message = models.TextField(_("预警内容"))
    url = models.CharField(_("记录页面"), max_length=300, blank=True, default="")
    body = models.ForeignKey("org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    responsible = _someone(_("责任人"), help_text=_("为空时由本单位纪检监察人员负责"))
    due_at = models.DateTimeField(_("期限"))
    raised_at = models.DateTimeField(_("预警时间"))
    notified_at = models.DateTimeField(_("通知时间"), null=True, blank=True)
    resolved_at = models.DateTimeField(
        _("时限解除时间"), null=True, blank=True, help_text=_("时限已满足、停止或因延长而变更的时间")
    )
    acknowledged_by = _someone(_("签收人"))
    acknowledged_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    explanation = models.TextField(_("情况说明"), blank=True)
    explained_by = _someone(_("说明人"))
    explained_at = models.DateTimeField(_("说明时间"), null=True, blank=True)
    close_note = models.TextField(_("关闭意见"), blank=True)
    closed_by = _someone(_("关闭人"))
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("被取代于"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("其他事项时限预警")
        verbose_name_plural = _("其他事项时限预警")
        ordering = ["-raised_at", "-id"]
        constraints = [
            *_alert_state_constraints("oversight_recordalert"),
            # The scan's idempotence: once per clock, level and due time, whatever its state.
            models.UniqueConstraint(
                fields=["clock_key", "level", "due_at"],
                name="oversight_recordalert_once",
                violation_error_code="alert_exists",
            ),
        ]
        indexes = [
            models.Index(fields=["body", "status", "-raised_at"], name="oversight_recalert_body_idx"),
            models.Index(
                fields=["id"], condition=Q(resolved_at__isnull=True), name="oversight_recalert_open_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.message

    @property
    def scope_unit(self):
        return self.body

    @property
    def is_live(self) -> bool:
        return self.status != AlertStatus.CLOSED
