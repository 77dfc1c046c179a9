"""Querysets whose SQL is written once per process and database vendor, for the few reads that run
on every case step (cases.services): Django spends longer turning such a queryset into SQL than
the database spends running it (ORM compile ~1 ms against ~0.1 ms of PostgreSQL, measured by
bench/cases_step_pg.py).

The queryset is still the source of the SQL: ``CompiledQuery(build)`` calls ``build(*keys)`` once
with sentinel keys, keeps the SQL and parameters Django produced, and later only puts the real keys
in the sentinels' places. ``build`` must use each argument exactly once as a query parameter (an id,
or a text compared as such) and must not depend on anything else that changes between calls (the
current time, settings, the actor).
"""

from __future__ import annotations

from django.db import connection

_SENTINEL = -918_273_645  # no primary key or id is ever this (nor this minus a few)


class CompiledQuery:
    def __init__(self, build):
        self.build = build
        self._compiled: dict[str, tuple] = {}

    def _sql(self, keys) -> tuple:
        vendor = connection.vendor
        if vendor not in self._compiled:
            self._compiled[vendor] = self._compile(len(keys))
        model, sql, params, places = self._compiled[vendor]
        params = list(params)
        for at, key in zip(places, keys, strict=True):
            params[at] = key
        return model, sql, params

    def _compile(self, arity: int) -> tuple:
        sentinels = [_SENTINEL - n for n in range(arity)]
        queryset = self.build(*sentinels)
        sql, params = queryset.query.sql_with_params()
        params = list(params)
        places = []
        for sentinel in sentinels:
            found = [i for i, p in enumerate(params) if p == sentinel or p == str(sentinel)]
            if len(found) != 1:
                raise ValueError("the queryset must use each key exactly once as a parameter")
            places.append(found[0])
        return queryset.model, sql, params, places

    def rows(self, *keys) -> list[tuple]:
        """The rows as tuples (a ``values_list`` queryset)."""
        _model, sql, params = self._sql(keys)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def objects(self, *keys) -> list:
        """The rows as model instances, with the annotations as attributes."""
        model, sql, params = self._sql(keys)
        return list(model.objects.raw(sql, params))
