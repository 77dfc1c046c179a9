"""Collective decisions on 三重一大 (decisions): per-body scope settings, topics with their
prerequisite records, meetings with attendance, recusal, opinions in turn, votes and outcomes, and
numbered minutes that lock once signed.

Rules live in decisions.services; the constraints below refuse what the services refuse, so that
imports, the shell and races cannot slip past (STYLE §3).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sunshine.core.models import BaseModel, SoftDeleteModel
from sunshine.decisions.choices import (
    Attendance,
    Confidentiality,
    ConsultationAnswer,
    EvaluationResult,
    EvaluationStatus,
    ExpertStatus,
    LegalConclusion,
    MeetingKind,
    MeetingStatus,
    MinutesStatus,
    NoticeKind,
    Outcome,
    Position,
    RiskLevel,
    TopicKind,
    TopicStatus,
    VoteMethod,
    VoteStatus,
)

ALIVE = Q(deleted_at__isnull=True)
USER = settings.AUTH_USER_MODEL


def default_kinds() -> list[str]:
    return list(TopicKind.values)


def default_prerequisites() -> dict[str, list[str]]:
    """Product default (DEC-60 八不准二; DEC-38; DEC-214/215): every kind needs research, alternatives,
    legality review and risk assessment; policy decisions and projects also expert argument;
    decisions also public comment (PUB-12). Each body changes this in its settings."""
    base = ["research", "alternatives", "legality", "risk"]
    return {
        TopicKind.DECISION: [*base, "expert", "consultation", "public_comment"],
        TopicKind.PERSONNEL: ["research", "consultation"],
        TopicKind.PROJECT: [*base, "expert"],
        TopicKind.EMERGENCY: ["research", "legality"],
        TopicKind.FUNDS: [*base, "consultation"],
    }


def default_quorum() -> dict[str, dict[str, list[int]]]:
    """Per meeting kind: [numerator, denominator] of members due (DOMAIN product default 4: ≥ ½,
    ≥ ⅔ for personnel; DEC-208, DEC-209, CAT-143)."""
    return {kind: {"general": [1, 2], "personnel": [2, 3]} for kind in MeetingKind.values}


class ScopeSettings(BaseModel):
    """A body's 议事决策规范 (DEC-229): which kinds count, thresholds, prerequisites per kind,
    quorum per meeting kind and lead times. The seeds leave these numbers to each body (XX万元,
    提前X个工作日): settings, never constants."""

    body = models.OneToOneField(
        "org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="decision_settings"
    )
    enabled_kinds = models.JSONField(_("启用的事项类别"), default=default_kinds, help_text=_("DEC-3"))
    project_threshold = models.DecimalField(
        _("重大项目金额标准（元）"),
        max_digits=16,
        decimal_places=2,
        default=Decimal("500000"),
        help_text=_("单个项目达到此金额（含）即为重大项目（DEC-202）"),
    )
    funds_threshold = models.DecimalField(
        _("大额资金标准（元）"),
        max_digits=16,
        decimal_places=2,
        default=Decimal("100000"),
        help_text=_("单笔支出达到此金额（含）即为大额资金使用（DEC-203）"),
    )
    prerequisites = models.JSONField(_("各类事项的前置程序"), default=default_prerequisites)
    quorum = models.JSONField(_("各类会议的到会比例"), default=default_quorum)
    notice_workdays = models.PositiveSmallIntegerField(
        _("会议通知提前工作日"), default=2, help_text=_("至少1个工作日（DEC-212、DEC-114）")
    )
    expert_lead_days = models.PositiveSmallIntegerField(
        _("专家论证材料提前天数"), default=7, help_text=_("论证前送交专家的日历天数（DEC-16）")
    )
    public_comment_workdays = models.PositiveSmallIntegerField(
        _("决策公开征求意见最少工作日"), default=5, help_text=_("不少于5个工作日（PUB-12）")
    )
    office_check_days = models.PositiveSmallIntegerField(
        _("办公室审核期限（日）"), default=2, help_text=_("DEC-216")
    )
    principal_leaving = models.BooleanField(
        _("主要负责人已明确即将离任"), default=False, help_text=_("DEC-65：人事议题须有上级同意")
    )

    class Meta:
        verbose_name = _("议事决策规范")
        verbose_name_plural = _("议事决策规范")
        constraints = [
            models.CheckConstraint(
                condition=Q(notice_workdays__gte=1),
                name="%(app_label)s_%(class)s_notice_at_least_one",
                violation_error_code="notice_workdays",
            ),
            models.CheckConstraint(
                condition=Q(public_comment_workdays__gte=5),
                name="%(app_label)s_%(class)s_public_comment_min",
                violation_error_code="public_comment_workdays",
            ),
            models.CheckConstraint(
                condition=Q(project_threshold__gt=0) & Q(funds_threshold__gt=0),
                name="%(app_label)s_%(class)s_thresholds_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body}·议事决策规范"

    @property
    def scope_unit(self):
        return self.body


class Expert(BaseModel, SoftDeleteModel):
    """The expert register (专家库, DEC-19..DEC-23) of a body."""

    body = models.ForeignKey("org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("姓名"), max_length=50)
    field = models.CharField(_("专业领域"), max_length=100)
    title = models.CharField(_("职称"), max_length=50)
    senior_title = models.BooleanField(_("高级职称或相当"), default=False)
    years_in_field = models.PositiveSmallIntegerField(_("从业年限"), default=0)
    organisation = models.CharField(_("工作单位"), max_length=100, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=ExpertStatus.choices, default=ExpertStatus.ACTIVE
    )
    revoke_reason = models.CharField(_("取消资格原因"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("咨询专家")
        verbose_name_plural = _("专家库")
        ordering = ["body", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ExpertStatus.values), name="%(app_label)s_%(class)s_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_unit(self):
        return self.body


class Topic(BaseModel, SoftDeleteModel):
    """A 三重一大 topic (议题): proposed, prepared with its prerequisites, checked by the office,
    put on an agenda, decided."""

    body = models.ForeignKey("org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        "org.Unit", verbose_name=_("提出科室"), on_delete=models.PROTECT, related_name="decision_topics"
    )
    title = models.CharField(_("议题名称"), max_length=200)
    kind = models.CharField(_("事项类别"), max_length=20, choices=TopicKind.choices)
    is_major = models.BooleanField(
        _("属于三重一大"), default=True, help_text=_("登记时按本单位标准归类（DEC-3）")
    )
    amount = models.DecimalField(_("涉及金额（元）"), max_digits=16, decimal_places=2, null=True, blank=True)
    background = models.TextField(_("背景和理由"))
    draft_decision = models.TextField(_("决定（草案）"))
    alternatives = models.TextField(
        _("比选方案"), blank=True, help_text=_("两个以上可供比较的方案（DEC-31、DEC-214）")
    )
    legal_basis = models.TextField(_("法律政策依据"), blank=True)
    responsible_leader = models.ForeignKey(
        USER, verbose_name=_("分管领导"), on_delete=models.PROTECT, related_name="+"
    )
    proposer = models.ForeignKey(USER, verbose_name=_("提出人"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("状态"), max_length=30, choices=TopicStatus.choices, default=TopicStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    check_due = models.DateTimeField(_("办公室审核期限"), null=True, blank=True)
    return_reason = models.TextField(_("退回理由"), blank=True)
    superior_consent = models.TextField(
        _("上级组织同意意见"), blank=True, help_text=_("主要负责人即将离任时，人事议题须有（DEC-65）")
    )
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    amends = models.ForeignKey(
        "AgendaItem",
        verbose_name=_("变更的决定"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendments",
        help_text=_("变更已作出的集体决定须经新的集体决定（DEC-63、DEC-226）"),
    )
    source_ref = models.CharField(
        _("关联事项"),
        max_length=100,
        blank=True,
        help_text=_("本议题决策的其他模块事项，如 cases.case:12（达到标准的事项须经集体决策，DEC-3）"),
    )

    class Meta:
        verbose_name = _("议题")
        verbose_name_plural = _("议题")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=TopicKind.values), name="%(app_label)s_%(class)s_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=TopicStatus.values), name="%(app_label)s_%(class)s_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="%(app_label)s_%(class)s_amount_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["body", "status", "-created_at"], name="decisions_topic_list_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def scope_unit(self):
        return self.department


class ResearchReport(BaseModel):
    """调查研究报告 (DEC-29, DEC-31, DEC-48)."""

    topic = models.ForeignKey(
        Topic, verbose_name=_("议题"), on_delete=models.PROTECT, related_name="research"
    )
    summary = models.TextField(_("调研报告"))
    author = models.ForeignKey(USER, verbose_name=_("填报人"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("调研报告")
        verbose_name_plural = _("调研报告")
        ordering = ["at", "id"]


class ExpertArgumentation(BaseModel):
    """专家论证 (DEC-16..DEC-18): material sent ≥ the lead time before the session."""

    topic = models.ForeignKey(
        Topic, verbose_name=_("议题"), on_delete=models.PROTECT, related_name="argumentations"
    )
    materials_sent_on = models.DateField(_("材料送达日期"))
    session_on = models.DateField(_("论证日期"))
    chair = models.CharField(_("主持人"), max_length=50)
    summary = models.TextField(_("专家意见汇总"), blank=True)

    class Meta:
        verbose_name = _("专家论证")
        verbose_name_plural = _("专家论证")
        ordering = ["session_on", "id"]


class ExpertOpinion(BaseModel):
    """One expert's signed opinion (DEC-21); an expert with a conflict of interest is excluded."""

    argumentation = models.ForeignKey(
        ExpertArgumentation, verbose_name=_("专家论证"), on_delete=models.PROTECT, related_name="opinions"
    )
    expert = models.ForeignKey(
        Expert, verbose_name=_("专家"), on_delete=models.PROTECT, related_name="opinions"
    )
    opinion = models.TextField(_("论证意见"))
    signed_on = models.DateField(_("签名日期"))

    class Meta:
        verbose_name = _("专家意见")
        verbose_name_plural = _("专家意见")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["argumentation", "expert"], name="%(app_label)s_%(class)s_one_per_expert"
            )
        ]


