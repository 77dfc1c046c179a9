"""How durably a case step commits on PostgreSQL (docs/decisions/0021-asynchronous-step-commit.md).

``SUNSHINE_STEP_COMMIT``:

* ``"fast"``: the step's transaction commits asynchronously (``synchronous_commit`` off for the
  transaction, as ``SET LOCAL`` would; set with ``set_config`` so that it can go in one round trip
  with the step's lock, core.prepared.batch): the step is answered without waiting for its WAL to
  reach the disk. PostgreSQL keeps the database consistent (no torn state, commit order kept); a
  server crash can lose the last few hundred milliseconds of acknowledged steps
  (3 x ``wal_writer_delay``).
* ``"durable"`` (default, ADR 0021 addendum): the step waits for the flush like every other
  transaction.

Only a step that is its own transaction (the outermost atomic block) is made fast: a step done
inside a larger transaction (a decision that completes its step) keeps that transaction durable.
Only in deferred audit-link mode: there the audit chain's head moves only in the linker's own,
durable transaction, whose flush carries every earlier commit with it, so no published head or
checkpoint can cover a record a crash loses; in inline mode the step itself would move the head.
SQLite ignores the setting.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection

from sunshine.core import prepared
from sunshine.core.audit import link_mode

MODES = ("fast", "durable")


def step_mode() -> str:
    """'fast' or 'durable' (settings.SUNSHINE_STEP_COMMIT)."""
    mode = getattr(settings, "SUNSHINE_STEP_COMMIT", "durable")
    if mode not in MODES:
        raise ValueError(f"SUNSHINE_STEP_COMMIT must be 'fast' or 'durable', not {mode!r}")
    return mode


def fast_step_commit() -> bool:
    """Call first inside a step's transaction: on PostgreSQL, in "fast" mode and when the step is its
    own transaction, its commit will not wait for the WAL flush. Returns whether it was set."""
    if connection.vendor != "postgresql" or step_mode() != "fast" or link_mode() != "deferred":
        return False
    if not connection.in_atomic_block or len(connection.atomic_blocks) != 1:
        return False  # no transaction of its own (autocommit), or part of a larger one
    # is_local: ends with the transaction; a SELECT, so prepared and sent with a batch's statements
    prepared.send("SELECT set_config('synchronous_commit', 'off', true)", [])
    return True
