"""Talks and inquiry letters (谈话函询, issue #9 §4; SUP-236..248, SUP-12, SUP-13).

One ``Talk`` row is one matter from its approval form (审批表) to its conclusion: an integrity talk
(collective or individual), an admonition talk (诫勉), a summons talk (约谈) or an inquiry letter (函询).
Rules live in ``services``; what the services refuse, the constraints refuse too.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sunshine.cadres.talks.choices import Escalation, FollowUpMethod, Kind, Outcome, SourceKind, Status
from sunshine.core.models import BaseModel

USER = settings.AUTH_USER_MODEL

__all__ = ["Talk", "TalkCounter", "TalkFollowUp", "TalkSettings"]

# The seeds leave these numbers to each body (seed 004, "XX"); the defaults are proposals.
DEFAULT_INQUIRY_REPLY_WORKDAYS = 15  # SUP-247 inquiry_reply_working_days (CCDI practice: 15 working days)
DEFAULT_ADMONITION_EFFECT_MONTHS = 6  # SUP-116 (3): how long an admonition stands (NOT IN SEED)
DEFAULT_PLAN_DAYS = 15  # SUP-246 summons_rectification_plan_days (unit unclear: calendar days)
DEFAULT_RECTIFICATION_MONTHS = 3  # SUP-246 summons_rectification_months


class TalkSettings(BaseModel):
    """A body's limits for talks and letters; a body without a row uses the defaults."""

    body = models.OneToOneField(
        "org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+"
    )
    inquiry_reply_workdays = models.PositiveSmallIntegerField(
        _("函询回复期限（工作日）"),
        default=DEFAULT_INQUIRY_REPLY_WORKDAYS,
        help_text=_("自收到函询通知之日起，被函询人书面逐条回复的工作日数（SUP-247）"),
    )
    admonition_effect_months = models.PositiveSmallIntegerField(
        _("诫勉影响期（月）"),
        default=DEFAULT_ADMONITION_EFFECT_MONTHS,
        help_text=_("诫勉谈话之日起该月数内未解除，不得提拔（SUP-116（3））"),
    )
    rectification_plan_days = models.PositiveSmallIntegerField(
        _("约谈后提交整改方案期限（日）"),
        default=DEFAULT_PLAN_DAYS,
        help_text=_("约谈后该日数内提交书面整改方案（SUP-246）"),
    )
    rectification_months = models.PositiveSmallIntegerField(
        _("整改期限上限（月）"),
        default=DEFAULT_RECTIFICATION_MONTHS,
        help_text=_("整改期限一般不超过该月数（SUP-246）"),
    )

    class Meta:
        verbose_name = _("谈话函询设置")
        verbose_name_plural = _("谈话函询设置")
        constraints = [
            models.CheckConstraint(
                condition=Q(inquiry_reply_workdays__gte=1, inquiry_reply_workdays__lte=60)
                & Q(admonition_effect_months__gte=1, admonition_effect_months__lte=60)
                & Q(rectification_plan_days__gte=1)
                & Q(rectification_months__gte=1, rectification_months__lte=24),
                name="cadres_talksettings_ranges",
                violation_error_code="out_of_range",
            )
        ]

    def __str__(self) -> str:
        return str(self.body)


class TalkCounter(models.Model):
    """The last number of a body's talks and letters in a year."""

    body = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["body", "year"], name="cadres_talkcounter_once")]

    def __str__(self) -> str:
        return f"{self.body_id}/{self.year}: {self.last}"