class ExpertConflict(BaseModel):
    """A declared conflict of interest of an expert on a topic: the expert is excluded from it."""

    topic = models.ForeignKey(
        Topic, verbose_name=_("议题"), on_delete=models.PROTECT, related_name="expert_conflicts"
    )
    expert = models.ForeignKey(
        Expert, verbose_name=_("专家"), on_delete=models.PROTECT, related_name="conflicts"
    )
    reason = models.CharField(_("利害关系"), max_length=300)

    class Meta:
        verbose_name = _("专家回避")
        verbose_name_plural = _("专家回避")
        constraints = [
            models.UniqueConstraint(fields=["topic", "expert"], name="%(app_label)s_%(class)s_unique")
        ]


class LegalityReview(BaseModel):
    """合法性审查 by the legal office (DEC-32, DEC-36, DEC-38): the written opinion and its conclusion."""

    topic = models.ForeignKey(
        Topic, verbose_name=_("议题"), on_delete=models.PROTECT, related_name="legality_reviews"
    )
    reviewer = models.ForeignKey(USER, verbose_name=_("审查人"), on_delete=models.PROTECT, related_name="+")
    basis = models.TextField(_("法律政策依据"))
    analysis = models.TextField(_("合法性分析"))
    conclusion = models.CharField(_("审查结论"), max_length=10, choices=LegalConclusion.choices)
    suggestions = models.TextField(_("修改建议"), blank=True)
    at = models.DateTimeField(_("审查时间"))

    class Meta:
        verbose_name = _("合法性审查")
        verbose_name_plural = _("合法性审查")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(conclusion__in=LegalConclusion.values),
                name="%(app_label)s_%(class)s_conclusion_valid",
            )
        ]


