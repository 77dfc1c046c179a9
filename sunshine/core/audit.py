"""The audit chain: write, link and verify hash-chained audit records (AUD-1).

Every service that changes state calls :func:`audit_record` inside its transaction. The record is
inserted with its canonical JSON ``payload``; linking gives it the next gap-free ``seq``, the previous
record's hash and its own SHA-256 over the *envelope*::

    {"body":<payload>,"id":<id>,"prev":"<prev_hash>","seq":<seq>}

(canonical JSON too: keys in order, no spaces), so checking a record needs only string joins and one
hash, no re-serialisation. Linking happens in the same transaction (inline mode) or, in commit order,
moments later in :func:`link_pending`, run by the worker (deferred mode); see
docs/decisions/0002-audit-chain.md for why PostgreSQL uses the latter.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction

from sunshine.core import clock
from sunshine.core.canonical import canonical_json
from sunshine.core.models import GENESIS_HASH, AuditRecord

ACTION_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
OBJECT_ID_RE = re.compile(r"^[A-Za-z0-9_.:@-]{1,64}$")
# Serialises linkers on PostgreSQL; any fixed 64-bit number unique to this purpose.
LINK_LOCK_KEY = 0x53554E5348494E45  # "SUNSHINE"
LINK_BATCH = 5000

# Request context (IP address, user agent) set by core.middleware.AuditContextMiddleware.
_context: contextvars.ContextVar[dict[str, str]] = contextvars.ContextVar("audit_context", default={})  # noqa: B039


@contextlib.contextmanager
def audit_context(**values: str) -> Iterator[None]:
    token = _context.set({**_context.get(), **{k: v for k, v in values.items() if v}})
    try:
        yield
    finally:
        _context.reset(token)


# --- Writing --------------------------------------------------------------------------------------

SECRET_FIELDS = frozenset({"password", "key_hash"})


def audit_snapshot(obj: models.Model, *, fields: list[str] | None = None) -> dict[str, Any]:
    """The stored values of ``obj`` as plain data (foreign keys as ids), secrets left out."""
    data: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if f.name in SECRET_FIELDS or (fields is not None and f.name not in fields):
            continue
        value = getattr(obj, f.attname)
        if isinstance(value, models.fields.files.FieldFile):
            value = value.name
        data[f.attname if f.is_relation else f.name] = value
    for f in obj._meta.many_to_many:
        if fields is not None and f.name not in fields:
            continue
        if obj.pk is not None:
            data[f.name] = sorted(getattr(obj, f.name).values_list("pk", flat=True))
    return data


_UNSET: Any = object()


def audit_record(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
    label: str | None = None,
    before: dict | None = None,
    after: Any = _UNSET,
    note: str = "",
    extra: dict | None = None,
) -> AuditRecord:
    """Write one audit record in the current transaction (or its own, outside one).

    ``actor`` is the acting account, or None for the system itself (commands, scans). ``before`` is
    the snapshot taken before the change; ``after`` defaults to the target's snapshot now.
    """
    if not ACTION_RE.match(action):
        raise ValueError(f"audit action {action!r} must look like 'app.verb'")
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = target.pk
        label = label if label is not None else str(target)
        if after is _UNSET:
            after = audit_snapshot(target)
    if after is _UNSET:
        after = None
    object_type = object_type or "-"
    object_id = "-" if object_id is None else str(object_id)
    if not OBJECT_ID_RE.match(object_id):
        raise ValueError(f"audit object id {object_id!r} is not a plain identifier")

    at = clock.now()
    actor_id = actor.pk if actor is not None else None
    body = {
        "action": action,
        "actor": (
            {"id": actor_id, "name": actor.full_name, "username": actor.username}
            if actor is not None
            else None
        ),
        "after": after,
        "at": at,
        "before": before,
        "context": _context.get() or None,
        "extra": extra or None,
        "note": note or None,
        "object": {"id": object_id, "label": (label or "")[:200], "type": object_type},
    }
    payload = canonical_json(body)
    with transaction.atomic(savepoint=False):
        record = AuditRecord(
            created_at=at,
            actor_id=actor_id,
            action=action,
            object_type=object_type,
            object_id=object_id,
            payload=payload,
        )
        record.save(force_insert=True)
        if settings.AUDIT_LINK_MODE == "inline":
            link_pending()
            record.refresh_from_db(fields=["seq", "prev_hash", "hash"])
    return record


# --- Linking --------------------------------------------------------------------------------------


def envelope(*, seq: int, record_id: int, prev_hash: str, payload: str) -> str:
    """The exact text whose SHA-256 is a record's hash (canonical JSON, keys in order)."""
    return f'{{"body":{payload},"id":{record_id},"prev":"{prev_hash}","seq":{seq}}}'


