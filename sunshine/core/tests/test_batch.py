"""core.prepared.batch: statements sent together (a pipeline on PostgreSQL), their answers read
when the batch ends; off PostgreSQL each runs at once. A case step reads in one batch and writes in
another (issue #6 §11, ADR 0023)."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from sunshine.core import prepared, rowwrite
from sunshine.core.compiled import CompiledQuery
from sunshine.org.models import Unit
from sunshine.org.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

_NAME = CompiledQuery(lambda pk: Unit.objects.filter(pk=pk).values_list("name", flat=True))


def test_reads_and_writes_in_a_batch_are_answered_when_it_ends():
    one, two = UnitFactory(code="A1", name="甲局"), UnitFactory(code="B1", name="乙局")
    one.name = "甲局（新）"
    seen = []
    with prepared.batch():
        rowwrite.update(one, ["name"])
        first, second = _NAME.later(one.pk), _NAME.later(two.pk)
        prepared.after(lambda: seen.append(first.rows))
    assert (first.rows, second.rows) == ([("甲局（新）",)], [("乙局",)])
    assert seen == [[("甲局（新）",)]]  # ``after`` ran once the answers were in, in order
    assert Unit.objects.get(pk=one.pk).name == "甲局（新）"


@pytest.mark.postgres
def test_on_postgresql_a_batch_is_one_pipeline_and_its_rows_come_at_its_end():
    unit = UnitFactory(code="A1", name="甲局")
    with prepared.batch():
        assert connection.connection.pgconn.pipeline_status  # on
        read = _NAME.later(unit.pk)
        with pytest.raises(RuntimeError, match="once the batch has ended"):
            _ = read.rows
    assert not connection.connection.pgconn.pipeline_status
    assert read.rows == [("甲局",)]


def test_a_write_that_finds_no_row_fails_the_batch_and_nothing_after_it_runs():
    unit = UnitFactory(code="A1", name="甲局")
    gone = Unit(pk=unit.pk + 1000, name="无此单位", code="X")
    ran = []
    unit.name = "甲局（改）"

    @transaction.atomic
    def writes():
        with prepared.batch():
            rowwrite.update(unit, ["name"])
            rowwrite.update(gone, ["name"])
            prepared.after(lambda: ran.append(True))

    with pytest.raises(DatabaseError, match="was not updated"):
        writes()
    assert ran == []
    assert Unit.objects.get(pk=unit.pk).name == "甲局"  # the transaction rolled back whole


def test_a_statement_the_database_refuses_raises_djangos_error_at_the_batch_end():
    unit = UnitFactory(code="A1", name="甲局")
    twin = Unit(name="甲局二", code="A1", kind=unit.kind)  # units' codes are unique
    unit.name = "甲局（改）"

    @transaction.atomic
    def writes():
        with prepared.batch():
            rowwrite.update(unit, ["name"])
            rowwrite.insert(twin)

    with pytest.raises(IntegrityError):
        writes()
    assert twin.pk is None
    assert Unit.objects.get(pk=unit.pk).name == "甲局"
    assert Unit.objects.filter(code="A1").count() == 1


@pytest.mark.postgres
def test_the_query_log_shows_each_prepared_statement_as_written():
    unit = UnitFactory(code="A1", name="甲局")
    with CaptureQueriesContext(connection) as log:
        _NAME.rows(unit.pk)
        with prepared.batch():
            rowwrite.update(unit, ["name"])
    statements = [query["sql"] for query in log.captured_queries]
    assert statements[0].startswith('SELECT "org_unit"."name" AS "name" FROM "org_unit"')
    assert statements[1].startswith('UPDATE "org_unit" SET "name" = %s')
