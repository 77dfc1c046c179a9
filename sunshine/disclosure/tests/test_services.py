"""The daily checkpoint of the audit chain (issue #8 §8; ADR 0002)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError

from sunshine.core import clock
from sunshine.core.audit import audit_verify, chain_head, link_pending
from sunshine.core.models import AuditRecord
from sunshine.core.periodic import JOBS, run_due_jobs
from sunshine.disclosure.models import AuditCheckpoint
from sunshine.disclosure.services import checkpoint_record

pytestmark = pytest.mark.django_db


def test_the_checkpoint_is_the_chain_head_and_verifies(permit, as_system):
    link_pending()  # what the linker does in deferred mode (PostgreSQL); a no-op inline
    count, head = chain_head()
    checkpoint = checkpoint_record()
    assert (checkpoint.count, checkpoint.head_hash, checkpoint.day) == (count, head, clock.today())
    assert count > 0
    assert audit_verify(checkpoint=(checkpoint.count, checkpoint.head_hash)).ok
    assert AuditRecord.objects.filter(action="disclosure.checkpoint_record").count() == 1


def test_one_checkpoint_a_day(permit, as_system):
    first = checkpoint_record()
    again = checkpoint_record()
    assert again.pk == first.pk
    assert AuditCheckpoint.objects.count() == 1


def test_the_periodic_job_stores_todays_checkpoint(permit):
    job = JOBS["disclosure.checkpoint"]
    ran = run_due_jobs(jobs={job.name: job})
    assert ran == ["disclosure.checkpoint"]
    stored = AuditCheckpoint.objects.get()
    assert stored.day == clock.today()
    # the job runs hourly but stores one per day
    run_due_jobs(jobs={job.name: job}, now=clock.now() + dt.timedelta(hours=2))
    assert AuditCheckpoint.objects.count() == 1


def test_a_checkpoint_hash_must_be_hex(db):
    with pytest.raises(IntegrityError):
        AuditCheckpoint.objects.create(
            day=clock.today(), count=1, head_hash="not-a-hash", taken_at=clock.now()
        )
