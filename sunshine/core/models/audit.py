"""The audit chain (审计日志): one append-only table, each record hash-linked to the one before.

A record is written unlinked (``seq``/``prev_hash``/``hash`` empty) in the transaction of the state
change it describes, then linked: in that transaction (``AUDIT_LINK_MODE=inline``) or, in commit
order, moments later by the linker (``deferred``). ``payload`` is the exact canonical JSON text that is
hashed; the filter columns (time, actor, action, object) are derived from it and ``verify`` checks that
they still agree. See core.audit and docs/decisions/0002-audit-chain.md.
"""

from __future__ import annotations

import json
from functools import cached_property

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64
LINKED = models.Q(seq__isnull=False)


class AuditQuerySet(models.QuerySet):
    def delete(self):
        raise TypeError("audit records are never deleted (AUD-1)")

    def update(self, **kwargs):
        raise TypeError("audit records are never changed; only core.audit.link_pending links them (AUD-1)")


class AuditRecord(models.Model):
    id = models.BigAutoField(primary_key=True)
    seq = models.BigIntegerField(_("序号"), null=True, blank=True, editable=False)
    prev_hash = models.CharField(_("前一条哈希"), max_length=64, null=True, blank=True, editable=False)
    hash = models.CharField(_("哈希"), max_length=64, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("时间"), editable=False)
    # No foreign-key constraint in the database: checking it would lock the acting account's row
    # (FOR KEY SHARE) in every audited transaction, and two transactions of one account would then
    # share a lock. Accounts are never deleted (PROTECT still guards the ORM), the payload names the
    # actor, and verify checks that this column agrees with it.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        db_constraint=False,
        db_index=False,  # (actor, created_at) below serves every lookup by actor
    )
    action = models.CharField(_("操作"), max_length=100, editable=False)
    object_type = models.CharField(_("对象类型"), max_length=100, editable=False)
    object_id = models.CharField(_("对象编号"), max_length=64, editable=False)
    payload = models.TextField(_("内容"), editable=False)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        constraints = [
            models.UniqueConstraint(
                fields=["seq"], condition=models.Q(seq__isnull=False), name="core_auditrecord_seq_unique"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(seq__isnull=True, prev_hash__isnull=True, hash__isnull=True)
                    | models.Q(seq__gte=1, prev_hash__isnull=False, hash__isnull=False)
                ),
                name="core_auditrecord_linked_all_or_nothing",
                violation_error_code="audit_link_partial",
            ),
        ]
        # The business transaction pays for every index it touches. The browser's indexes (by time,
        # by person, by object) therefore cover linked records only: the linker, which rewrites each
        # record once anyway, fills them; the insert touches the primary key and the small index of
        # pending records alone. The action filter is a prefix match within these, no index of its own.
        indexes = [
            models.Index(fields=["created_at"], condition=LINKED, name="core_audit_time_idx"),
            models.Index(fields=["actor", "created_at"], condition=LINKED, name="core_audit_actor_idx"),
            models.Index(fields=["object_type", "object_id"], condition=LINKED, name="core_audit_object_idx"),
            # Small: only the records waiting for the linker.
            models.Index(fields=["id"], condition=models.Q(seq__isnull=True), name="core_audit_pending_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq or '-'} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("audit records are never changed (AUD-1)")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("audit records are never deleted (AUD-1)")

    @cached_property
    def data(self) -> dict:
        return json.loads(self.payload)

    @property
    def is_linked(self) -> bool:
        return self.seq is not None
