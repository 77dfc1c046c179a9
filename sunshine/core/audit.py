"""The audit chain: write, link and verify hash-chained audit records (AUD-1).

Every service that changes state calls :func:`audit_record` inside its transaction. The record is
inserted with its canonical JSON ``payload``; linking gives it the next gap-free ``seq``, the previous
record's hash and its own SHA-256 over the *envelope*::

    {"body":<payload>,"id":<id>,"prev":"<prev_hash>","seq":<seq>}

(canonical JSON too: keys in order, no spaces), so checking a record needs only string joins and one
hash, no re-serialisation. Linking happens in the same transaction (inline mode) or, in commit order,
moments later in :func:`link_pending`, run by the worker's housekeeper (deferred mode); see
docs/decisions/0002-audit-chain.md for why PostgreSQL uses the latter.

:func:`audit_verify` walks the chain by ``seq`` (gaps, duplicates, links, hashes) and compares the
filter columns (time, actor, action, object) with the hashed payload in SQL, so that a change to any
column of a linked record is caught.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction

from sunshine.core import chain_walk, clock, prepared
from sunshine.core.canonical import canonical_json
from sunshine.core.models import GENESIS_HASH, AuditRecord
from sunshine.core.system import system_source

ACTION_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
OBJECT_ID_RE = re.compile(r"^[A-Za-z0-9_.:@-]{1,64}$")
OBJECT_TYPE_RE = re.compile(r"^[a-z0-9_.-]{1,100}$")
HASH_RE = re.compile(r"^[0-9a-f]{64}$")
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


def link_mode() -> str:
    """'inline' or 'deferred' (settings.AUDIT_LINK_MODE)."""
    mode = settings.AUDIT_LINK_MODE
    if mode not in ("inline", "deferred"):
        raise ValueError(f"AUDIT_LINK_MODE must be 'inline' or 'deferred', not {mode!r}")
    return mode


# --- Writing --------------------------------------------------------------------------------------

SECRET_FIELDS = frozenset({"password", "key_hash"})


def audit_snapshot(obj: models.Model, *, fields: list[str] | None = None) -> dict[str, Any]:
    """The stored values of ``obj`` as plain data (foreign keys as ids), secrets left out."""
    columns, files, many = _snapshot_plan(type(obj), None if fields is None else tuple(fields))
    data: dict[str, Any] = {key: getattr(obj, attname) for attname, key in columns}
    for key in files:
        if isinstance(data[key], models.fields.files.FieldFile):
            data[key] = data[key].name
    if many and obj.pk is not None:
        for name in many:
            data[name] = sorted(getattr(obj, name).values_list("pk", flat=True))
    return data


@functools.cache
def _snapshot_plan(model, fields: tuple[str, ...] | None) -> tuple[tuple, tuple, tuple]:
    """What :func:`audit_snapshot` reads of a model: (attribute, key) of each column, the keys of
    file columns, the many-to-many names. Worked out once: every state change snapshots its object
    two or three times, and a case step five times (issue #6 §11)."""
    kept = [
        f
        for f in model._meta.concrete_fields
        if f.name not in SECRET_FIELDS and (fields is None or f.name in fields)
    ]
    columns = tuple((f.attname, f.attname if f.is_relation else f.name) for f in kept)
    files = tuple(f.name for f in kept if isinstance(f, models.FileField))
    many = tuple(f.name for f in model._meta.many_to_many if fields is None or f.name in fields)
    return columns, files, many


_UNSET: Any = object()


def _record_context(actor) -> dict | None:
    """The request's context; for the system itself, also what acted (core.system)."""
    context = _context.get()
    if actor is None and (source := system_source()):
        context = {**context, "system": source}
    return context or None


def audit_record(*, actor, action: str, **fields) -> AuditRecord:
    """Write one audit record in the current transaction (or its own, outside one).

    ``actor`` is the acting account, or None for the system itself (commands, scans); ``action``
    looks like "app.verb". ``fields`` (those of :func:`_values`): the ``target`` (or
    ``object_type`` and ``object_id``), its ``label``, ``before`` (the snapshot taken before the
    change), ``after`` (defaults to the target's snapshot now), ``note`` and ``extra``.
    """
    values = _values(actor=actor, action=action, **fields)
    conn = connections[DEFAULT_DB_ALIAS]
    if link_mode() == "inline":
        with transaction.atomic(savepoint=False):
            record_id = _insert(conn, *values)
            link_pending()
            with conn.cursor() as cursor:
                cursor.execute(f"SELECT seq, prev_hash, hash FROM {_table()} WHERE id = %s", [record_id])
                links = cursor.fetchone()
    else:
        # Every state change comes through here: keep the hot path lean (no nested atomic when the
        # caller's transaction is open, no model __init__ with keywords below).
        links = (None, None, None)
        if conn.in_atomic_block:
            record_id = _insert(conn, *values)
        else:
            with transaction.atomic(savepoint=False):
                record_id = _insert(conn, *values)
    return AuditRecord.from_db(conn.alias, _FIELDS, (record_id, *links, *values))


def audit_records(entries: list[dict]) -> None:
    """Several records of one change (each given as :func:`audit_record`'s keywords), in this order:
    on PostgreSQL with deferred linking inside the caller's transaction, one statement for all (a
    case step writes three; inside core.prepared.batch it goes with the batch); otherwise one by
    one (after the batch: linking inline reads the chain)."""
    conn = connections[DEFAULT_DB_ALIAS]
    if link_mode() != "deferred" or conn.vendor != "postgresql" or not conn.in_atomic_block:

        def one_by_one() -> None:
            for entry in entries:
                audit_record(**entry)

        prepared.after(one_by_one, conn)
        return
    rows = [_values(**entry) for entry in entries]
    if rows:
        _insert_many(conn, rows)


def _values(
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
) -> tuple:
    """An audit record's column values, checked: (acted at, actor id, action, object type, object id,
    canonical payload)."""
    if not ACTION_RE.match(action):
        raise ValueError(f"audit action {action!r} must look like 'app.verb'")
    if target is not None:
        if target.pk is None:
            raise ValueError("audit target must be saved first: its id names it in the record")
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
    if not OBJECT_TYPE_RE.match(object_type):
        raise ValueError(f"audit object type {object_type!r} must look like 'app.model'")

    at = clock.now()
    actor_id = actor.pk if actor is not None else None
    # The key names put the filter columns at the two ends of the canonical text (keys are sorted):
    # {"acted_at":…,"action":…,"actor":{"id":…  at the start, …"id":…,"type":…}} at the end, so that
    # verify compares them with the columns as a prefix and a suffix, without parsing the JSON.
    body = {
        "acted_at": at,
        "action": action,
        "actor": (
            {"id": actor_id, "name": actor.full_name, "username": actor.username}
            if actor is not None
            else None
        ),
        "after": after,
        "before": before,
        "context": _record_context(actor),
        "extra": extra or None,
        "note": note or None,
        "object": {"caption": (label or "")[:200], "id": object_id, "type": object_type},
    }
    payload = canonical_json(body)
    return (at, actor_id, action, object_type, object_id, payload)


# The order of from_db's values above: id, the three link columns, then the _insert columns.
_FIELDS = [
    "id",
    "seq",
    "prev_hash",
    "hash",
    "created_at",
    "actor_id",
    "action",
    "object_type",
    "object_id",
    "payload",
]


_COLUMNS = "created_at, actor_id, action, object_type, object_id, payload"  # _values' order
_ROW = "(%s, %s, %s, %s, %s, %s)"
_INSERT = f"INSERT INTO {{table}} ({_COLUMNS}) VALUES {_ROW} RETURNING id"


def _insert(connection, *values) -> int:
    """Insert one unlinked record; return its id.

    Every state change of every module comes through here, so it is one plain INSERT: no ORM save
    (signals, field walks) and, on PostgreSQL, a prepared statement (core.prepared), so that the
    payload travels as a parameter instead of being quoted into the statement (Django's cursors bind
    on the client). This is most of what the audit record costs the business transaction.
    """
    at, *rest = values
    if connection.vendor == "postgresql":
        ids: list[int] = []
        sql = _INSERT.format(table=_table())
        prepared.send(sql, [at, *rest], lambda answer: ids.append(answer.fetchone()[0]), connection)
        if not ids:  # sent with an open batch: its id comes when the batch ends
            raise RuntimeError("audit_record inside core.prepared.batch: use audit_records")
        return ids[0]
    with connection.cursor() as cursor:
        cursor.execute(_INSERT.format(table=_table()), [connection.ops.adapt_datetimefield_value(at), *rest])
        return cursor.fetchone()[0]


def _insert_many(connection, rows: list[tuple]) -> None:
    """Insert several unlinked records with one prepared statement (PostgreSQL; with the open
    core.prepared.batch, if there is one)."""
    places = ", ".join([_ROW] * len(rows))
    params = [value for row in rows for value in row]
    prepared.send(f"INSERT INTO {_table()} ({_COLUMNS}) VALUES {places}", params, connection=connection)


# --- Linking --------------------------------------------------------------------------------------


def envelope(*, seq: int, record_id: int, prev_hash: str, payload: str) -> str:
    """The exact text whose SHA-256 is a record's hash (canonical JSON, keys in order)."""
    return f'{{"body":{payload},"id":{record_id},"prev":"{prev_hash}","seq":{seq}}}'


def record_hash(*, seq: int, record_id: int, prev_hash: str, payload: str) -> str:
    text = envelope(seq=seq, record_id=record_id, prev_hash=prev_hash, payload=payload)
    return hashlib.sha256(text.encode()).hexdigest()


def _table() -> str:
    return connection.ops.quote_name(AuditRecord._meta.db_table)


def chain_head() -> tuple[int, str]:
    """(seq, hash) of the last linked record; (0, GENESIS_HASH) for an empty chain."""
    with connection.cursor() as cursor:
        return _chain_head(cursor)


def _chain_head(cursor) -> tuple[int, str]:
    cursor.execute(f"SELECT seq, hash FROM {_table()} WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1")
    row = cursor.fetchone()
    return (row[0], row[1]) if row else (0, GENESIS_HASH)


def link_pending(*, batch: int = LINK_BATCH, wait: bool = True) -> int:
    """Link every committed unlinked record into the chain, oldest first; return how many.

    Each batch is its own short transaction (or part of the caller's, in inline mode). On PostgreSQL
    an advisory lock makes linkers take turns; with ``wait=False`` a linker that finds another one at
    work returns 0 at once instead of queueing behind it (the housekeeper of every worker process
    calls it several times a second). On SQLite the IMMEDIATE transaction already serialises them.

    Records are linked in the order the linker first sees them committed, and by id among those
    that became visible together: in commit order, as far as any reader could observe it.
    """
    table = _table()
    postgres = connection.vendor == "postgresql"
    total = 0
    while True:
        with transaction.atomic(savepoint=False), connection.cursor() as cursor:
            if postgres:
                if wait:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LINK_LOCK_KEY])
                else:
                    cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [LINK_LOCK_KEY])
                    if not cursor.fetchone()[0]:
                        return total
            cursor.execute(f"SELECT id, payload FROM {table} WHERE seq IS NULL ORDER BY id LIMIT %s", [batch])
            rows = cursor.fetchall()
            if not rows:
                return total
            seq, prev = _chain_head(cursor)
            sha256 = hashlib.sha256
            ids, seqs, prevs, digests = [], [], [], []
            for record_id, payload in rows:
                seq += 1
                digest = sha256(
                    f'{{"body":{payload},"id":{record_id},"prev":"{prev}","seq":{seq}}}'.encode()
                ).hexdigest()
                ids.append(record_id)
                seqs.append(seq)
                prevs.append(prev)
                digests.append(digest)
                prev = digest
            _write_links(cursor, table, ids, seqs, prevs, digests)
            total += len(rows)
        if len(rows) < batch:
            return total


