"""Querysets whose SQL is written once per process and database vendor, for the few reads that run
on every case step (cases.services): Django spends longer turning such a queryset into SQL than
the database spends running it (ORM compile ~1 ms against ~0.1 ms of PostgreSQL, measured by
bench/cases_step_pg.py). On PostgreSQL the statement is also prepared (core.prepared): parsed and
planned once per connection.

The queryset is still the source of the SQL: ``CompiledQuery(build)`` calls ``build(*keys)`` once
with sentinel keys, keeps the SQL and parameters Django produced (with the converters, the model and
the ``select_related`` populators Django would use for its rows), and later only puts the real keys
in the sentinels' places. ``build`` must use each argument exactly once as a query parameter (an id,
or a text compared as such) and must not depend on anything else that changes between calls (the
current time, settings, the actor).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models.query import get_related_populators

from sunshine.core import prepared

_SENTINEL = -918_273_645  # no primary key or id is ever this (nor this minus a few)


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: list
    places: list[int]  # where the keys go in params
    converters: list[tuple[int, list]]  # (column, its converters): Django's, as for its own rows
    model: type | None  # None for values()/values_list() querysets: rows() only
    init: tuple[int, int, list[str]] | None  # the model's columns (start, end) and attnames
    annotations: list[tuple[str, int]]
    populators: list  # the select_related objects' (Django's RelatedPopulator)
    select: list


class Later:
    """Rows of :meth:`CompiledQuery.later`, there once the batch that read them has ended."""

    def __init__(self) -> None:
        self._rows = None

    @property
    def rows(self) -> list[tuple]:
        if self._rows is None:
            raise RuntimeError("rows read in a batch are there only once the batch has ended")
        return self._rows

    @rows.setter
    def rows(self, rows: list[tuple]) -> None:
        self._rows = rows


class CompiledQuery:
    def __init__(self, build):
        self.build = build
        self._compiled: dict[tuple[str, int], _Compiled] = {}

    def _prepare(self, keys) -> tuple[_Compiled, list]:
        shape = (connection.vendor, len(keys))  # a builder taking ``*keys`` has one per count
        compiled = self._compiled.get(shape)
        if compiled is None:
            compiled = self._compiled[shape] = self._compile(len(keys))
        params = list(compiled.params)
        for at, key in zip(compiled.places, keys, strict=True):
            params[at] = key
        return compiled, params

    def _compile(self, arity: int) -> _Compiled:
        sentinels = [_SENTINEL - n for n in range(arity)]
        queryset = self.build(*sentinels)
        compiler = queryset.query.get_compiler(using=DEFAULT_DB_ALIAS)
        sql, params = compiler.as_sql()
        params = list(params)
        places = []
        for sentinel in sentinels:
            found = [i for i, p in enumerate(params) if p == sentinel or p == str(sentinel)]
            if len(found) != 1:
                raise ValueError("the queryset must use each key exactly once as a parameter")
            places.append(found[0])
        select, klass_info = compiler.select, compiler.klass_info
        converters = compiler.get_converters([expression for expression, _sql, _alias in select])
        init = None
        if klass_info is not None and queryset._fields is None:
            fields = klass_info["select_fields"]
            start, end = fields[0], fields[-1] + 1
            init = (start, end, [column[0].target.attname for column in select[start:end]])
        return _Compiled(
            sql=sql,
            params=params,
            places=places,
            converters=[(i, funcs) for i, (funcs, _expression) in converters.items()],
            model=klass_info["model"] if init else None,
            init=init,
            annotations=list(compiler.annotation_col_map.items()) if init else [],
            populators=get_related_populators(klass_info, select, DEFAULT_DB_ALIAS) if init else [],
            select=select,
        )

    def _fetch(self, keys) -> tuple[_Compiled, list[list]]:
        compiled, params = self._prepare(keys)
        rows: list = []
        prepared.send(compiled.sql, params, lambda answer: rows.extend(answer.fetchall()))
        return compiled, self._converted(compiled, rows)

    def later(self, *keys, objects: bool = False) -> Later:
        """The rows as :meth:`rows` gives them (``objects``: as :meth:`objects` does), read inside
        core.prepared.batch with the batch's other statements: ``.rows`` once the batch has ended
        (at once outside a batch)."""
        compiled, params = self._prepare(keys)
        result = Later()

        def arrived(cursor) -> None:
            rows = self._converted(compiled, cursor.fetchall())
            result.rows = self._objects(compiled, rows) if objects else [tuple(row) for row in rows]

        prepared.send(compiled.sql, params, arrived)
        return result

    @staticmethod
    def _converted(compiled: _Compiled, rows: list) -> list:
        if compiled.converters:
            # the converters' own signature: (value, expression, connection), as Django calls them
            expressions = [column[0] for column in compiled.select]
            converted = []
            for row in rows:
                row = list(row)
                for at, funcs in compiled.converters:
                    for convert in funcs:
                        row[at] = convert(row[at], expressions[at], connection)
                converted.append(row)
            rows = converted
        return rows

    def rows(self, *keys) -> list[tuple]:
        """The rows as tuples (of a ``values_list`` queryset, or the model's columns)."""
        _compiled, rows = self._fetch(keys)
        return [tuple(row) for row in rows]

    def objects(self, *keys) -> list:
        """The rows as model instances, with the annotations as attributes and the
        ``select_related`` objects in place."""
        return self._objects(*self._fetch(keys))

    @staticmethod
    def _objects(compiled: _Compiled, rows: list) -> list:
        if compiled.model is None:
            raise ValueError("objects() needs a queryset of model instances, not values()")
        start, end, attnames = compiled.init
        objects = []
        for row in rows:
            obj = compiled.model.from_db(connection.alias, attnames, row[start:end])
            for populator in compiled.populators:
                populator.populate(row, obj)
            for name, at in compiled.annotations:
                setattr(obj, name, row[at])
            objects.append(obj)
        return objects
