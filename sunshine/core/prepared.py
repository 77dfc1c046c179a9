"""Prepared statements on PostgreSQL for the few statements every case step runs (issue #6 §11).

Django's PostgreSQL cursors bind parameters on the client: each statement is sent as text with its
values quoted in, and the server parses and plans it again every time. For a case step's dozen
statements that planning was about a third of the database's time (0.5 ms for the step's lock
with its co-signer facts alone). :func:`send` prepares each statement on its first use on the
connection: later runs only bind and execute. Django's execute wrappers, ``assertNumQueries`` and
the query log still see every statement.

Only for statements written once per process (core.compiled, core.rowwrite, the audit record's
insert): a prepared statement stays in the server's memory for the connection's life. Off
PostgreSQL, :func:`send` runs the statement on Django's own cursor.

:func:`batch` sends a step's reads together, and then its writes (libpq's pipeline mode,
core.pipeline): the server runs each while this process builds the next, and the step waits for one
answer instead of one per statement (ADR 0023). Outside a batch, a statement is a batch of one.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections

from sunshine.core.pipeline import Pipeline


@contextmanager
def batch(connection=None):
    """Inside, statements of :func:`send` (and so of core.rowwrite and CompiledQuery.later) are sent
    without waiting for their answers (PostgreSQL's pipeline mode, core.pipeline); on leaving, the
    answers are read (a failed statement raises here, as Django's database error), then the
    ``then`` callbacks and :func:`after`'s work run in order. Only those may run statements inside:
    the ORM reads a write's row count at once, which a pipeline does not have yet. Off PostgreSQL
    the statements run one by one, the callbacks at once."""
    connection = connection or _default()
    if connection.vendor != "postgresql" or getattr(connection, "_sunshine_batch", None) is not None:
        yield
        return
    connection.ensure_connection()
    pipe = Pipeline(connection)
    connection._sunshine_batch = pipe
    try:
        with connection.wrap_database_errors, pipe:
            yield
    finally:
        connection._sunshine_batch = None
    for then in pipe.callbacks:
        then()


def send(sql: str, params, then=None, connection=None) -> None:
    """Run a prepared statement; ``then(answer)`` reads its answer (``rowcount``, ``fetchone()``,
    ``fetchall()``): inside :func:`batch` once the batch's answers are in, else at once."""
    connection = connection or _default()
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            if then is not None:
                then(cursor)
        return
    with batch(connection):
        connection._sunshine_batch.send(sql, params, then)


def after(then, connection=None) -> None:
    """Run ``then()`` once the open batch's answers are in (at once outside a batch): work that
    needs the ORM or an answer, queued behind the batch's statements."""
    connection = connection or _default()
    pipe = getattr(connection, "_sunshine_batch", None)
    if pipe is None:
        then()
    else:
        pipe.callbacks.append(then)


def _default():
    # The connection itself, not django.db.connection: that proxy looks the connection up again
    # (a thread-local) on every attribute, and these run several times in every case step.
    return connections[DEFAULT_DB_ALIAS]
