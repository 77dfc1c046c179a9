"""What the portal stores of its own: the daily checkpoints of the audit chain (审计校验点).

Everything else the portal shows belongs to other apps (the catalogue's published versions, the cases'
published results) and is read through their selectors."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sunshine.core.models import BaseModel


class AuditCheckpoint(BaseModel):
    """The audit chain's head as it stood on one day: how many records were linked (``count``, the
    head's ``seq``) and the head's hash. Published on the portal so that anyone who keeps an old one can
    later prove that the history up to it was not rewritten (docs/decisions/0002-audit-chain.md,
    ``sunshine audit verify --checkpoint COUNT:HASH``)."""

    day = models.DateField(_("日期"), unique=True)
    count = models.PositiveBigIntegerField(_("记录数"))
    head_hash = models.CharField(_("链头哈希"), max_length=64)
    taken_at = models.DateTimeField(_("记录时间"))

    class Meta:
        verbose_name = _("审计校验点")
        verbose_name_plural = _("审计校验点")
        ordering = ["-day"]
        constraints = [
            models.CheckConstraint(
                condition=Q(head_hash__regex=r"^[0-9a-f]{64}$"),
                name="disclosure_auditcheckpoint_hash_hex",
                violation_error_code="hash_not_hex",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.count}:{self.head_hash}"

    @property
    def checkpoint(self) -> str:
        """The argument of ``sunshine audit verify --checkpoint``."""
        return f"{self.count}:{self.head_hash}"