def _write_links(cursor, table: str, ids: list, seqs: list, prevs: list, digests: list) -> None:
    if connection.vendor == "postgresql":
        # Four array parameters whatever the batch size (a VALUES list would hit the protocol's
        # limit of 65,535 parameters at about 16,000 records).
        cursor.execute(
            f"UPDATE {table} AS a SET seq = v.seq, prev_hash = v.prev, hash = v.hash "
            "FROM unnest(%s::bigint[], %s::bigint[], %s::varchar[], %s::varchar[]) "
            "AS v(id, seq, prev, hash) WHERE a.id = v.id AND a.seq IS NULL",
            [ids, seqs, prevs, digests],
        )
        updated = cursor.rowcount
    else:
        cursor.executemany(
            f"UPDATE {table} SET seq = %s, prev_hash = %s, hash = %s WHERE id = %s AND seq IS NULL",
            list(zip(seqs, prevs, digests, ids, strict=True)),
        )
        updated = cursor.rowcount
    if updated != len(ids):  # someone linked these meanwhile: impossible while linkers take turns
        raise RuntimeError("audit linking raced: records were linked by someone else under the lock")


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
    first_bad_id: int | None = None

    def summary(self) -> str:
        if self.ok:
            return f"OK {self.count} {self.head_hash}"
        return f"BROKEN at record {self.first_bad_seq} (id {self.first_bad_id}): {self.problems[0]}"

    def fail(self, seq: int | None, record_id: int | None, problem: str) -> None:
        """Keep the problem of the earliest record (by seq) first."""
        earlier = self.ok or (seq is not None and (self.first_bad_seq is None or seq < self.first_bad_seq))
        if earlier:
            self.first_bad_seq, self.first_bad_id = seq, record_id
            self.problems.insert(0, problem)
        else:
            self.problems.append(problem)
        self.ok = False


