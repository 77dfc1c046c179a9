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

from sunshine.cases.choices import ApplicantKind, CaseStatus, SuspensionKind, TaskStatus
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
        # The case list at 1,000,000 cases (issue #6): newest first, in a scope of departments, by state.
        indexes = [
            models.Index(fields=["-received_at"], name="cases_case_received_idx"),
            models.Index(fields=["department", "-received_at"], name="cases_case_dept_received_idx"),
            models.Index(fields=["status", "-received_at"], name="cases_case_status_received_idx"),
            models.Index(fields=["department", "status"], name="cases_case_dept_status_idx"),
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
        indexes = [
            models.Index(fields=["assignee", "status", "due_at"], name="cases_task_assignee_idx"),
            models.Index(fields=["post", "status", "due_at"], name="cases_task_post_idx"),
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
