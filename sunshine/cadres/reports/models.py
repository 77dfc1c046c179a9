"""外出请示报备 (absence and travel requests, SUP-14..18, SUP-220..230) and 个人重大事项报告 (personal
major-matter reports, SUP-231..235) of cadres (issue #9 §5). Rules live in ``reports.services``;
the routing (who approves what, by rank and length) in ``reports.routing``. Nothing is deleted: a
withdrawn request keeps its status and steps.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sunshine.core import clock
from sunshine.core.models import BaseModel

USER = settings.AUTH_USER_MODEL

__all__ = ["AbsenceChange", "AbsenceRequest", "AbsenceStep", "PersonalMatterReport", "ReportRules"]


class Rank(models.TextChoices):
    """The cadre's rank as his current posts give it (org.Post kind), highest first (SUP-220)."""

    PRINCIPAL = "principal", _("主要负责人")
    DEPUTY_LEADER = "deputy_leader", _("班子成员")
    SECTION_HEAD = "section_head", _("科室负责人")
    STAFF = "staff", _("其他干部")


class AbsenceKind(models.TextChoices):
    """What takes the cadre away (SUP-220 事项)."""

    BUSINESS = "business", _("因公外出")
    LEAVE = "leave", _("请假休假")
    STUDY = "study", _("离岗学习")
    EMERGENCY = "emergency", _("紧急临时外出")


class AbsenceStatus(models.TextChoices):
    PENDING = "pending", _("审批中")
    APPROVED = "approved", _("已批准")
    REFUSED = "refused", _("不予批准")
    WITHDRAWN = "withdrawn", _("已撤回")
    RETURNED = "returned", _("已销假")


class StepKind(models.TextChoices):
    CONSENT = "consent", _("出国（境）事先同意")
    AGREE = "agree", _("同意")
    APPROVE = "approve", _("审批")
    FILE = "file", _("备案")


class StepStatus(models.TextChoices):
    WAITING = "waiting", _("待办")
    DONE = "done", _("已办")
    REFUSED = "refused", _("不同意")
    CLOSED = "closed", _("不再办理")


class MatterType(models.TextChoices):
    """The reportable matters of SUP-232, (1) to (7)."""

    HOUSING = "housing", _("配偶、共同生活的子女营建、买卖、出租私房等")
    CEREMONY = "ceremony", _("本人或主要家庭成员操办婚丧喜庆事宜")
    BUSINESS = "business", _("配偶、子女经商办企业或承包租赁")
    OWN_ABROAD = "own_abroad", _("本人因私出国（境）及在国（境）外活动")
    FAMILY_ABROAD = "family_abroad", _("子女、直系亲属出国（境）探亲、定居、自费留学")
    FAMILY_OFFENCE = "family_offence", _("配偶、子女、父母等违法违纪或重大民事纠纷")
    OTHER = "other", _("其他可能引起群众议论的事项")


class MatterStatus(models.TextChoices):
    REPORTED = "reported", _("已报告")
    ACKNOWLEDGED = "acknowledged", _("领导已阅")


class ReportRules(BaseModel):
    """A body's numbers for these reports: the seeds' placeholders (seed 004 table of parameters),
    each with the default used when a body has no row (DOMAIN: never a constant in code). Days are
    calendar days (DOMAIN product default 1; SUP-228)."""

    body = models.OneToOneField(
        "org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="cadre_report_rules"
    )
    notice_days_principal = models.PositiveSmallIntegerField(
        _("主要负责人提前请示天数"), default=3, help_text=_("SUP-221：提前3天")
    )
    notice_days_deputy = models.PositiveSmallIntegerField(
        _("班子成员提前请示天数"), default=2, help_text=_("SUP-222：种子文件为“提前XX天”，由本单位设定")
    )
    notice_days_section = models.PositiveSmallIntegerField(
        _("科室负责人及其他干部提前请示天数"), default=1, help_text=_("SUP-223、SUP-230")
    )
    section_head_short_days = models.PositiveSmallIntegerField(
        _("科室负责人仅报分管领导的天数（含）"), default=2, help_text=_("SUP-223：超过的还须报主要负责人")
    )
    absence_written_days = models.PositiveSmallIntegerField(
        _("口头报备后补办书面手续天数"), default=3, help_text=_("SUP-229：产品默认值")
    )
    matter_days_before = models.PositiveSmallIntegerField(
        _("个人重大事项事前报告天数"), default=3, help_text=_("SUP-233：种子文件为“事前XX天”，由本单位设定")
    )
    matter_written_days = models.PositiveSmallIntegerField(
        _("个人重大事项事后书面补报天数"),
        default=5,
        help_text=_("SUP-233：口头报告后书面补报，种子文件为“事后XX天内”"),
    )

    class Meta:
        verbose_name = _("报告事项规则")
        verbose_name_plural = _("报告事项规则")

    def __str__(self) -> str:
        return str(self.body)


