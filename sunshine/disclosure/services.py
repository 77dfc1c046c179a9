"""Writes of the portal: the daily audit-chain checkpoint (PUB-8)."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from sunshine.core import clock
from sunshine.core.audit import audit_record, chain_head
from sunshine.disclosure.models import AuditCheckpoint


def checkpoint_record(*, actor=None) -> AuditCheckpoint:
    """Store today's checkpoint of the audit chain (count and head hash), once per day: a second call
    on the same day returns the one stored. Issue #8 §8 ("published every day"); the checkpoint is what
    ``sunshine audit verify --checkpoint COUNT:HASH`` checks against (ADR 0002).

    The head is the last *linked* record: in deferred link mode records written in the last moments
    are not in it yet and go into the next day's checkpoint."""
    today = clock.today()
    existing = AuditCheckpoint.objects.filter(day=today).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            count, head = chain_head()
            checkpoint = AuditCheckpoint.objects.create(
                day=today, count=count, head_hash=head, taken_at=clock.now(), created_by=actor
            )
            audit_record(actor=actor, action="disclosure.checkpoint_record", target=checkpoint)
    except IntegrityError:  # another worker stored today's first (unique day)
        return AuditCheckpoint.objects.get(day=today)
    return checkpoint
