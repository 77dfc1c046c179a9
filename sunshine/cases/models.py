"""Cases (办件): one application or matter handled along the published flowchart of a power.

The power version in force when the case was registered is pinned to it (``power_version``): a
later version never changes a running case. ``workflow_state`` is SpiffWorkflow's serialized state
between steps (flows.engine.executor); each ready user step is a CaseTask for the post of its lane.
Rules live in cases.services.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sunshine.cases.choices import (
    ApplicantKind,
    CaseStatus,
    HearingAnswer,
    PenaltyAuthority,
    PreFilingReason,
    SuspensionKind,
    TaskStatus,
)
from sunshine.cases.outcome.choices import DecisionKind, PenaltyMeasure, ServiceMethod
from sunshine.core.models import BaseModel


class Case(BaseModel):
    body = models.ForeignKey(
        "org.Unit", verbose_name=_("办理单位"), on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        "org.Unit", verbose_name=_("承办科室"), on_delete=models.PROTECT, related_name="cases"
    )
    power_version = models.ForeignKey(
        "catalog.PowerVersion", verbose_name=_("职权事项"), on_delete=models.PROTECT, related_name="cases"
    )
    number = models.CharField(_("受理编号"), max_length=40, unique=True)
    check_code = models.CharField(_("查询码"), max_length=8)
    subject = models.CharField(_("事由"), max_length=300)
    applicant_kind = models.CharField(_("申请人类型"), max_length=20, choices=ApplicantKind.choices)
    applicant_name = models.CharField(_("申请人"), max_length=200)
    applicant_id_number = models.CharField(_("证件号码"), max_length=50, blank=True)
    applicant_contact = models.CharField(_("联系方式"), max_length=100)
    status = models.CharField(
        _("状态"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.RECEIVED
    )
    received_at = models.DateTimeField(_("收件时间"))
    first_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("首问责任人"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    deemed_accepted = models.BooleanField(_("逾期未告知视为受理"), default=False)
    due_at = models.DateTimeField(_("办结期限"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    workflow_state = models.TextField(_("流程状态"), editable=False)

    class Meta:
        verbose_name = _("办件")
        verbose_name_plural = _("办件")
        ordering = ["-received_at"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=CaseStatus.values), name="cases_case_status_valid"),
        ]
        # The case list at 1,000,000 cases (issue #6): newest first (the id breaks ties), per
        # department of the scope and by state; a page's ids come from the index alone
        # (cases.selectors.case_list). PostgreSQL also has trigram indexes for the keyword (0009).
        indexes = [
            models.Index(fields=["-received_at", "-id"], name="cases_case_newest_idx"),
            models.Index(fields=["department", "-received_at", "-id"], name="cases_case_dept_newest_idx"),
            models.Index(fields=["status", "-received_at", "-id"], name="cases_case_status_newest_idx"),
            models.Index(
                fields=["department", "status", "-received_at", "-id"], name="cases_case_dept_st_newest_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    @property
    def scope_unit(self):
        return self.department

    @property
    def scope_unit_id(self):  # org.backends reads the unit by id, cached per actor
        return self.department_id


class CaseMaterial(models.Model):
    """A material of the pinned power version and whether the applicant has handed it in."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="materials")
    name = models.CharField(_("材料名称"), max_length=200)
    required = models.BooleanField(_("必须提交"), default=True)
    received_at = models.DateTimeField(_("收到时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("办件材料")
        verbose_name_plural = _("办件材料")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class CorrectionNotice(BaseModel):
    """The one-time notice (一次性告知, CASE-105): every missing material at once, one per
    submission, within 5 working days of receipt or the case counts as accepted on receipt."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="notice")
    missing = models.JSONField(_("需补正材料"))
    note = models.TextField(_("补正要求"), blank=True)
    given_at = models.DateTimeField(_("告知时间"))
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("告知人"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    completed_at = models.DateTimeField(_("补正齐全时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("一次性告知书")
        verbose_name_plural = _("一次性告知书")

    def __str__(self) -> str:
        return str(self.case)


class CaseTask(BaseModel):
    """A step of a case waiting for (or done by) the post of its lane."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="tasks")
    spiff_id = models.CharField(_("引擎任务"), max_length=64)
    element_id = models.CharField(_("环节"), max_length=100)
    name = models.CharField(_("环节名称"), max_length=200)
    lane = models.CharField(_("岗位泳道"), max_length=200, blank=True)
    post = models.ForeignKey(
        "org.Post",
        verbose_name=_("承办岗位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(_("状态"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    opened_at = models.DateTimeField(_("到达时间"))
    due_at = models.DateTimeField(_("办理期限"), null=True, blank=True)
    time_limit = models.PositiveIntegerField(_("时限"), null=True, blank=True)
    time_unit = models.CharField(_("时限单位"), max_length=20, blank=True)
    completed_at = models.DateTimeField(_("办理时间"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("实际办理人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    opinion = models.TextField(_("办理意见"), blank=True)
    choice = models.CharField(_("办理结果"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("办理环节")
        verbose_name_plural = _("办理环节")
        ordering = ["opened_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "spiff_id"], name="cases_task_once"),
            models.CheckConstraint(condition=Q(status__in=TaskStatus.values), name="cases_task_status_valid"),
        ]
        # "My tasks" at 1,000,000 cases (issue #6): the open steps of a person and those waiting
        # for a post, soonest due first, a page's ids from the index alone (cases.selectors.my_tasks).
        indexes = [
            models.Index(
                fields=["assignee", "due_at", "opened_at", "id"],
                condition=Q(status="open"),
                name="cases_task_mine_open_idx",
            ),
            models.Index(
                fields=["post", "due_at", "opened_at", "id"],
                condition=Q(status="open", assignee__isnull=True),
                name="cases_task_post_open_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} {self.name}"

    @property
    def scope_unit(self):
        return self.case.department

    @property
    def scope_unit_id(self):  # org.backends reads the unit by id, cached per actor
        return self.case.department_id


class Suspension(BaseModel):
    """A span during which the case's clock stood still (中止计时, CASE-114): correcting materials,
    rectification, a hearing, tests or expert review. An open one (no end) stops the clock now."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="suspensions")
    kind = models.CharField(_("中止事由"), max_length=20, choices=SuspensionKind.choices)
    note = models.TextField(_("说明"), blank=True)
    started_at = models.DateTimeField(_("中止时间"))
    ended_at = models.DateTimeField(_("恢复时间"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("恢复人"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("中止计时")
        verbose_name_plural = _("中止计时")
        ordering = ["started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(ended_at__isnull=True), name="cases_one_open_suspension"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_kind_display()}"


class Extension(BaseModel):
    """An extension of the case's time limit, approved in writing by the body's principal leader
    (延期, CASE-115): at most 10 working days in all, and never past the statutory limit (CASE-117)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="extensions")
    amount = models.PositiveSmallIntegerField(_("延长工作日"))
    reason = models.TextField(_("延期理由"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("批准人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("延期")
        verbose_name_plural = _("延期")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.case.number} +{self.amount}"


class PenaltyExtension(BaseModel):
    """An approved extension of a penalty case's duration (办案期限延期, CASE-157): the new total in
    calendar days counted from filing, by the bureau's principal leader (at most 90 in all) or, in
    special cases, by the superior (municipal) bureau (at most 180 in all), recorded with its
    written approval. Rules in cases.penalty."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="penalty_extensions")
    total_days = models.PositiveSmallIntegerField(_("延长后办案期限（日）"))
    authority = models.CharField(_("批准机关"), max_length=20, choices=PenaltyAuthority.choices)
    document = models.CharField(_("批准文书"), max_length=200, blank=True)
    reason = models.TextField(_("延期理由"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("处罚案件延期")
        verbose_name_plural = _("处罚案件延期")
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(authority__in=PenaltyAuthority.values), name="cases_penalty_ext_authority_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} {self.total_days}"


class PreFiling(BaseModel):
    """先行调查取证 (CASE-146): a penalty case investigated before filing, for out-of-area enforcement
    or a matter needing immediate action; its 立案审批表 is then backfilled within 5 working days.
    Marked at registration, never deleted."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="pre_filing")
    reason = models.CharField(_("先行调查取证事由"), max_length=20, choices=PreFilingReason.choices)
    note = models.TextField(_("情况说明"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("先行调查取证")
        verbose_name_plural = _("先行调查取证")

    def __str__(self) -> str:
        return self.get_reason_display()


class NoticeLapse(BaseModel):
    """The correction period of a one-time notice ran out without the materials (逾期未补正): the
    case was ended as not accepted (cases.notice_deadline, CASE-105)."""

    notice = models.OneToOneField(CorrectionNotice, on_delete=models.PROTECT, related_name="lapse")
    due_at = models.DateTimeField(_("补正期限"))
    ended_at = models.DateTimeField(_("终止时间"))
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("经办人"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("逾期未补正")
        verbose_name_plural = _("逾期未补正")

    def __str__(self) -> str:
        return str(self.notice)


class Investigator(BaseModel):
    """An enforcement officer who investigated a penalty case (调查取证, CASE-147): recorded when the
    investigation step is done, at least two holders of the body's enforcement post."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="investigators")
    task = models.ForeignKey(
        CaseTask, verbose_name=_("调查取证环节"), on_delete=models.PROTECT, related_name="investigators"
    )
    person = models.ForeignKey(
        "org.Person", verbose_name=_("执法人员"), on_delete=models.PROTECT, related_name="+"
    )
    post = models.ForeignKey(
        "org.Post", verbose_name=_("执法岗位"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("调查取证执法人员")
        verbose_name_plural = _("调查取证执法人员")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["task", "person"], name="cases_investigator_once"),
        ]

    def __str__(self) -> str:
        return str(self.person)


class HearingNotice(BaseModel):
    """The notice of the right to a hearing before a major penalty (听证告知, CASE-149): the proposed
    penalty, when and how the party was told, the period to ask (``request_due``) and the party's
    answer. A new notice (the proposed penalty changed, CASE-150 4.) supersedes the earlier one."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="hearing_notices")
    measure = models.CharField(_("拟处罚种类"), max_length=30, choices=PenaltyMeasure.choices)
    amount = models.DecimalField(
        _("拟罚款金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    measure_text = models.CharField(_("拟处罚内容"), max_length=300, blank=True)
    method = models.CharField(_("告知方式"), max_length=20, choices=ServiceMethod.choices)
    given_at = models.DateTimeField(_("告知时间"))
    request_days = models.PositiveSmallIntegerField(_("要求听证期限（日）"))
    request_due = models.DateTimeField(_("要求听证截止"))
    answer = models.CharField(
        _("当事人答复"), max_length=20, choices=HearingAnswer.choices, default=HearingAnswer.PENDING
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answer_note = models.TextField(_("答复说明"), blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("告知人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("听证告知")
        verbose_name_plural = _("听证告知")
        ordering = ["given_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answer__in=HearingAnswer.values), name="cases_hearing_answer_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_measure_display()}"


class Hearing(BaseModel):
    """A hearing held on the party's request (听证, CASE-150): organised and chaired by the body's
    office or legal function, never by an investigator of the case; who attended, the transcript
    (听证笔录) and the hearing opinion of the 听证会报告书."""

    notice = models.OneToOneField(HearingNotice, on_delete=models.PROTECT, related_name="hearing")
    held_at = models.DateTimeField(_("听证时间"))
    place = models.CharField(_("听证地点"), max_length=200)
    chair = models.ForeignKey(
        "org.Person", verbose_name=_("听证主持人"), on_delete=models.PROTECT, related_name="+"
    )
    attendees = models.TextField(_("参加人员"))
    record = models.TextField(_("听证笔录"))
    opinion = models.TextField(_("听证意见"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("听证")
        verbose_name_plural = _("听证")

    def __str__(self) -> str:
        return f"{self.notice.case.number} {self.held_at:%Y-%m-%d}"


# --- The outcome of a case (issue #6 §1, §4; rules in cases.outcome) ----------------------------------


class Decision(BaseModel):
    """The decision (决定) recorded by the case's deciding step: approve, refuse, or a penalty with an
    amount and/or a measure, its circumstance tier of the pinned version's discretion benchmark
    (CAT-127, CASE-143) and, outside the tier's range, the written reason (CAT-128)."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="decision")
    task = models.ForeignKey(
        CaseTask, verbose_name=_("决定环节"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    kind = models.CharField(_("决定"), max_length=20, choices=DecisionKind.choices)
    measure = models.CharField(_("处罚种类"), max_length=30, choices=PenaltyMeasure.choices, blank=True)
    measure_text = models.CharField(_("处罚内容"), max_length=300, blank=True)
    amount = models.DecimalField(_("罚款金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    tier = models.ForeignKey(
        "catalog.DiscretionTier",
        verbose_name=_("裁量档次"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    out_of_range = models.BooleanField(_("超出裁量幅度"), default=False)
    range_reason = models.TextField(_("超出裁量幅度的理由"), blank=True)
    reasons = models.TextField(_("事实和理由"))
    legal_basis = models.TextField(_("法律依据"))
    rights = models.TextField(_("权利告知"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("决定人"), on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("决定时间"))

    class Meta:
        verbose_name = _("决定")
        verbose_name_plural = _("决定")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=DecisionKind.values), name="cases_decision_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_kind_display()}"

    @property
    def scope_unit(self):
        return self.case.department


class DecisionChange(models.Model):
    """A change of a decision after it was made (决定变更): before, after and the reason, never silent."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="changes")
    before = models.JSONField(_("变更前"))
    after = models.JSONField(_("变更后"))
    reason = models.TextField(_("变更理由"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("变更人"), on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("变更时间"))

    class Meta:
        verbose_name = _("决定变更")
        verbose_name_plural = _("决定变更")
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.decision} {self.changed_at:%Y-%m-%d}"


class Delivery(BaseModel):
    """Service of the decision document (送达, CASE-153, CASE-33): how, to whom, when, the proof, and
    the deadline counted in working days from the decision."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="deliveries")
    method = models.CharField(_("送达方式"), max_length=20, choices=ServiceMethod.choices)
    recipient = models.CharField(_("受送达人"), max_length=200)
    served_at = models.DateTimeField(_("送达时间"))
    proof = models.TextField(_("送达凭证"), blank=True)
    due_on = models.DateField(_("送达期限"))
    late = models.BooleanField(_("超期送达"), default=False)
    served_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("送达人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("送达")
        verbose_name_plural = _("送达")
        ordering = ["served_at", "id"]

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_method_display()}"


class Publication(BaseModel):
    """Publication of the result (结果公示, CASE-158, CASE-35, CASE-141): from ``starts_on`` for at
    least the rule's working days; ``earliest_end`` is the first day it may come down."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="publication")
    body = models.ForeignKey(
        "org.Unit", verbose_name=_("公示单位"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("公示标题"), max_length=300)
    content = models.TextField(_("公示内容"))
    channel = models.CharField(_("公示渠道"), max_length=200)
    starts_on = models.DateField(_("公示开始"))
    min_workdays = models.PositiveSmallIntegerField(_("最少公示工作日"))
    earliest_end = models.DateField(_("最早结束日期"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("公示人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("结果公示")
        verbose_name_plural = _("结果公示")
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["body", "starts_on"], name="cases_publication_body_idx")]

    def __str__(self) -> str:
        return self.title


class Archive(BaseModel):
    """The closed case's file (归档, CASE-156): its file number in the uniform dossier and who filed it.
    An archived case takes no further outcome changes."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="archive")
    file_number = models.CharField(_("档案号"), max_length=60, unique=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("归档人"), on_delete=models.PROTECT, related_name="+"
    )
    archived_at = models.DateTimeField(_("归档时间"))
    note = models.TextField(_("卷宗说明"), blank=True)

    class Meta:
        verbose_name = _("归档")
        verbose_name_plural = _("归档")

    def __str__(self) -> str:
        return self.file_number


class RecordFiling(BaseModel):
    """备案 of a major penalty with the superior bureau after archiving (CASE-156, CASE-159 step 9):
    when, to whom, under which document number and by whom. Recorded once, never deleted."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="record_filing")
    filed_on = models.DateField(_("备案日期"))
    recipient = models.CharField(_("备案机关"), max_length=200)
    document_number = models.CharField(_("备案文号"), max_length=100)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("备案人"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("备案说明"), blank=True)

    class Meta:
        verbose_name = _("重大行政处罚备案")
        verbose_name_plural = _("重大行政处罚备案")

    def __str__(self) -> str:
        return self.document_number


class CaseDocument(models.Model):
    """A file attached to a step (or to the decision): kept under MEDIA_ROOT by its SHA-256, served only
    through cases.outcome's permission- and scope-checked download view."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    task = models.ForeignKey(
        CaseTask,
        verbose_name=_("环节"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"))

    class Meta:
        verbose_name = _("办件文书")
        verbose_name_plural = _("办件文书")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_unit(self):
        return self.case.department


# The task actions' records (退回, 转办, 委派, 代理, 抄送; rules in cases.actions).
from sunshine.cases.action_models import CaseCopy, Delegation, StandIn, TaskAction  # noqa: E402, F401

# 加签 and 会签/或签 (rules in cases.actions.sign).
from sunshine.cases.signer_models import HeldCompletion, Signature  # noqa: E402, F401