def record_hash(*, seq: int, record_id: int, prev_hash: str, payload: str) -> str:
    text = envelope(seq=seq, record_id=record_id, prev_hash=prev_hash, payload=payload)
    return hashlib.sha256(text.encode()).hexdigest()


def _chain_head(cursor) -> tuple[int, str]:
    table = AuditRecord._meta.db_table
    cursor.execute(f"SELECT seq, hash FROM {table} WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1")
    row = cursor.fetchone()
    return (row[0], row[1]) if row else (0, GENESIS_HASH)


def link_pending(*, batch: int = LINK_BATCH) -> int:
    """Link every committed unlinked record into the chain, oldest first; return how many.

    Runs in its own short transaction (or the caller's, in inline mode). On PostgreSQL an advisory
    lock makes linkers take turns; on SQLite the IMMEDIATE transaction already does.
    """
    table = AuditRecord._meta.db_table
    total = 0
    while True:
        with transaction.atomic(savepoint=False), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LINK_LOCK_KEY])
            seq, prev = _chain_head(cursor)
            cursor.execute(f"SELECT id, payload FROM {table} WHERE seq IS NULL ORDER BY id LIMIT %s", [batch])
            rows = cursor.fetchall()
            if not rows:
                return total
            links = []
            for record_id, payload in rows:
                seq += 1
                digest = record_hash(seq=seq, record_id=record_id, prev_hash=prev, payload=payload)
                links.append((record_id, seq, prev, digest))
                prev = digest
            _write_links(cursor, table, links)
            total += len(rows)
        if len(rows) < batch:
            return total


def _write_links(cursor, table: str, links: list[tuple[int, int, str, str]]) -> None:
    if connection.vendor == "postgresql":
        values = ",".join(["(%s::bigint,%s::bigint,%s,%s)"] * len(links))
        params = [value for link in links for value in link]
        cursor.execute(
            f"UPDATE {table} AS a SET seq = v.seq, prev_hash = v.prev, hash = v.hash "
            f"FROM (VALUES {values}) AS v(id, seq, prev, hash) WHERE a.id = v.id AND a.seq IS NULL",
            params,
        )
    else:
        cursor.executemany(
            f"UPDATE {table} SET seq = %s, prev_hash = %s, hash = %s WHERE id = %s AND seq IS NULL",
            [(seq, prev, digest, record_id) for record_id, seq, prev, digest in links],
        )
    if cursor.rowcount != len(links):  # someone linked these meanwhile: never possible under the lock
        raise RuntimeError("audit linking raced; chain head changed under the lock")


# --- Verifying ------------------------------------------------------------------------------------


@dataclass
class VerifyReport:
    ok: bool
    count: int = 0
    head_hash: str = GENESIS_HASH
    pending: int = 0
    oldest_pending_at: dt.datetime | None = None
    problems: list[str] = field(default_factory=list)
    first_bad_seq: int | None = None

    def summary(self) -> str:
        if self.ok:
            return f"OK {self.count} {self.head_hash}"
        return f"BROKEN at seq {self.first_bad_seq}: {self.problems[0]}"