class RiskAssessment(BaseModel):
    """风险评估 (DEC-41..DEC-46): four dimensions, the level and the measures."""

    topic = models.ForeignKey(
        Topic, verbose_name=_("议题"), on_delete=models.PROTECT, related_name="risk_assessments"
    )
    legality = models.TextField(_("合法性"))
    reasonableness = models.TextField(_("合理性"))
    feasibility = models.TextField(_("可行性"))
    controllability = models.TextField(_("可控性"))
    level = models.CharField(_("风险等级"), max_length=10, choices=RiskLevel.choices)
    measures = models.TextField(_("防范化解措施"))
    assessor = models.ForeignKey(USER, verbose_name=_("评估人"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("评估时间"))

    class Meta:
        verbose_name = _("风险评估")
        verbose_name_plural = _("风险评估")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=RiskLevel.values), name="%(app_label)s_%(class)s_level_valid"
            )
        ]


class Consultation(BaseModel):
    """议题协商 (DEC-215): a written request for opinion; no answer by the deadline counts as agreement."""

    topic = models.ForeignKey(
        Topic, verbose_name=_("议题"), on_delete=models.PROTECT, related_name="consultations"
    )
    consultee = models.ForeignKey(
        USER, verbose_name=_("征求对象"), on_delete=models.PROTECT, related_name="+"
    )
    deadline = models.DateField(_("答复期限"))
    answer = models.CharField(
        _("答复"), max_length=10, choices=ConsultationAnswer.choices, default=ConsultationAnswer.PENDING
    )
    answer_text = models.TextField(_("书面意见"), blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    handling = models.TextField(_("采纳情况"), blank=True, help_text=_("未采纳的须说明理由（DEC-215）"))

    class Meta:
        verbose_name = _("征求意见")
        verbose_name_plural = _("征求意见")
        ordering = ["deadline", "id"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "consultee"], name="%(app_label)s_%(class)s_unique"),
            models.CheckConstraint(
                condition=Q(answer__in=ConsultationAnswer.values), name="%(app_label)s_%(class)s_answer_valid"
            ),
        ]


