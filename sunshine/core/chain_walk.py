"""Walking the audit chain: the checking loops of ``sunshine audit verify``, without Django.

A *segment* is a range of sequence numbers. Walking one checks, record by record in ``seq`` order,
that the numbers run on without a gap, that each record links to the one before and that it matches
its hash. Segments can be walked in separate processes and stitched together: each segment's first
link must be the hash its predecessor ended with. Beside the walk, one SQL scan checks that every
record's filter columns agree with its payload (:func:`first_inconsistent`).
core.audit.audit_verify decides how to split the work and reports.

``python -m sunshine.core.chain_walk`` runs one such task: it reads the request as JSON on stdin and
writes the result as JSON on stdout. It imports nothing of Django, so it starts in a fraction of a
second, and it shares nothing with the process that started it.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import asdict, dataclass

GENESIS_HASH = "0" * 64


@dataclass
class Problem:
    seq: int | None
    record_id: int | None
    message: str


@dataclass
class SegmentResult:
    lo: int
    hi: int | None
    count: int = 0  # records checked and found sound, from ``lo`` on
    first_seq: int | None = None
    first_id: int | None = None
    first_prev: str | None = None  # the link of the first record (stitched to the segment before)
    last_hash: str | None = None  # the hash of the last sound record
    problem: Problem | None = None


def columns_agree_sql(vendor: str) -> str:
    """A SQL expression, true when a record's filter columns agree with its payload.

    core.audit.audit_record puts them at the two ends of the canonical text::

        {"acted_at":"<time>","action":"<action>","actor":{"id":<actor id>,…   or  …"actor":null,…
        …,"id":"<object id>","type":"<object type>"}}

    so the expression rebuilds that prefix and suffix from the columns and compares texts, the time
    to the microsecond, instead of parsing each payload as JSON. The text columns must hold no quote
    or backslash (audit_record writes none), so that a rebuilt text can only match the payload the
    way it was written. The suffix is compared as bytes, its length following from the columns'
    lengths (plain ASCII, or the comparison fails anyway).
    """
    actor = """CASE WHEN actor_id IS NULL THEN 'null,' ELSE '{"id":' || actor_id || ',' END"""
    suffix = """',"id":"' || object_id || '","type":"' || object_type || '"}}'"""
    suffix_bytes = "(20 + length(object_id) + length(object_type))"
    if vendor == "postgresql":
        at = """to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')"""
        prefix = f"""'{{"acted_at":"' || {at} || '","action":"' || action || '","actor":' || {actor}"""
        plain = " AND ".join(
            f"strpos({column}, '\"') = 0 AND strpos({column}, '\\') = 0"
            for column in ("action", "object_type", "object_id")
        )
        tail = f"substring(convert_to(payload, 'UTF8') FROM octet_length(payload) - {suffix_bytes} + 1)"
        agree = f"starts_with(payload, {prefix}) AND {tail} = convert_to({suffix}, 'UTF8') AND {plain}"
        return f"COALESCE({agree}, false)"
    # Django keeps SQLite datetimes as 'YYYY-MM-DD HH:MM:SS[.ffffff]' (UTC).
    padded = "CASE WHEN length(created_at) = 19 THEN created_at || '.000000' ELSE created_at END"
    at = f"replace({padded}, ' ', 'T')"
    prefix = f"""'{{"acted_at":"' || {at} || 'Z","action":"' || action || '","actor":' || {actor}"""
    plain = " AND ".join(
        f"instr({column}, '\"') = 0 AND instr({column}, '\\') = 0"
        for column in ("created_at", "action", "object_type", "object_id")
    )
    tail = f"substr(CAST(payload AS BLOB), -{suffix_bytes})"
    return f"COALESCE(instr(payload, {prefix}) = 1 AND {tail} = CAST({suffix} AS BLOB) AND {plain}, 0)"


def first_inconsistent(cursor, *, vendor: str, table: str) -> tuple[int, int] | None:
    """(seq, id) of the first linked record whose filter columns differ from its payload.

    One plain scan of the table, cheaper than following the seq index for every row (``seq + 0``
    keeps PostgreSQL's planner off it; SQLite is told so). It runs beside the walk, in a process of
    its own for a long chain: checked inside the walk, the same comparison made the walk two to three
    times slower.
    """
    scan = f"{table} NOT INDEXED" if vendor == "sqlite" else table
    cursor.execute(
        f"SELECT seq, id FROM {scan} WHERE seq IS NOT NULL AND NOT ({columns_agree_sql(vendor)}) "
        "ORDER BY seq + 0 LIMIT 1"
    )
    row = cursor.fetchone()
    return (row[0], row[1]) if row else None