def audit_verify(*, checkpoint: tuple[int, str] | None = None, page: int = 20000) -> VerifyReport:
    """Walk the chain and report the first record whose sequence, link, hash or columns are wrong.

    ``checkpoint`` (count, hash), e.g. a published one, also proves that no record at or before it
    has been removed from the end of the chain.
    """
    table = AuditRecord._meta.db_table
    report = VerifyReport(ok=True)
    expected_seq, prev = 1, GENESIS_HASH
    sha256 = hashlib.sha256
    with connection.cursor() as cursor:
        last_seq = 0
        while report.ok:
            cursor.execute(
                f"SELECT seq, id, prev_hash, hash, payload FROM {table} WHERE seq > %s ORDER BY seq LIMIT %s",
                [last_seq, page],
            )
            rows = cursor.fetchall()
            if not rows:
                break
            for seq, record_id, prev_hash, digest, payload in rows:
                problem = None
                if seq != expected_seq:
                    problem = f"sequence gap: expected {expected_seq}, found {seq} (record id {record_id})"
                elif prev_hash != prev:
                    problem = f"record {seq} (id {record_id}) does not link to record {seq - 1}"
                elif (
                    sha256(
                        f'{{"body":{payload},"id":{record_id},"prev":"{prev_hash}","seq":{seq}}}'.encode()
                    ).hexdigest()
                    != digest
                ):
                    problem = f"record {seq} (id {record_id}) does not match its hash"
                if problem:
                    report.ok, report.first_bad_seq = False, seq
                    report.problems.append(problem)
                    break
                prev = digest
                expected_seq += 1
            last_seq = rows[-1][0]
        report.count = expected_seq - 1
        report.head_hash = prev

        bad = _first_inconsistent_columns(cursor, table)
        if bad is not None and (report.first_bad_seq is None or bad[0] < report.first_bad_seq):
            report.ok, report.first_bad_seq = False, bad[0]
            report.problems.insert(
                0, f"record {bad[0]} (id {bad[1]}): filter columns differ from its payload"
            )

        cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE seq IS NULL")
        report.pending = cursor.fetchone()[0]
    if report.pending:
        oldest = AuditRecord.objects.filter(seq__isnull=True).order_by("id").first()
        report.oldest_pending_at = oldest.created_at if oldest else None

    if report.ok and checkpoint is not None:
        count, expected_hash = checkpoint
        found = AuditRecord.objects.filter(seq=count).values_list("hash", flat=True).first()
        if found != expected_hash:
            report.ok, report.first_bad_seq = False, count
            report.problems.append(f"checkpoint {count} does not match: the chain was cut or rewritten")
    return report


def _first_inconsistent_columns(cursor, table: str) -> tuple[int, int] | None:
    """The first linked record whose derived columns no longer agree with its hashed payload."""
    if connection.vendor == "postgresql":
        cursor.execute(
            f"""
            SELECT seq, id FROM (
              SELECT seq, id, created_at, actor_id, action, object_type, object_id, payload::jsonb AS j
              FROM {table} WHERE seq IS NOT NULL
            ) r
            WHERE r.action IS DISTINCT FROM r.j->>'action'
               OR r.object_type IS DISTINCT FROM r.j->'object'->>'type'
               OR r.object_id IS DISTINCT FROM r.j->'object'->>'id'
               OR r.actor_id IS DISTINCT FROM (r.j->'actor'->>'id')::bigint
               OR r.created_at IS DISTINCT FROM (r.j->>'at')::timestamptz
            ORDER BY seq LIMIT 1
            """
        )
    else:
        # Django keeps SQLite datetimes as 'YYYY-MM-DD HH:MM:SS[.ffffff]' (UTC); the payload as
        # 'YYYY-MM-DDTHH:MM:SS.ffffffZ'. Compare the texts, microseconds included.
        cursor.execute(
            f"""
            SELECT seq, id FROM {table}
            WHERE seq IS NOT NULL AND (
                 action IS NOT json_extract(payload, '$.action')
              OR object_type IS NOT json_extract(payload, '$.object.type')
              OR object_id IS NOT json_extract(payload, '$.object.id')
              OR actor_id IS NOT json_extract(payload, '$.actor.id')
              OR (CASE WHEN length(created_at) = 19 THEN created_at || '.000000' ELSE created_at END)
                 IS NOT replace(substr(json_extract(payload, '$.at'), 1, 26), 'T', ' ')
            )
            ORDER BY seq LIMIT 1
            """
        )
    return cursor.fetchone()
