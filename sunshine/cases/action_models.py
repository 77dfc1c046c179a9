"""Records of the task actions of issue #6 §3 (rules in cases.actions): the log of every action
on a step, delegations (委派), stand-ins (代理) and copies to readers (抄送). Imported by
cases.models so that Django finds them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sunshine.core.models import BaseModel


class ActionKind(models.TextChoices):
    SEND_BACK = "send_back", _("退回")
    TRANSFER = "transfer", _("转办")
    DELEGATE = "delegate", _("委派")
    DELEGATE_REPLY = "delegate_reply", _("委派意见")
    TAKE_BACK = "take_back", _("收回")
    STAND_IN = "stand_in", _("代理办理")
    COPY = "copy", _("抄送")
    ADD_SIGNER = "add_signer", _("加签")  # cases.actions.sign
    SIGN = "sign", _("签署")
    SET_SIGNERS = "set_signers", _("指定会签人")


def _user(verbose_name, related_name="+", null=False):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        null=null,
        blank=null,
        related_name=related_name,
    )


class TaskAction(BaseModel):
    """One action on a step, shown on the case page (办理动作记录): who did it (``actor``), for whom
    when standing in (``on_behalf_of``, 代理 for X), the other person it concerned (transferee,
    delegate, reader), the step a send-back reopened, and the reason."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="task_actions")
    task = models.ForeignKey("cases.CaseTask", on_delete=models.PROTECT, related_name="actions")
    kind = models.CharField(_("动作"), max_length=20, choices=ActionKind.choices)
    actor = _user(_("操作人"))
    on_behalf_of = _user(_("被代理人"), null=True)
    person = _user(_("对象"), null=True)
    reopened = models.ForeignKey(
        "cases.CaseTask",
        verbose_name=_("退回至"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("理由或意见"), blank=True)

    class Meta:
        verbose_name = _("办理动作")
        verbose_name_plural = _("办理动作")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ActionKind.values), name="cases_taskaction_kind_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.task} {self.get_kind_display()}"


class Delegation(BaseModel):
    """委派: the owner of a step asks a colleague of the department for an opinion; the step waits
    (nobody completes it) until the delegate answers or the owner takes it back (收回)."""

    task = models.ForeignKey("cases.CaseTask", on_delete=models.PROTECT, related_name="delegations")
    owner = _user(_("委派人"))
    delegate = _user(_("受委派人"))
    note = models.TextField(_("委派说明"), blank=True)
    opinion = models.TextField(_("委派意见"), blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    taken_back_at = models.DateTimeField(_("收回时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("委派")
        verbose_name_plural = _("委派")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task"],
                condition=Q(replied_at__isnull=True, taken_back_at__isnull=True),
                name="cases_one_open_delegation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.task} → {self.delegate}"

    @property
    def is_open(self) -> bool:
        return self.replied_at is None and self.taken_back_at is None


class StandIn(BaseModel):
    """代理: while ``person`` is away (``starts_on`` to ``ends_on`` inclusive), ``stand_in`` may do
    their steps; every act is recorded as done for them. Revoked, never deleted."""

    person = _user(_("被代理人"), related_name="stand_ins")
    stand_in = _user(_("代理人"), related_name="standing_in_for")
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    reason = models.CharField(_("事由"), max_length=200)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("代理")
        verbose_name_plural = _("代理")
        ordering = ["-starts_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="cases_standin_dates"),
            models.CheckConstraint(condition=~Q(person=F("stand_in")), name="cases_standin_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.stand_in} → {self.person}"


class CaseCopy(BaseModel):
    """抄送: a reader given read access to one case (an exception to the data scope, SEC-7), listed
    under 抄送我的 until read."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="copies")
    task = models.ForeignKey("cases.CaseTask", on_delete=models.PROTECT, related_name="+")
    reader = _user(_("抄送对象"), related_name="case_copies")
    sent_by = _user(_("抄送人"))
    note = models.CharField(_("抄送说明"), max_length=500, blank=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("抄送")
        verbose_name_plural = _("抄送")
        ordering = ["-created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "reader"], name="cases_copy_once")]

    def __str__(self) -> str:
        return f"{self.case} → {self.reader}"