def walk_segment(
    cursor,
    *,
    vendor: str,
    table: str,
    lo: int,
    hi: int | None = None,
    page: int = 50000,
) -> SegmentResult:
    """Check the records with ``lo <= seq <= hi`` (``hi`` None: to the end); stop at the first problem.

    ``cursor`` is a DB-API cursor (sqlite3, or psycopg fetching in binary).
    """
    postgres = vendor == "postgresql"
    mark = "%s" if postgres else "?"
    # The payload as bytes, hashed as the middle of the envelope: no decoding and re-encoding.
    payload = "convert_to(payload, 'UTF8')" if postgres else "CAST(payload AS BLOB)"
    upper = f" AND seq <= {mark}" if hi is not None else ""
    query = (
        f"SELECT seq, id, prev_hash, hash, {payload} FROM {table} "
        f"WHERE seq > {mark}{upper} ORDER BY seq LIMIT {mark}"
    )
    result = SegmentResult(lo=lo, hi=hi)
    expected = lo
    prev = GENESIS_HASH if lo == 1 else None
    opening = hashlib.sha256(b'{"body":')
    last = lo - 1
    while True:
        params = [last, hi, page] if hi is not None else [last, page]
        if postgres:
            cursor.execute(query, params, binary=True)
        else:
            cursor.execute(query, params)
        rows = cursor.fetchall()
        if not rows:
            return result
        if result.first_prev is None:
            seq, record_id, prev_hash = rows[0][:3]
            result.first_seq, result.first_id, result.first_prev = seq, record_id, prev_hash
            if prev is None:  # the first record of a later segment: its link is stitched afterwards
                prev = prev_hash
        # The loop keeps to locals (no attribute writes per record): it is the whole cost of verify.
        for seq, record_id, prev_hash, digest, body in rows:
            if seq != expected or prev_hash != prev:
                return _stopped(result, expected, prev, _order_problem(seq, expected, record_id))
            h = opening.copy()
            h.update(body)
            h.update(f',"id":{record_id},"prev":"{prev_hash}","seq":{seq}}}'.encode())
            if h.hexdigest() != digest:
                message = f"record {seq} (id {record_id}) does not match its hash"
                return _stopped(result, expected, prev, Problem(seq, record_id, message))
            prev = digest
            expected += 1
        result.count, result.last_hash = expected - lo, prev
        last = rows[-1][0]


def _stopped(result: SegmentResult, expected: int, prev: str, problem: Problem) -> SegmentResult:
    """The segment's result when the walk stops at ``problem`` before record ``expected``."""
    result.count = expected - result.lo
    result.last_hash = prev if result.count else None
    result.problem = problem
    return result


def _order_problem(seq: int, expected: int, record_id: int) -> Problem:
    """The problem with a record that is not the one expected next, or does not link to it."""
    if seq != expected:
        found = f"expected record {expected}, found {seq} (id {record_id})"
        return Problem(expected if seq > expected else seq, record_id, f"sequence gap: {found}")
    return Problem(seq, record_id, f"record {seq} (id {record_id}) does not link to record {seq - 1}")


def run_task(request: dict):
    """One verifying process's task: {"task": "walk", "lo", "hi"} or {"task": "columns"}, plus
    "database" ({"vendor", "table", "params"}: the file for SQLite, psycopg.connect()'s keyword
    arguments for PostgreSQL) and "snapshot" (PostgreSQL's exported snapshot of the verifying
    transaction, so that every process reads the same chain)."""
    database = request["database"]
    vendor, table = database["vendor"], database["table"]

    def task(cursor):
        if request["task"] == "columns":
            return first_inconsistent(cursor, vendor=vendor, table=table)
        return walk_segment(cursor, vendor=vendor, table=table, lo=request["lo"], hi=request["hi"])

    if vendor == "postgresql":
        import psycopg
        from psycopg import sql

        with psycopg.connect(**database["params"]) as conn, conn.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            if request.get("snapshot"):
                cursor.execute(
                    sql.SQL("SET TRANSACTION SNAPSHOT {}").format(sql.Literal(request["snapshot"]))
                )
            result = task(cursor)
            conn.rollback()
            return result
    import sqlite3

    conn = sqlite3.connect(database["params"], timeout=20)
    # Read the file through memory mapping (capped by SQLite's own limit): the walk reads every
    # page once, and copying each one into SQLite's page cache costs about a fifth of its time.
    conn.execute("PRAGMA mmap_size = 17179869184")
    try:
        return task(conn.cursor())
    finally:
        conn.close()


def result_from_json(text: str):
    """A task's result as it came back: a SegmentResult, or the columns task's (seq, id) or None."""
    data = json.loads(text)
    if data is None or isinstance(data, list):
        return tuple(data) if data else None
    problem = data.pop("problem")
    return SegmentResult(**data, problem=Problem(**problem) if problem else None)


def main() -> None:
    result = run_task(json.load(sys.stdin))
    json.dump(asdict(result) if isinstance(result, SegmentResult) else result, sys.stdout)


if __name__ == "__main__":
    main()