class Talk(BaseModel):
    """谈话函询: one talk or inquiry letter, its approval, notice, record or reply, rectification and
    follow-up. Content fields (record, reply, plan, follow-ups) are confidential to the discipline
    office, and for a letter to its subject, until concluded (SUP-248)."""

    body = models.ForeignKey("org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    seq = models.PositiveIntegerField(_("序号"))
    number = models.CharField(_("编号"), max_length=60)
    kind = models.CharField(_("类别"), max_length=30, choices=Kind.choices)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    subject = models.ForeignKey(
        USER,
        verbose_name=_("谈话（函询）对象"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cadre_talks",
    )
    subject_post = models.CharField(_("职务"), max_length=100, blank=True, default="")
    participants = models.ManyToManyField(
        USER, verbose_name=_("参加谈话人员"), blank=True, related_name="collective_talks"
    )
    reason = models.TextField(_("事由"), help_text=_("约谈事由、诫勉原因或函询所涉问题的来源（SUP-244）"))
    outline = models.TextField(_("谈话提纲"), blank=True, default="")
    questions = models.JSONField(_("函询问题"), default=list, blank=True)
    # What prompted it, by reference (e.g. an evaluation outcome): filled when that module exists.
    source_kind = models.CharField(
        _("来源类别"), max_length=20, choices=SourceKind.choices, blank=True, default=""
    )
    source_id = models.CharField(_("来源记录"), max_length=100, blank=True, default="")
    talker = models.ForeignKey(
        USER, verbose_name=_("谈话人"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Approval (SUP-244)
    approver = models.ForeignKey(
        USER, verbose_name=_("审批人"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    approval_opinion = models.TextField(_("审批意见"), blank=True, default="")
    # Notice (SUP-244)
    notice_issued_at = models.DateTimeField(_("通知时间"), null=True, blank=True)
    scheduled_at = models.DateTimeField(_("谈话时间"), null=True, blank=True)
    place = models.CharField(_("谈话地点"), max_length=200, blank=True, default="")
    notice_received_at = models.DateTimeField(_("收到函询通知时间"), null=True, blank=True)
    reply_workdays = models.PositiveSmallIntegerField(_("回复期限（工作日）"), null=True, blank=True)
    extension_workdays = models.PositiveSmallIntegerField(_("同意延长（工作日）"), default=0)
    extension_reason = models.TextField(_("延期理由"), blank=True, default="")
    extension_by = models.ForeignKey(
        USER, verbose_name=_("同意延期人"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reply_due_at = models.DateTimeField(_("回复期限"), null=True, blank=True)
    # Record (SUP-240, SUP-245)
    held_at = models.DateTimeField(_("谈话时间（实际）"), null=True, blank=True)
    recorder = models.ForeignKey(
        USER, verbose_name=_("记录人"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    record_content = models.TextField(_("谈话内容"), blank=True, default="")
    record_problems = models.TextField(_("指出的问题"), blank=True, default="")
    record_requirements = models.TextField(_("提出的要求"), blank=True, default="")
    effect_until = models.DateField(
        _("诫勉影响期至"), null=True, blank=True, help_text=_("此日（含）之前诫勉未解除（SUP-116（3））")
    )
    # Reply (SUP-247)
    reply_answers = models.JSONField(_("逐条说明"), default=list, blank=True)
    reply_measures = models.TextField(_("整改措施"), blank=True, default="")
    replied_at = models.DateTimeField(_("回复时间"), null=True, blank=True)
    replied_by = models.ForeignKey(
        USER, verbose_name=_("回复登记人"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reply_late = models.BooleanField(_("逾期回复"), default=False)
    # Rectification (SUP-238, SUP-241, SUP-246)
    plan_text = models.TextField(_("整改方案"), blank=True, default="")
    plan_submitted_at = models.DateTimeField(_("整改方案提交时间"), null=True, blank=True)
    plan_late = models.BooleanField(_("整改方案逾期"), default=False)
    rectify_by = models.DateField(_("整改期限"), null=True, blank=True)
    # Conclusion
    concluded_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    outcome = models.CharField(_("办理结果"), max_length=20, choices=Outcome.choices, blank=True, default="")
    escalation = models.CharField(
        _("另行处理方式"), max_length=20, choices=Escalation.choices, blank=True, default=""
    )
    conclusion = models.TextField(_("办结意见"), blank=True, default="")

    class Meta:
        verbose_name = _("谈话函询")
        verbose_name_plural = _("谈话函询")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=Kind.values),
                name="cadres_talk_kind_valid",
                violation_error_code="bad_kind",
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values),
                name="cadres_talk_status_valid",
                violation_error_code="bad_status",
            ),
            models.UniqueConstraint(fields=["body", "year", "seq"], name="cadres_talk_number_once"),
            # A collective integrity talk has participants; every other one a subject.
            models.CheckConstraint(
                condition=Q(kind=Kind.INTEGRITY_COLLECTIVE) | Q(subject__isnull=False),
                name="cadres_talk_subject_required",
                violation_error_code="subject_required",
            ),
            # SUP-244: the approver is the competent leader, never the subject.
            models.CheckConstraint(
                condition=Q(approver__isnull=True) | Q(subject__isnull=True) | ~Q(approver=F("subject")),
                name="cadres_talk_approver_not_subject",
                violation_error_code="approver_is_subject",
            ),
            # SUP-244: no notice before approval.
            models.CheckConstraint(
                condition=Q(notice_issued_at__isnull=True) | Q(approved_at__isnull=False),
                name="cadres_talk_notice_after_approval",
                violation_error_code="notice_before_approval",
            ),
            # SUP-247: only a letter has a written reply.
            models.CheckConstraint(
                condition=Q(replied_at__isnull=True) | Q(kind=Kind.INQUIRY),
                name="cadres_talk_reply_only_letters",
                violation_error_code="reply_not_letter",
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome__in=Outcome.values),
                name="cadres_talk_outcome_valid",
                violation_error_code="bad_outcome",
            ),
        ]
        indexes = [
            models.Index(fields=["body", "status", "-created_at"], name="cadres_talk_list_idx"),
            models.Index(fields=["subject", "kind"], name="cadres_talk_subject_idx"),
            models.Index(fields=["status", "reply_due_at"], name="cadres_talk_due_idx"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def scope_unit(self):
        return self.body

    @property
    def scope_unit_id(self):
        return self.body_id

    @property
    def subject_name(self) -> str:
        if self.subject_id is None:
            return "、".join(p.full_name or p.username for p in self.participants.all())
        return self.subject.full_name or self.subject.username

    @property
    def is_letter(self) -> bool:
        return self.kind == Kind.INQUIRY


class TalkFollowUp(BaseModel):
    """整改跟踪 (SUP-241, SUP-246): a check of the rectification, by the discipline office."""

    talk = models.ForeignKey(
        Talk, verbose_name=_("谈话函询"), on_delete=models.PROTECT, related_name="follow_ups"
    )
    at = models.DateTimeField(_("跟踪时间"))
    by = models.ForeignKey(USER, verbose_name=_("跟踪人"), on_delete=models.PROTECT, related_name="+")
    method = models.CharField(_("方式"), max_length=20, choices=FollowUpMethod.choices)
    finding = models.TextField(_("整改情况"))

    class Meta:
        verbose_name = _("整改跟踪")
        verbose_name_plural = _("整改跟踪")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(method__in=FollowUpMethod.values),
                name="cadres_talkfollowup_method_valid",
                violation_error_code="bad_method",
            )
        ]

    def __str__(self) -> str:
        return f"{self.talk_id} {self.at:%Y-%m-%d}"
