"""Walking the audit chain: the checking loops of ``sunshine audit verify``, without Django.

A *segment* is a range of sequence numbers. Walking one checks, record by record in ``seq`` order,
that the numbers run on without a gap, that each record links to the one before, that it matches
its hash and that its filter columns agree with its payload (:func:`columns_agree`). Segments can
be walked in separate processes and stitched together: each segment's first link must be the hash
its predecessor ended with.
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


def expected_ends_sql(vendor: str) -> str:
    """SQL for three columns that let the walk check a record's filter columns against its payload.

    core.audit.audit_record puts them at the two ends of the canonical text::

        {"acted_at":"<time>","action":"<action>","actor":{"id":<actor id>,…   or  …"actor":null,…
        …,"id":"<object id>","type":"<object type>"}}

    so the database rebuilds that prefix and suffix from the columns (as bytes, the time to the
    microsecond) and the walk compares them with the payload's ends, instead of parsing the JSON. The
    third column is true when the text columns hold no quote or backslash (audit_record writes none),
    so that a rebuilt text can only match the payload the way it was written.
    """
    actor = """CASE WHEN actor_id IS NULL THEN 'null,' ELSE '{"id":' || actor_id || ',' END"""
    suffix = """',"id":"' || object_id || '","type":"' || object_type || '"}}'"""
    if vendor == "postgresql":
        at = """to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')"""
        prefix = f"""'{{"acted_at":"' || {at} || '","action":"' || action || '","actor":' || {actor}"""
        texts = "action || object_type || object_id"
        clean = f"strpos({texts}, '\"') = 0 AND strpos({texts}, '\\') = 0"
        return f"convert_to({prefix}, 'UTF8'), convert_to({suffix}, 'UTF8'), COALESCE({clean}, false)"
    # Django keeps SQLite datetimes as 'YYYY-MM-DD HH:MM:SS[.ffffff]' (UTC).
    padded = "CASE WHEN length(created_at) = 19 THEN created_at || '.000000' ELSE created_at END"
    at = f"replace({padded}, ' ', 'T') || 'Z'"
    prefix = f"""'{{"acted_at":"' || {at} || '","action":"' || action || '","actor":' || {actor}"""
    texts = "created_at || action || object_type || object_id"
    clean = f"instr({texts}, '\"') = 0 AND instr({texts}, '\\') = 0"
    return f"CAST({prefix} AS BLOB), CAST({suffix} AS BLOB), COALESCE({clean}, 0)"


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
        f"SELECT seq, id, prev_hash, hash, {payload}, {expected_ends_sql(vendor)} "
        f"FROM {table} WHERE seq > {mark}{upper} ORDER BY seq LIMIT {mark}"
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
        for seq, record_id, prev_hash, digest, body, prefix, suffix, clean in rows:
            if result.first_prev is None:
                result.first_seq, result.first_id, result.first_prev = seq, record_id, prev_hash
                if prev is None:  # the first record of a later segment: its link is stitched afterwards
                    prev = prev_hash
            if seq != expected:
                found = f"expected record {expected}, found {seq} (id {record_id})"
                result.problem = Problem(
                    expected if seq > expected else seq, record_id, f"sequence gap: {found}"
                )
                return result
            if prev_hash != prev:
                message = f"record {seq} (id {record_id}) does not link to record {seq - 1}"
                result.problem = Problem(seq, record_id, message)
                return result
            h = opening.copy()
            h.update(body)
            h.update(f',"id":{record_id},"prev":"{prev_hash}","seq":{seq}}}'.encode())
            if h.hexdigest() != digest:
                result.problem = Problem(
                    seq, record_id, f"record {seq} (id {record_id}) does not match its hash"
                )
                return result
            if not (clean and prefix and suffix and body.startswith(prefix) and body.endswith(suffix)):
                message = f"record {seq} (id {record_id}): its columns differ from its payload"
                result.problem = Problem(seq, record_id, message)
                return result
            prev = result.last_hash = digest
            expected += 1
            result.count += 1
        last = rows[-1][0]


def run_task(request: dict) -> SegmentResult:
    """One verifying process's task: {"task": "walk", "lo", "hi"}, plus
    "database" ({"vendor", "table", "params"}: the file for SQLite, psycopg.connect()'s keyword
    arguments for PostgreSQL) and "snapshot" (PostgreSQL's exported snapshot of the verifying
    transaction, so that every process reads the same chain)."""
    database = request["database"]
    vendor, table = database["vendor"], database["table"]

    def task(cursor):
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
    try:
        return task(conn.cursor())
    finally:
        conn.close()


def result_from_json(text: str) -> SegmentResult:
    """A task's result as it came back."""
    data = json.loads(text)
    problem = data.pop("problem")
    return SegmentResult(**data, problem=Problem(**problem) if problem else None)


def main() -> None:
    result = run_task(json.load(sys.stdin))
    json.dump(asdict(result), sys.stdout)


if __name__ == "__main__":
    main()
