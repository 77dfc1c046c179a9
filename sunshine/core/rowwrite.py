"""Row writes whose SQL is written once per process, for the writes every case step makes (issue #6
§11): the step done, the case's new state, the next step opened. ``Model.save()`` builds its SQL
anew on each call (field walks, the compiler, the signals) and Django's cursor quotes the values
into the statement; here the statement is built once per model, column set and vendor, and on
PostgreSQL it is prepared (core.prepared), and inside ``core.prepared.batch`` sent without waiting.

Like ``save(update_fields=...)`` and ``save()`` of a new row, except that no ``pre_save`` /
``post_save`` signal is sent: only for models whose writes nothing listens to (cases.Case's
``post_save`` receiver acts on creation only, which stays with ``Model.save``).
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.models.fields import AutoFieldMixin

from sunshine.core import prepared

_STATEMENTS: dict[tuple, tuple[str, list]] = {}


def _quote(name: str) -> str:
    return connections[DEFAULT_DB_ALIAS].ops.quote_name(name)


def update(obj, fields) -> None:
    """UPDATE ``fields`` of ``obj`` (names or attnames) and its ``auto_now`` fields, by primary key.
    A row that is not there any more is an error, not a silent no-op (inside core.prepared.batch:
    raised when the batch's answers are in)."""
    model = type(obj)
    connection = connections[DEFAULT_DB_ALIAS]  # once: django.db.connection looks it up per attribute
    key = ("update", model, tuple(fields), connection.vendor)
    entry = _STATEMENTS.get(key)
    if entry is None:
        opts = model._meta
        columns = [opts.get_field(name) for name in fields]
        columns += [f for f in opts.concrete_fields if getattr(f, "auto_now", False) and f not in columns]
        assignments = ", ".join(f"{_quote(f.column)} = %s" for f in columns)
        sql = f"UPDATE {_quote(opts.db_table)} SET {assignments} WHERE {_quote(opts.pk.column)} = %s"
        entry = _STATEMENTS[key] = (sql, columns)
    sql, columns = entry
    values = [f.get_db_prep_save(f.pre_save(obj, False), connection) for f in columns]
    values.append(obj.pk)

    def check(cursor) -> None:
        if cursor.rowcount != 1:
            raise DatabaseError(f"{model._meta.label} {obj.pk} was not updated ({cursor.rowcount} rows)")

    prepared.send(sql, values, check, connection)


def insert(obj):
    """INSERT ``obj`` (a new instance with an automatic primary key) and set its primary key (inside
    core.prepared.batch: once the batch's answers are in)."""
    model = type(obj)
    connection = connections[DEFAULT_DB_ALIAS]
    key = ("insert", model, connection.vendor)
    entry = _STATEMENTS.get(key)
    if entry is None:
        opts = model._meta
        if not isinstance(opts.pk, AutoFieldMixin):
            raise ValueError(f"{opts.label} has no automatic primary key")
        columns = [f for f in opts.concrete_fields if f is not opts.pk]
        names = ", ".join(_quote(f.column) for f in columns)
        places = ", ".join(["%s"] * len(columns))
        table, pk = _quote(opts.db_table), _quote(opts.pk.column)
        sql = f"INSERT INTO {table} ({names}) VALUES ({places}) RETURNING {pk}"
        entry = _STATEMENTS[key] = (sql, columns)
    sql, columns = entry
    values = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in columns]

    def saved(cursor) -> None:
        obj.pk = cursor.fetchone()[0]
        obj._state.adding = False
        obj._state.db = connection.alias

    prepared.send(sql, values, saved, connection)
    return obj