def parse_checkpoint(text: str) -> tuple[int, str]:
    """'COUNT:HASH' as published from /api/v1/audit/head, e.g. '1200:3fa4…'."""
    count, sep, digest = text.partition(":")
    if not sep or not count.isdigit() or not HASH_RE.match(digest):
        raise ValueError("a checkpoint is COUNT:HASH, e.g. 1200:<64 hex digits>")
    return int(count), digest


def audit_verify(
    *,
    checkpoint: tuple[int, str] | None = None,
    parallel: bool | None = None,
    segments: int | None = None,
) -> VerifyReport:
    """Walk the chain and report the first record whose sequence, link, hash or columns are wrong.

    ``checkpoint`` (count, hash), e.g. a published one, also proves that no record at or before it
    has been removed from the end of the chain. On PostgreSQL the whole check reads one snapshot
    (REPEATABLE READ), so records linked meanwhile cannot make it inconsistent.

    For a chain of PARALLEL_FROM records or more (``parallel``: the default outside a transaction,
    in a database that other processes can open), the walk, cut into ``segments`` (one per core, up
    to MAX_PROCESSES) and stitched, and the SQL comparison of the filter columns with the payloads
    run in processes of their own, all at once. Given ``segments`` (tests, ``--processes``), the
    chain is cut so whatever its length, and walked here in turn unless ``parallel``.
    """
    if parallel is None:
        parallel = not connection.in_atomic_block and _shareable_database()
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            return _verify(checkpoint, parallel, segments)
    return _verify(checkpoint, parallel, segments)


