"""Records of 加签 and 会签/或签 (issue #6 §3, ADR 0006; rules in cases.actions.sign): a
``Signature`` per person asked to sign a step, and the owner's completion held while "after"
co-signers have not signed (``HeldCompletion``). Imported by cases.models so that Django finds them."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sunshine.cases.action_models import _user
from sunshine.core.models import BaseModel


class SignPhase(models.TextChoices):
    BEFORE = "before", _("前加签")  # signs before the owner may complete the step
    AFTER = "after", _("后加签")  # signs after the owner; the last signature moves the flow on
    ALL = "all", _("会签")  # a countersign step: every signer signs
    ANY = "any", _("或签")  # a countersign step: any one signer signs


class SignOpinion(models.TextChoices):
    AGREE = "agree", _("同意")
    DISAGREE = "disagree", _("不同意")


class Signature(BaseModel):
    """One person asked to sign a step: pending until ``signed_at``; ``withdrawn_at`` when no longer
    needed (或签: another signer signed first; 会签: the handler named other signers)."""

    task = models.ForeignKey("cases.CaseTask", on_delete=models.PROTECT, related_name="signatures")
    signer = _user(_("签署人"), related_name="signatures")
    phase = models.CharField(_("签署方式"), max_length=10, choices=SignPhase.choices)
    requested_by = _user(_("加签人"), null=True)  # None: the step's post holders, by default
    note = models.TextField(_("加签说明"), blank=True)
    opinion = models.CharField(_("签署意见"), max_length=10, choices=SignOpinion.choices, blank=True)
    text = models.TextField(_("意见内容"), blank=True)
    signed_at = models.DateTimeField(_("签署时间"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("签署")
        verbose_name_plural = _("签署")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "signer"],
                condition=Q(signed_at__isnull=True, withdrawn_at__isnull=True),
                name="cases_one_pending_signature",
            ),
            models.CheckConstraint(
                condition=Q(phase__in=SignPhase.values), name="cases_signature_phase_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} {self.get_phase_display()} {self.signer}"

    @property
    def is_pending(self) -> bool:
        return self.signed_at is None and self.withdrawn_at is None


class HeldCompletion(BaseModel):
    """后加签: the owner has done the step (opinion, way out) but the flowchart waits until every
    "after" co-signer has signed; the last signature completes it with these values."""

    task = models.OneToOneField("cases.CaseTask", on_delete=models.PROTECT, related_name="held_completion")
    owner = _user(_("办理人"))
    on_behalf_of = _user(_("被代理人"), null=True)
    opinion = models.TextField(_("办理意见"), blank=True)
    choice = models.CharField(_("办理结果"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("待加签的办理")
        verbose_name_plural = _("待加签的办理")

    def __str__(self) -> str:
        return f"{self.task} ({self.owner})"
