"""The pipeline under core.prepared.batch on PostgreSQL: prepared statements sent straight to libpq.

psycopg's own pipeline (``Connection.pipeline()`` with a cursor per statement) costs ~70 µs of
Python per statement here: a cursor and its adapters, the query's conversion, the prepared-statement
manager, and the results matched back to each cursor. A case step sends eight statements in two
batches, so that was 0.5 to 0.8 ms of a ~3.7 ms step (issue #6 §11, ADR 0023). This class keeps
only what a batch needs, on the same connection: the libpq wrapper (``psycopg.pq``), the
connection's adapters (a ``Transformer``: Django's loaders and dumpers), and psycopg's non-blocking
I/O generators run by ``Connection.wait`` (so Ctrl-C still cancels a query that waits on a lock).
Two of these are psycopg's internals (``psycopg.generators``, and ``_get_tx_start_command`` for the
BEGIN psycopg would send): pyproject bounds psycopg's version, and core/tests/test_batch.py
exercises each path on PostgreSQL.

Each statement is prepared on its first use on the connection (named ``sunshine_<n>``; psycopg
prepares none of its own, see :class:`Pipeline`); a prepared statement outlives a rolled-back
transaction. The answers
are read when the batch ends: the first refused statement raises psycopg's error there (Django's,
under ``connection.wrap_database_errors``), and the transaction is left for Django to roll back.
"""

from __future__ import annotations

import itertools
import logging
import re
import time
from collections import deque
from functools import lru_cache, partial

from django.core.exceptions import ImproperlyConfigured
from psycopg import errors, pq
from psycopg.adapt import PyFormat, Transformer
from psycopg.generators import fetch_many, send

logger = logging.getLogger("django.db.backends")

_OK = (pq.ExecStatus.COMMAND_OK, pq.ExecStatus.TUPLES_OK)
_SYNC = pq.ExecStatus.PIPELINE_SYNC
_IDLE = pq.TransactionStatus.IDLE
_PLACE = re.compile(r"%([%s])")


@lru_cache(maxsize=1024)
def _numbered(sql: str) -> bytes:
    """Django's ``%s`` placeholders as PostgreSQL's ``$1, $2, …`` (``%%`` is a literal ``%``)."""
    count = 0

    def place(match) -> str:
        nonlocal count
        if match.group(1) == "%":
            return "%"
        count += 1
        return f"${count}"

    return _PLACE.sub(place, sql).encode()


def _no_cursor_inside(execute, sql, params, many, context):
    if context.get("cursor") is not None:  # a Django cursor's statement, not the batch's own
        raise RuntimeError(f"a statement outside core.prepared.send inside a batch: {sql[:80]}")
    return execute(sql, params, many, context)


class Answer:
    """A statement's answer, read like the cursor the ``then`` callbacks of core.prepared.send are
    given elsewhere: ``rowcount``, ``fetchone()``, ``fetchall()``."""

    __slots__ = ("_loader", "_result")

    def __init__(self, result, loader: Transformer) -> None:
        self._result, self._loader = result, loader

    @property
    def rowcount(self) -> int:
        count = self._result.command_tuples
        return -1 if count is None else count

    def fetchall(self) -> list[tuple]:
        result = self._result
        if not result.ntuples:
            return []
        self._loader.set_pgresult(result)
        return self._loader.load_rows(0, result.ntuples, tuple)

    def fetchone(self) -> tuple | None:
        rows = self.fetchall()
        return rows[0] if rows else None