class AbsenceRequest(BaseModel):
    """《外出请示报备单》 (SUP-230): traveller, reason, time, place, the stand-in and his contact, the
    approvers (``steps``), the return (销假) and, for an oral report in an emergency (SUP-229), when
    it was completed in writing."""

    person = models.ForeignKey(USER, verbose_name=_("外出人"), on_delete=models.PROTECT, related_name="+")
    person_name = models.CharField(_("姓名"), max_length=50)
    post_name = models.CharField(_("职务"), max_length=100, blank=True)
    body = models.ForeignKey("org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    rank = models.CharField(_("类别"), max_length=20, choices=Rank.choices)
    kind = models.CharField(_("外出事由类别"), max_length=20, choices=AbsenceKind.choices)
    abroad = models.BooleanField(_("出国（境）"), default=False)
    destination = models.CharField(_("外出地点"), max_length=200)
    reason = models.TextField(_("外出事由"))
    start_date = models.DateField(_("起始日期"))
    end_date = models.DateField(_("结束日期"))
    days = models.PositiveSmallIntegerField(_("天数"), help_text=_("含节假日和双休日（SUP-228）"))
    contact_phone = models.CharField(_("外出期间联系电话"), max_length=30)
    stand_in = models.ForeignKey(
        USER, verbose_name=_("主持工作/AB角"), on_delete=models.PROTECT, related_name="+"
    )
    stand_in_post = models.CharField(_("代理人职务"), max_length=100, blank=True)
    stand_in_phone = models.CharField(_("代理人联系电话"), max_length=30)
    overlap_reason = models.TextField(_("党政主要负责人同时外出的理由"), blank=True)
    oral = models.BooleanField(_("紧急情况口头报告"), default=False)
    oral_reported_at = models.DateTimeField(_("口头报告时间"), null=True, blank=True)
    written_at = models.DateTimeField(_("书面报备时间"), null=True, blank=True)
    written_due = models.DateField(_("书面补办期限"), null=True, blank=True)
    written_days = models.PositiveSmallIntegerField(
        _("书面补办天数"),
        null=True,
        blank=True,
        help_text=_("报备时本单位的规定（SUP-229），日历变更后据此重算期限"),
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=AbsenceStatus.choices, default=AbsenceStatus.PENDING
    )
    decided_at = models.DateTimeField(_("审批完成时间"), null=True, blank=True)
    returned_on = models.DateField(_("返岗日期"), null=True, blank=True)
    returned_at = models.DateTimeField(_("销假时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("外出请示报备")
        verbose_name_plural = _("外出请示报备")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="cadres_absence_dates"
            ),
            models.CheckConstraint(condition=~Q(stand_in=models.F("person")), name="cadres_absence_stand_in"),
            models.CheckConstraint(
                condition=Q(status__in=AbsenceStatus.values), name="cadres_absence_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["person", "start_date"], name="cadres_absence_person_idx"),
            models.Index(fields=["body", "start_date"], name="cadres_absence_body_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person_name} {self.destination} {self.start_date:%Y-%m-%d}（{self.days}天）"

    @property
    def scope_unit(self):
        return self.body

    @property
    def written_late(self) -> bool:
        """SUP-229: an oral report completed in writing after its limit."""
        return bool(
            self.oral
            and self.written_at
            and self.written_due
            and clock.local(self.written_at).date() > self.written_due
        )

    def written_missing(self, today) -> bool:
        return bool(self.oral and self.written_at is None and self.written_due and today > self.written_due)

    @property
    def returned_late(self) -> bool:
        return bool(self.returned_on and self.returned_on > self.end_date + dt.timedelta(days=1))


class ChangeStatus(models.TextChoices):
    REPORTED = "reported", _("已补充报备")  # the route of the new length is the one already approved
    PENDING = "pending", _("补充请示审批中")  # the new length needs approvers the request did not have
    APPROVED = "approved", _("补充请示已批准")
    REFUSED = "refused", _("补充请示不予批准")  # the itinerary approved before stands


class AbsenceChange(BaseModel):
    """行程变更 (SUP-229): a change of itinerary while away, reported by the traveller, with the
    itinerary before and after. Where the new length routes to approvers the request did not have
    (SUP-17 tiers, SUP-223), their steps are added to the request (``steps``) as a supplementary
    request (补充请示); otherwise the change is a supplementary report (补充报备)."""

    request = models.ForeignKey(
        AbsenceRequest, verbose_name=_("外出请示"), on_delete=models.PROTECT, related_name="changes"
    )
    reported_at = models.DateTimeField(_("报备时间"))
    reason = models.TextField(_("变更理由"))
    old_destination = models.CharField(_("原外出地点"), max_length=200)
    new_destination = models.CharField(_("变更后外出地点"), max_length=200)
    old_end_date = models.DateField(_("原结束日期"))
    new_end_date = models.DateField(_("变更后结束日期"))
    old_days = models.PositiveSmallIntegerField(_("原天数"))
    new_days = models.PositiveSmallIntegerField(_("变更后天数"))
    status = models.CharField(_("状态"), max_length=20, choices=ChangeStatus.choices)

    class Meta:
        verbose_name = _("行程变更")
        verbose_name_plural = _("行程变更")
        ordering = ["request", "reported_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ChangeStatus.values), name="cadres_absence_change_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request_id} {self.new_destination} {self.new_end_date:%Y-%m-%d}"

    @property
    def scope_unit(self):
        return self.request.body


class AbsenceStep(models.Model):
    """One step of a request's route, in order: a named approver (``assignee``) or the body's office
    (``office_body``: anyone with ``cadres.organise`` there records a filing or an approval given
    outside the system, such as the city's)."""

    request = models.ForeignKey(AbsenceRequest, on_delete=models.PROTECT, related_name="steps")
    order = models.PositiveSmallIntegerField(_("顺序"))
    kind = models.CharField(_("环节"), max_length=20, choices=StepKind.choices)
    label = models.CharField(_("环节名称"), max_length=100)
    rule = models.CharField(_("依据"), max_length=30)
    assignee = models.ForeignKey(
        USER, verbose_name=_("审批人"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    office_body = models.ForeignKey(
        "org.Unit",
        verbose_name=_("办理机构"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=StepStatus.choices, default=StepStatus.WAITING
    )
    acted_by = models.ForeignKey(
        USER, verbose_name=_("办理人"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acted_at = models.DateTimeField(_("办理时间"), null=True, blank=True)
    opinion = models.TextField(_("意见"), blank=True)
    change = models.ForeignKey(
        AbsenceChange,
        verbose_name=_("行程变更"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="steps",
        help_text=_("补充请示的环节（SUP-229）"),
    )

    class Meta:
        verbose_name = _("外出审批环节")
        verbose_name_plural = _("外出审批环节")
        ordering = ["request", "order"]
        constraints = [
            models.UniqueConstraint(fields=["request", "order"], name="cadres_absence_step_once"),
            models.CheckConstraint(
                condition=Q(assignee__isnull=False) | Q(office_body__isnull=False),
                name="cadres_absence_step_has_actor",
            ),
        ]
        indexes = [models.Index(fields=["assignee", "status"], name="cadres_absence_step_todo_idx")]

    def __str__(self) -> str:
        return self.label


class PersonalMatterReport(BaseModel):
    """个人重大事项报告 (SUP-231..235): written before the matter, or orally first and in writing
    within the limit after it. Confidential: the cadre, the discipline office and ``leader`` only."""

    person = models.ForeignKey(USER, verbose_name=_("报告人"), on_delete=models.PROTECT, related_name="+")
    person_name = models.CharField(_("姓名"), max_length=50)
    post_name = models.CharField(_("职务"), max_length=100, blank=True)
    body = models.ForeignKey("org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    leading_cadre = models.BooleanField(
        _("领导干部"), default=False, help_text=_("须在民主生活会上通报（SUP-234）")
    )
    matter_type = models.CharField(_("事项类别"), max_length=20, choices=MatterType.choices)
    matter_date = models.DateField(_("事项时间"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    funds_source = models.CharField(_("经费来源"), max_length=200, blank=True)
    handling = models.TextField(_("操办方式"), blank=True)
    description = models.TextField(_("事项内容"))
    oral = models.BooleanField(_("先口头报告"), default=False)
    oral_reported_at = models.DateTimeField(_("口头报告时间"), null=True, blank=True)
    written_at = models.DateTimeField(_("书面报告时间"), null=True, blank=True)
    written_due = models.DateField(_("书面补报期限"), null=True, blank=True)
    written_days = models.PositiveSmallIntegerField(
        _("书面补报天数"),
        null=True,
        blank=True,
        help_text=_("报告时本单位的规定（SUP-233），日历变更后据此重算期限"),
    )
    leader = models.ForeignKey(
        USER, verbose_name=_("审阅领导"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=MatterStatus.choices, default=MatterStatus.REPORTED
    )
    acknowledged_at = models.DateTimeField(_("阅示时间"), null=True, blank=True)
    leader_opinion = models.TextField(_("领导意见"), blank=True)

    class Meta:
        verbose_name = _("个人重大事项报告")
        verbose_name_plural = _("个人重大事项报告")
        ordering = ["-matter_date", "-id"]
        indexes = [
            models.Index(fields=["person", "matter_date"], name="cadres_matter_person_idx"),
            models.Index(fields=["body", "matter_date"], name="cadres_matter_body_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person_name} {self.get_matter_type_display()} {self.matter_date:%Y-%m-%d}"

    @property
    def scope_unit(self):
        return self.body

    @property
    def written_late(self) -> bool:
        return bool(
            self.oral
            and self.written_at
            and self.written_due
            and clock.local(self.written_at).date() > self.written_due
        )

    def written_missing(self, today) -> bool:
        return bool(self.oral and self.written_at is None and self.written_due and today > self.written_due)