PARALLEL_FROM = 100_000  # below this, starting processes costs more than it saves
MAX_PROCESSES = 4


def _shareable_database() -> bool:
    return connection.vendor == "postgresql" or not connection.is_in_memory_db()


def _verify(checkpoint: tuple[int, str] | None, parallel: bool, segments: int | None) -> VerifyReport:
    table = _table()
    report = VerifyReport(ok=True)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM {table} WHERE seq IS NOT NULL")
        linked, top = cursor.fetchone()
        cursor.execute(f"SELECT COUNT(*), MIN(id) FROM {table} WHERE seq IS NULL")
        report.pending, oldest_id = cursor.fetchone()

    if segments is None:  # processes only pay off for a long chain
        long_chain = top >= PARALLEL_FROM
        parallel = parallel and long_chain
        segments = min(os.cpu_count() or 1, MAX_PROCESSES) if parallel else 1
    bounds = _bounds(top, segments)
    vendor = connection.vendor
    if parallel and bounds:
        *results, bad_columns = _run_in_processes(
            table, [("walk", lo, hi) for lo, hi in bounds] + [("columns",)]
        )
    else:
        cursor = _raw_cursor()
        results = [
            chain_walk.walk_segment(cursor, vendor=vendor, table=table, lo=lo, hi=hi) for lo, hi in bounds
        ]
        bad_columns = chain_walk.first_inconsistent(cursor, vendor=vendor, table=table) if bounds else None
    _stitch(report, results)
    if bad_columns is not None and (report.ok or bad_columns[0] < report.first_bad_seq):
        seq, record_id = bad_columns
        report.count = seq - 1
        report.head_hash = (
            AuditRecord.objects.filter(seq=seq - 1).values_list("hash", flat=True).first() or GENESIS_HASH
        )
        report.fail(seq, record_id, f"record {seq} (id {record_id}): its columns differ from its payload")

    if report.ok and linked != report.count:
        # The walk steps through 1..MAX(seq): a duplicated or non-positive seq (a dropped constraint)
        # would hide a record from it; the count shows it.
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT seq, id FROM {table} WHERE seq IS NOT NULL AND (seq < 1 OR seq IN "
                f"(SELECT seq FROM {table} WHERE seq IS NOT NULL GROUP BY seq HAVING COUNT(*) > 1)) "
                f"ORDER BY seq, id LIMIT 1",
            )
            seq, record_id = cursor.fetchone() or (None, None)
        report.fail(
            seq,
            record_id,
            f"record {seq} (id {record_id}): {linked} records carry a sequence number, "
            f"but the chain holds {report.count}",
        )
    if oldest_id is not None:
        report.oldest_pending_at = (
            AuditRecord.objects.filter(pk=oldest_id).values_list("created_at", flat=True).first()
        )
    if report.ok and checkpoint is not None:
        count, expected_hash = checkpoint
        found = (
            GENESIS_HASH
            if count == 0
            else AuditRecord.objects.filter(seq=count).values_list("hash", flat=True).first()
        )
        if found != expected_hash or count > report.count:
            report.fail(
                count,
                None,
                f"checkpoint {count}:{expected_hash} does not match: the chain was cut or rewritten",
            )
    return report