class Pipeline:
    """One batch's statements on ``connection`` (Django's), in libpq's pipeline mode."""

    def __init__(self, connection) -> None:
        self.django = connection
        self.raw = connection.connection
        if self.raw.prepare_threshold is not None:
            # psycopg would prepare statements of its own, and after any rollback deallocate all
            # prepared statements of the connection, ours with them
            raise ImproperlyConfigured(
                "core.prepared needs psycopg's own prepared statements off: leave the database "
                "OPTIONS' prepare_threshold unset (Django's default, None)"
            )
        self.pgconn = self.raw.pgconn
        self.adapters = Transformer(self.raw)
        self.expected: list = []  # per command: None (no answer wanted), a slot, or a statement prepared
        self.callbacks: list = []  # core.prepared's ``then`` and ``after`` work, in the order given
        known = getattr(connection, "_sunshine_prepared_names", None)
        if known is None or known[0] is not self.pgconn:  # a new connection has none prepared
            known = connection._sunshine_prepared_names = (self.pgconn, {}, itertools.count())
        _pgconn, self.names, self.numbers = known  # (sql, parameter types) -> the statement's name

    def __enter__(self) -> Pipeline:
        self.django.validate_no_broken_transaction()
        begin = None
        if not self.raw.autocommit and self.pgconn.transaction_status == _IDLE:
            # what psycopg sends before a transaction's first statement: BEGIN, with the isolation
            # level Django configured
            begin = self.raw._get_tx_start_command()
        self.pgconn.enter_pipeline_mode()
        # The ORM inside a batch is refused at once: psycopg would wait for an answer the server
        # keeps till the batch's end.
        self.django.execute_wrappers.append(_no_cursor_inside)
        if begin is not None:
            self._queue(partial(self.pgconn.send_query_params, begin, None), None)
        return self

    def send(self, sql: str, params, then) -> None:
        """Queue ``sql`` with ``params``; ``then(answer)`` runs once the batch's answers are in.
        Django's execute wrappers see it, as they see a cursor's statement."""
        queue = self._send
        for wrapper in reversed(self.django.execute_wrappers):
            queue = partial(wrapper, queue)
        queue(sql, params, False, {"connection": self.django, "cursor": None, "then": then})

    def _send(self, sql: str, params, _many, context) -> None:
        started = time.monotonic()
        params = list(params)
        values = self.adapters.dump_sequence(params, [PyFormat.AUTO] * len(params))
        types, formats = tuple(self.adapters.types), tuple(self.adapters.formats)
        name = self.names.get((sql, types))
        if name is None:  # prepared on its first use: kept once the server has it
            name = f"sunshine_{next(self.numbers)}".encode()
            text = _numbered(sql)
            self._queue(partial(self.pgconn.send_prepare, name, text, types), ((sql, types), name))
        slot = None
        if (then := context["then"]) is not None:
            slot = []
            self.callbacks.append(lambda: then(slot[0]))
        self._queue(partial(self.pgconn.send_query_prepared, name, values, formats), slot)
        self.pgconn.flush()  # non-blocking: the rest, if any, goes with the batch's end
        if self.django.queries_logged:
            duration = time.monotonic() - started
            self.django.queries_log.append({"sql": sql, "time": f"{duration:.3f}"})
            logger.debug("(%.3f) %s; args=%s; alias=%s (batched)", duration, sql, params, self.django.alias)

    def _queue(self, command, expected) -> None:
        """Put ``command`` into libpq's output buffer now; what the socket takes at once goes to the
        server, which starts on it while this process builds the next statement."""
        command()
        self.expected.append(expected)

    def __exit__(self, kind, error, trace) -> None:
        failure = None
        try:
            self._queue(self.pgconn.pipeline_sync, _SYNC)
            failure = self._answers()
        except Exception:
            if kind is None:
                raise
        finally:
            self.django.execute_wrappers.remove(_no_cursor_inside)
            if self.pgconn.status != pq.ConnStatus.BAD:
                self.pgconn.exit_pipeline_mode()
        if kind is None and failure is not None:
            raise failure

    def _answers(self):
        """Send the rest and read every answer up to the sync; the first error, if any."""
        raw, failure, expected = self.raw, None, deque(self.expected)
        raw.wait(send(self.pgconn))
        while expected:
            if not (results := raw.wait(fetch_many(self.pgconn))):
                break
            result, wanted = results[-1], expected.popleft()
            if wanted is _SYNC:
                break
            if result.status not in _OK:
                failure = failure or self._error(result)
            elif isinstance(wanted, tuple):  # a statement prepared: the server has it now
                key, name = wanted
                self.names[key] = name
            elif wanted is not None:
                wanted.append(Answer(result, self.adapters))
        return failure

    def _error(self, result):
        if result.status == pq.ExecStatus.PIPELINE_ABORTED:
            return errors.PipelineAborted("pipeline aborted")
        return errors.error_from_result(result, encoding=self.raw.info.encoding)
