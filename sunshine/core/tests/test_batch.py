"""core.prepared.batch: statements sent together (a pipeline on PostgreSQL), their answers read
when the batch ends; off PostgreSQL each runs at once. A case step reads in one batch and writes in
another (issue #6 §11, ADR 0023)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
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


class _RolledBack(Exception):
    pass


@transaction.atomic
def _then_rolled_back(work) -> None:
    work()
    raise _RolledBack


def rolled_back(work) -> None:
    """Run ``work`` in a transaction of its own that is then rolled back."""
    with pytest.raises(_RolledBack):
        _then_rolled_back(work)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_batch_that_opens_its_transaction_sends_begin_with_it():
    """core.pipeline: the first statements of a transaction go in the batch, after the BEGIN psycopg
    would have sent: without it each would commit at the batch's end, and the rollback lose nothing."""
    unit = UnitFactory(code="A1", name="甲局")
    unit.name = "甲局（改）"
    seen = []

    def write() -> None:
        with prepared.batch():
            rowwrite.update(unit, ["name"])
        seen.append(Unit.objects.get(pk=unit.pk).name)

    rolled_back(write)
    assert seen == ["甲局（改）"]  # inside the transaction
    assert Unit.objects.get(pk=unit.pk).name == "甲局"


def _refused(unit) -> None:
    with transaction.atomic(), prepared.batch():
        prepared.send("SELECT no_such_column FROM org_unit WHERE id = %s", [unit.pk])


def _failing(unit):
    with prepared.batch():
        read = _NAME.later(unit.pk)
        raise _RolledBack(read)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_refused_batch_leaves_the_connection_usable_and_its_statements_prepared_again():
    """A statement the server cannot prepare fails its batch; the next batch on the connection
    runs (the pipeline was drained and left), and a rollback does not drop our prepared
    statements (psycopg deallocates all of its own after one: we keep ours apart)."""
    unit = UnitFactory(code="A1", name="甲局")
    with pytest.raises(DatabaseError):
        _refused(unit)
    assert _NAME.rows(unit.pk) == [("甲局",)]
    rolled_back(lambda: _NAME.rows(unit.pk))
    assert _NAME.rows(unit.pk) == [("甲局",)]  # prepared before the rollback, still there
    with pytest.raises(_RolledBack) as failed:  # an error of this process's own inside a batch
        _failing(unit)
    assert not connection.connection.pgconn.pipeline_status
    assert _NAME.rows(unit.pk) == [("甲局",)]
    (read,) = failed.value.args
    with pytest.raises(RuntimeError):
        _ = read.rows  # its batch failed: never answered


def test_djangos_execute_wrappers_see_each_statement_of_a_batch():
    unit = UnitFactory(code="A1", name="甲局")
    seen = []

    def wrapper(execute, sql, params, many, context):
        seen.append(sql.split(" ", 1)[0])
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper), prepared.batch():
        rowwrite.update(unit, ["name"])
        read = _NAME.later(unit.pk)
    assert seen == ["UPDATE", "SELECT"]
    assert read.rows == [("甲局",)]


@pytest.mark.postgres
def test_psycopg_preparing_statements_of_its_own_is_refused(monkeypatch):
    """After a rollback psycopg deallocates every prepared statement of the connection when it has
    prepared any itself (Django's prepare_threshold option): ours would be gone."""
    monkeypatch.setattr(connection.connection, "prepare_threshold", 5)
    with pytest.raises(ImproperlyConfigured, match="prepare_threshold"), prepared.batch():
        pass


def _orm_inside() -> None:
    with prepared.batch():
        Unit.objects.count()


@pytest.mark.postgres
def test_the_orm_inside_a_batch_is_refused_at_once():
    """psycopg would wait for the answer of a statement sent behind the batch's back, which the
    server keeps till the batch's end: refused instead, and the connection usable after."""
    with pytest.raises(RuntimeError, match="outside core"):
        _orm_inside()
    assert not connection.connection.pgconn.pipeline_status
    assert Unit.objects.count() >= 0