def _bounds(top: int, segments: int) -> list[tuple[int, int]]:
    """``segments`` consecutive ranges covering 1..top (none for an empty chain)."""
    if top < 1:
        return []
    segments = max(1, min(segments, top))
    size = -(-top // segments)
    return [(lo, min(lo + size - 1, top)) for lo in range(1, top + 1, size)]


def _stitch(report: VerifyReport, results: list[chain_walk.SegmentResult]) -> None:
    """Join the segments' outcomes in order: the first problem, or the count and the head."""
    prev, expected = GENESIS_HASH, 1
    for result in results:
        if result.lo > 1 and result.first_seq == result.lo and result.first_prev != prev:
            report.count, report.head_hash = expected - 1, prev
            record = f"record {result.lo} (id {result.first_id})"
            report.fail(result.lo, result.first_id, f"{record} does not link to record {result.lo - 1}")
            return
        sound_to, last_hash = expected - 1 + result.count, result.last_hash or prev
        problem = result.problem
        if problem is None and result.hi is not None and sound_to != result.hi:
            problem = chain_walk.Problem(
                sound_to + 1, None, f"sequence gap: record {sound_to + 1} is missing"
            )
        if problem is not None:
            report.count, report.head_hash = sound_to, last_hash
            report.fail(problem.seq, problem.record_id, problem.message)
            return
        prev, expected = last_hash, sound_to + 1
    report.count, report.head_hash = expected - 1, prev


def _raw_cursor():
    """A DB-API cursor on Django's connection (same transaction): psycopg fetches in binary."""
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        import psycopg

        return psycopg.Cursor(connection.connection)
    return connection.connection.cursor()


def _run_in_processes(table: str, tasks: list[tuple]) -> list:
    """Run each task in a process of its own (``python -m sunshine.core.chain_walk``), all at once."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    settings_dict = connection.settings_dict
    snapshot = None
    if connection.vendor == "postgresql":
        keys = {"NAME": "dbname", "USER": "user", "PASSWORD": "password", "HOST": "host", "PORT": "port"}
        params = {key: str(settings_dict[name]) for name, key in keys.items() if settings_dict.get(name)}
        # libpq's own options (sslmode, sslrootcert, …); Django's are not for the walkers.
        django_options = {
            "isolation_level",
            "server_side_binding",
            "pool",
            "assume_role",
            "prepare_threshold",
        }
        params.update(
            (key, str(value))
            for key, value in settings_dict.get("OPTIONS", {}).items()
            if key not in django_options and isinstance(value, str | int)
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
    else:
        params = str(settings_dict["NAME"])
    database = {"vendor": connection.vendor, "table": table, "params": params}
    source = str(Path(chain_walk.__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [source, os.environ.get("PYTHONPATH")]))}
    processes = []
    for task, *bounds in tasks:
        request = {"task": task, "database": database, "snapshot": snapshot}
        if bounds:
            request["lo"], request["hi"] = bounds
        process = subprocess.Popen(
            [sys.executable, "-m", "sunshine.core.chain_walk"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        process.stdin.write(json.dumps(request))
        process.stdin.close()
        processes.append(process)
    results = []
    for process in processes:
        out, err = process.stdout.read(), process.stderr.read()
        if process.wait() != 0:
            raise RuntimeError(f"a verifying process failed: {err.strip()}")
        results.append(chain_walk.result_from_json(out))
    return results