class PublicComment(BaseModel):
    """决策公开征求意见 (PUB-12, DEC-14): published for at least N working days, comments answered."""

    topic = models.ForeignKey(
        Topic, verbose_name=_("议题"), on_delete=models.PROTECT, related_name="public_comments"
    )
    published_on = models.DateField(_("公开日期"))
    closes_on = models.DateField(_("截止日期"))
    channel = models.CharField(_("公开渠道"), max_length=100, default="门户网站")
    on_portal = models.BooleanField(
        _("在门户网站征求意见"), default=True, help_text=_("公众可在门户网站阅读征求意见稿并提交意见")
    )
    document = models.TextField(
        _("征求意见稿"), blank=True, help_text=_("公开的文本；不填时取议题的决定（草案）")
    )
    explanation = models.TextField(
        _("起草说明"), blank=True, help_text=_("公开的说明；不填时取议题的背景和理由")
    )

    class Meta:
        verbose_name = _("决策公开")
        verbose_name_plural = _("决策公开")
        ordering = ["published_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gt=models.F("published_on")),
                name="%(app_label)s_%(class)s_dates_ordered",
            )
        ]


class PublicCommentEntry(BaseModel):
    """A comment received during the public period and the answer given to it."""

    period = models.ForeignKey(
        PublicComment, verbose_name=_("决策公开"), on_delete=models.PROTECT, related_name="entries"
    )
    commenter = models.CharField(_("意见人"), max_length=100, blank=True)
    contact = models.CharField(
        _("联系方式"), max_length=100, blank=True, help_text=_("仅供工作人员联系，不对外公开")
    )
    via_portal = models.BooleanField(_("通过门户网站提交"), default=False)
    text = models.TextField(_("意见"))
    answer = models.TextField(_("答复"), blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("公众意见")
        verbose_name_plural = _("公众意见")
        ordering = ["id"]


class Meeting(BaseModel, SoftDeleteModel):
    """A meeting of a body's collective (会议): members due, notice, agenda, attendance."""

    body = models.ForeignKey("org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("会议类型"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(_("会议名称"), max_length=200)
    starts_at = models.DateTimeField(_("开会时间"))
    place = models.CharField(_("地点"), max_length=100)
    chair = models.ForeignKey(USER, verbose_name=_("主持人"), on_delete=models.PROTECT, related_name="+")
    recorder = models.ForeignKey(USER, verbose_name=_("记录人"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("状态"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    notice_sent_at = models.DateTimeField(_("通知时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=MeetingKind.values), name="%(app_label)s_%(class)s_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=MeetingStatus.values), name="%(app_label)s_%(class)s_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["body", "-starts_at"], name="decisions_meeting_list_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def scope_unit(self):
        return self.body


class Participant(BaseModel):
    """A member due (应到会成员) or a non-voting attendee (列席) of a meeting."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("会议"), on_delete=models.PROTECT, related_name="participants"
    )
    user = models.ForeignKey(USER, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="+")
    voting = models.BooleanField(
        _("表决成员"), default=True, help_text=_("列席人员不计入到会人数和表决（DEC-228）")
    )
    is_principal = models.BooleanField(_("主要负责人"), default=False)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    attendance = models.CharField(
        _("出席情况"), max_length=10, choices=Attendance.choices, default=Attendance.UNKNOWN
    )
    absence_reason = models.CharField(_("缺席原因"), max_length=300, blank=True)
    written_opinion = models.TextField(_("书面意见"), blank=True, help_text=_("不计入表决（DEC-218）"))

    class Meta:
        verbose_name = _("参会人员")
        verbose_name_plural = _("参会人员")
        ordering = ["meeting", "-voting", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="%(app_label)s_%(class)s_unique"),
            models.CheckConstraint(
                condition=Q(attendance__in=Attendance.values), name="%(app_label)s_%(class)s_attendance_valid"
            ),
            models.CheckConstraint(
                condition=~Q(attendance=Attendance.ABSENT) | ~Q(absence_reason=""),
                name="%(app_label)s_%(class)s_absence_has_reason",
                violation_error_code="absence_reason",
            ),
            models.UniqueConstraint(
                fields=["meeting"],
                condition=Q(is_principal=True),
                name="%(app_label)s_%(class)s_one_principal",
            ),
        ]


class AgendaItem(BaseModel):
    """A topic on a meeting's agenda; urgent items added after the notice are marked (DEC-211)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("会议"), on_delete=models.PROTECT, related_name="items"
    )
    topic = models.ForeignKey(
        Topic, verbose_name=_("议题"), on_delete=models.PROTECT, related_name="agenda_items"
    )
    order = models.PositiveSmallIntegerField(_("顺序"))
    urgent = models.BooleanField(_("临时动议（紧急）"), default=False)
    urgent_reason = models.CharField(_("紧急理由"), max_length=300, blank=True)
    outcome = models.CharField(_("结果"), max_length=30, choices=Outcome.choices, blank=True)
    outcome_reason = models.TextField(_("裁定理由"), blank=True)
    changes = models.TextField(_("修改意见"), blank=True)
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("议程")
        verbose_name_plural = _("议程")
        ordering = ["meeting", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "topic"], name="%(app_label)s_%(class)s_topic_once"),
            models.UniqueConstraint(fields=["meeting", "order"], name="%(app_label)s_%(class)s_order_unique"),
            models.CheckConstraint(
                condition=Q(urgent=False) | ~Q(urgent_reason=""),
                name="%(app_label)s_%(class)s_urgent_has_reason",
                violation_error_code="urgent_reason",
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome__in=Outcome.values),
                name="%(app_label)s_%(class)s_outcome_valid",
            ),
        ]


class Recusal(BaseModel):
    """A member who withdraws from one item for a conflict of interest (回避)."""

    item = models.ForeignKey(
        AgendaItem, verbose_name=_("议程"), on_delete=models.PROTECT, related_name="recusals"
    )
    participant = models.ForeignKey(
        Participant, verbose_name=_("成员"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("回避理由"), max_length=300)

    class Meta:
        verbose_name = _("回避")
        verbose_name_plural = _("回避")
        constraints = [
            models.UniqueConstraint(fields=["item", "participant"], name="%(app_label)s_%(class)s_unique")
        ]


class Opinion(BaseModel):
    """A member's stated opinion on an item, in turn; the principal states last (DEC-54)."""

    item = models.ForeignKey(
        AgendaItem, verbose_name=_("议程"), on_delete=models.PROTECT, related_name="opinions"
    )
    participant = models.ForeignKey(
        Participant, verbose_name=_("成员"), on_delete=models.PROTECT, related_name="+"
    )
    seq = models.PositiveSmallIntegerField(_("发言顺序"))
    position = models.CharField(_("表态"), max_length=10, choices=Position.choices)
    reason = models.TextField(_("理由"))
    at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("表态发言")
        verbose_name_plural = _("表态发言")
        ordering = ["item", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["item", "participant"], name="%(app_label)s_%(class)s_once"),
            models.UniqueConstraint(fields=["item", "seq"], name="%(app_label)s_%(class)s_seq_unique"),
            models.CheckConstraint(
                condition=Q(position__in=Position.values), name="%(app_label)s_%(class)s_position_valid"
            ),
        ]


class Vote(BaseModel):
    """The vote on an item (DEC-56, DEC-221, DEC-222). A secret ballot keeps only the counts here
    and who voted in BallotCast: nothing links a voter to a choice."""

    item = models.OneToOneField(
        AgendaItem, verbose_name=_("议程"), on_delete=models.PROTECT, related_name="vote"
    )
    method = models.CharField(_("表决方式"), max_length=10, choices=VoteMethod.choices)
    status = models.CharField(_("状态"), max_length=10, choices=VoteStatus.choices, default=VoteStatus.OPEN)
    members_due = models.PositiveSmallIntegerField(_("应到会成员"))
    yes = models.PositiveSmallIntegerField(_("赞成"), default=0)
    no = models.PositiveSmallIntegerField(_("反对"), default=0)
    abstain = models.PositiveSmallIntegerField(_("弃权"), default=0)
    passed = models.BooleanField(_("通过"), null=True)
    closed_at = models.DateTimeField(_("计票时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("表决")
        verbose_name_plural = _("表决")
        constraints = [
            models.CheckConstraint(
                condition=Q(method__in=VoteMethod.values), name="%(app_label)s_%(class)s_method_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=VoteStatus.values), name="%(app_label)s_%(class)s_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(yes__lte=models.F("members_due") - models.F("no") - models.F("abstain")),
                name="%(app_label)s_%(class)s_count_within_members",
            ),
        ]


class NamedBallot(BaseModel):
    """One member's vote in an open vote (voice, hands, named ballot): recorded by name (DEC-221)."""

    vote = models.ForeignKey(Vote, verbose_name=_("表决"), on_delete=models.PROTECT, related_name="ballots")
    participant = models.ForeignKey(
        Participant, verbose_name=_("成员"), on_delete=models.PROTECT, related_name="+"
    )
    choice = models.CharField(_("表决意见"), max_length=10, choices=Position.choices)

    class Meta:
        verbose_name = _("记名表决")
        verbose_name_plural = _("记名表决")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "participant"], name="%(app_label)s_%(class)s_once"),
            models.CheckConstraint(
                condition=Q(choice__in=Position.values), name="%(app_label)s_%(class)s_choice_valid"
            ),
        ]


class BallotCast(models.Model):
    """Who cast a secret ballot (never how): no timestamps, so the order of rows and the counts
    on Vote cannot be joined back to a choice."""

    vote = models.ForeignKey(Vote, verbose_name=_("表决"), on_delete=models.PROTECT, related_name="casts")
    participant = models.ForeignKey(
        Participant, verbose_name=_("成员"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("无记名投票记录")
        verbose_name_plural = _("无记名投票记录")
        constraints = [
            models.UniqueConstraint(fields=["vote", "participant"], name="%(app_label)s_%(class)s_once"),
        ]

    def __str__(self) -> str:
        return f"{self.vote_id}/{self.participant_id}"


class MinutesCounter(models.Model):
    """The last minutes number of a body in a year (DEC-225): one locked row per (body, year)."""

    body = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="%(app_label)s_%(class)s_unique")
        ]

    def __str__(self) -> str:
        return f"{self.body_id}/{self.year}: {self.last}"


class Minutes(BaseModel):
    """会议纪要 (DEC-225, DEC-110): numbered per body and year, signed by chair and recorder,
    locked once both have signed; a correction is an addendum."""

    meeting = models.OneToOneField(
        Meeting, verbose_name=_("会议"), on_delete=models.PROTECT, related_name="minutes"
    )
    body = models.ForeignKey("org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    seq = models.PositiveIntegerField(_("序号"))
    number = models.CharField(_("纪要编号"), max_length=100)
    confidentiality = models.CharField(
        _("密级"), max_length=20, choices=Confidentiality.choices, default=Confidentiality.INTERNAL
    )
    content = models.JSONField(_("纪要内容"), default=dict)
    status = models.CharField(
        _("状态"), max_length=10, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    chair_signed_at = models.DateTimeField(_("主持人签发时间"), null=True, blank=True)
    recorder_signed_at = models.DateTimeField(_("记录人签名时间"), null=True, blank=True)
    locked_at = models.DateTimeField(_("锁定时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("会议纪要")
        verbose_name_plural = _("会议纪要")
        ordering = ["-year", "-seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "seq"], name="%(app_label)s_%(class)s_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(status__in=MinutesStatus.values), name="%(app_label)s_%(class)s_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(locked_at__isnull=True)
                | (Q(chair_signed_at__isnull=False) & Q(recorder_signed_at__isnull=False)),
                name="%(app_label)s_%(class)s_locked_only_signed",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def scope_unit(self):
        return self.body


class MinutesAddendum(BaseModel):
    """A correction to signed minutes: the minutes themselves never change (DEC-224)."""

    minutes = models.ForeignKey(
        Minutes, verbose_name=_("会议纪要"), on_delete=models.PROTECT, related_name="addenda"
    )
    text = models.TextField(_("更正内容"))
    reason = models.TextField(_("更正理由"))
    author = models.ForeignKey(USER, verbose_name=_("更正人"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("纪要更正")
        verbose_name_plural = _("纪要更正")
        ordering = ["at", "id"]


class DisciplineNotice(models.Model):
    """What the discipline office must see (DEC-60..DEC-65, DEC-211, DEC-223): a refused attempt by
    the principal leader, a chair's ruling against the vote, an urgent item. Written even when the
    refused service rolled back."""

    body = models.ForeignKey("org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类别"), max_length=20, choices=NoticeKind.choices)
    rule = models.CharField(_("规则"), max_length=20)
    actor = models.ForeignKey(
        USER, verbose_name=_("操作人"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(_("操作"), max_length=100)
    message = models.TextField(_("说明"))
    topic = models.ForeignKey(
        Topic, verbose_name=_("议题"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("会议"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("纪检提示")
        verbose_name_plural = _("纪检提示")
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=NoticeKind.values), name="%(app_label)s_%(class)s_kind_valid"
            )
        ]
        indexes = [models.Index(fields=["body", "-at"], name="decisions_notice_body_idx")]

    def __str__(self) -> str:
        return f"{self.rule} {self.message[:50]}"

    @property
    def scope_unit(self):
        return self.body


class ImplementationTask(BaseModel):
    """A task that carries out an adopted decision (决策实施, DEC-226, EXE-3): a supervision order of
    the oversight app (responsible unit, person, deadline, written progress replies), linked here."""

    item = models.ForeignKey(
        AgendaItem, verbose_name=_("议程"), on_delete=models.PROTECT, related_name="implementation_tasks"
    )
    order = models.OneToOneField(
        "oversight.SupervisionOrder",
        verbose_name=_("督办通知书"),
        on_delete=models.PROTECT,
        related_name="decision_task",
    )

    class Meta:
        verbose_name = _("决策落实任务")
        verbose_name_plural = _("决策落实任务")
        ordering = ["item", "id"]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.order_id}"


class Evaluation(BaseModel):
    """A tracking evaluation (跟踪评估) of an adopted decision after a phase of its implementation
    (EXE-13..EXE-19, DEC-227): the plan (purpose, criteria, methods, budget, who evaluates), the
    report (overall rating, basis, problems, recommendation), and the collective's decision to
    continue, adjust, pause or terminate. A decision may be evaluated several times (EXE-15)."""

    item = models.ForeignKey(
        AgendaItem, verbose_name=_("决定"), on_delete=models.PROTECT, related_name="evaluations"
    )
    seq = models.PositiveSmallIntegerField(_("次序"))
    status = models.CharField(
        _("状态"), max_length=12, choices=EvaluationStatus.choices, default=EvaluationStatus.PLANNED
    )
    evaluator = models.CharField(
        _("评估机构"), max_length=100, help_text=_("督查组、实施科室或委托的第三方（EXE-14）")
    )
    plan = models.TextField(_("评估方案"), help_text=_("目的、标准、方法和经费（EXE-17）"))
    methods = models.JSONField(_("评估方法"), default=list, help_text=_("EXE-18"))
    planned_by = models.ForeignKey(USER, verbose_name=_("制定人"), on_delete=models.PROTECT, related_name="+")
    planned_at = models.DateTimeField(_("制定时间"))
    report = models.TextField(_("评估报告"), blank=True, help_text=_("总体评价、依据、问题和对策（EXE-19）"))
    recommendation = models.CharField(
        _("评估建议"), max_length=10, choices=EvaluationResult.choices, blank=True
    )
    reported_by = models.ForeignKey(
        USER, verbose_name=_("报告人"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reported_at = models.DateTimeField(_("报告时间"), null=True, blank=True)
    result = models.CharField(_("评估决定"), max_length=10, choices=EvaluationResult.choices, blank=True)
    result_basis = models.TextField(
        _("决定依据"), blank=True, help_text=_("集体研究决定的会议和理由（EXE-19）")
    )
    concluded_by = models.ForeignKey(
        USER, verbose_name=_("登记人"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    concluded_at = models.DateTimeField(_("决定时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("跟踪评估")
        verbose_name_plural = _("跟踪评估")
        ordering = ["item", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["item", "seq"], name="%(app_label)s_%(class)s_seq_unique"),
            models.CheckConstraint(
                condition=Q(status__in=EvaluationStatus.values), name="%(app_label)s_%(class)s_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(recommendation="") | Q(recommendation__in=EvaluationResult.values),
                name="%(app_label)s_%(class)s_recommendation_valid",
            ),
            models.CheckConstraint(
                condition=(Q(status=EvaluationStatus.PLANNED) & Q(report="") & Q(recommendation=""))
                | (~Q(status=EvaluationStatus.PLANNED) & ~Q(report="") & ~Q(recommendation="")),
                name="%(app_label)s_%(class)s_report_when_reported",
                violation_error_code="report",
            ),
            models.CheckConstraint(
                condition=(Q(status=EvaluationStatus.CONCLUDED) & Q(result__in=EvaluationResult.values))
                | (~Q(status=EvaluationStatus.CONCLUDED) & Q(result="")),
                name="%(app_label)s_%(class)s_result_when_concluded",
                violation_error_code="result",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}#{self.seq}"


__all__ = [
    "AgendaItem",
    "BallotCast",
    "Consultation",
    "DisciplineNotice",
    "Evaluation",
    "Expert",
    "ExpertArgumentation",
    "ExpertConflict",
    "ExpertOpinion",
    "ImplementationTask",
    "LegalityReview",
    "Meeting",
    "Minutes",
    "MinutesAddendum",
    "MinutesCounter",
    "NamedBallot",
    "Opinion",
    "Participant",
    "PublicComment",
    "PublicCommentEntry",
    "Recusal",
    "ResearchReport",
    "RiskAssessment",
    "ScopeSettings",
    "Topic",
    "Vote",
]
