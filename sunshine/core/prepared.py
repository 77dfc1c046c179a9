"""Prepared statements on PostgreSQL for the few statements every case step runs (issue #6 §11).

Django's PostgreSQL cursors bind parameters on the client: each statement is sent as text with its
values quoted in, and the server parses and plans it again every time. For a case step's dozen
statements that planning was about a third of the database's time (0.5 ms for the step's lock
with its co-signer facts alone). :func:`cursor` gives a Django cursor wrapper (so the execute
wrappers, ``assertNumQueries`` and the query log still see every statement) around a kept
server-side-binding psycopg cursor that prepares each statement on its first use on the
connection: later runs only bind and execute.

Only for statements written once per process (core.compiled, the step's writes): a prepared
statement stays in the server's memory for the connection's life. Off PostgreSQL, :func:`cursor`
is Django's own cursor.

:func:`batch` sends a step's reads together, and then its writes (a psycopg pipeline): the server
runs each while this process builds the next, and the step waits for one answer instead of one per
statement (ADR 0023).
"""

from __future__ import annotations

from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper

# Django opens connections with prepare_threshold=None, which disables prepared statements
# altogether, even an explicit prepare=True. A threshold no query reaches keeps Django's own
# queries unprepared and lets ours be prepared.
_NEVER = 2**31 - 1


def cursor(connection=None):
    """A cursor for a statement that runs often with other parameters: prepared on PostgreSQL."""
    connection = connection or _default()
    if connection.vendor != "postgresql":
        return connection.cursor()
    return _Unclosed(_wrap(connection, _kept(connection)))


def raw_cursor(connection=None):
    """The kept psycopg cursor itself (no Django wrapper: no execute wrappers, no query log), for the
    audit record's insert, which every state change of every module runs; None off PostgreSQL."""
    connection = connection or _default()
    return _kept(connection) if connection.vendor == "postgresql" else None


def _kept(connection):
    """The connection's preparing psycopg cursor, made again when Django has reconnected."""
    connection.ensure_connection()
    raw = connection.connection
    kept = getattr(connection, "_sunshine_prepared", None)
    if kept is None or kept[0] is not raw:
        if raw.prepare_threshold is None:
            raw.prepare_threshold = _NEVER
        kept = connection._sunshine_prepared = (raw, _preparing_cursor_class()(raw))
    return kept[1]


@contextmanager
def batch(connection=None):
    """Inside, statements of :func:`send` (and so of core.rowwrite and CompiledQuery.later) are sent
    without waiting for their answers (PostgreSQL's pipeline mode); on leaving, the answers are read
    (a failed statement raises here, as Django's database error), then the ``then`` callbacks and
    :func:`after`'s work run in order. Only those may run statements inside: the ORM reads a write's
    row count at once, which a pipeline does not have yet. Off PostgreSQL the statements run one by
    one, the callbacks at once."""
    connection = connection or _default()
    if connection.vendor != "postgresql" or getattr(connection, "_sunshine_batch", None) is not None:
        yield
        return
    kept = _kept(connection)
    callbacks: list = []
    connection._sunshine_batch = callbacks
    try:
        with connection.wrap_database_errors, kept.connection.pipeline():
            yield
    finally:
        connection._sunshine_batch = None
    for then in callbacks:
        then()


def send(sql: str, params, then=None, connection=None) -> None:
    """Run a prepared statement; ``then(cursor)`` reads its answer: at once, or inside
    :func:`batch` once the batch's answers are in (its own cursor keeps them till then)."""
    connection = connection or _default()
    pending = getattr(connection, "_sunshine_batch", None)
    if pending is None or then is None:
        with cursor(connection) as shared:
            shared.execute(sql, params)
            if then is not None:
                then(shared)
        return
    own = _wrap(connection, _preparing_cursor_class()(connection.connection))
    own.execute(sql, params)
    pending.append(lambda: then(own))


def after(then, connection=None) -> None:
    """Run ``then()`` once the open batch's answers are in (at once outside a batch): work that
    needs the ORM or an answer, queued behind the batch's statements."""
    connection = connection or _default()
    pending = getattr(connection, "_sunshine_batch", None)
    if pending is None:
        then()
    else:
        pending.append(then)


def _default():
    # The connection itself, not django.db.connection: that proxy looks the connection up again
    # (a thread-local) on every attribute, and these run several times in every case step.
    return connections[DEFAULT_DB_ALIAS]


def _wrap(connection, raw):
    if connection.queries_logged:
        return _DebugWrapper(raw, connection)
    return connection.make_cursor(raw)


class _DebugWrapper(CursorDebugWrapper):
    """Django's query log and debug logging, with the statement as written: Django asks psycopg for
    the text it sent, which a prepared statement's run does not have (the log said None)."""

    def execute(self, sql, params=None):
        with self.debug_sql(sql, params):
            return CursorWrapper.execute(self, sql, params)


class _Unclosed:
    """Django's cursor wrapper, except that leaving ``with`` keeps the psycopg cursor open (it is
    kept for the connection's life)."""

    def __init__(self, wrapper) -> None:
        self._wrapper = wrapper

    def __getattr__(self, name):
        return getattr(self._wrapper, name)

    def __enter__(self):
        return self._wrapper

    def __exit__(self, *exc) -> None:
        return None


_CLASS = None


def _preparing_cursor_class():
    global _CLASS
    if _CLASS is None:
        import psycopg

        class PreparingCursor(psycopg.Cursor):
            """Server-side binding; every statement prepared (psycopg keeps them per connection)."""

            def execute(self, query, params=None, *, prepare=None, binary=None):
                return super().execute(query, params, prepare=True, binary=binary)

        _CLASS = PreparingCursor
    return _CLASS
