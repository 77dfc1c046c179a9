"""core.compiled: a queryset's SQL written once, run with other keys."""

from __future__ import annotations

import pytest

from sunshine.core.compiled import CompiledQuery
from sunshine.org.models import Unit
from sunshine.org.tests.factories import DepartmentFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_rows_and_objects_are_those_of_the_queryset_for_each_key():
    one, two = UnitFactory(code="A1", name="甲局"), UnitFactory(code="B1", name="乙局")
    DepartmentFactory(parent=one, code="A1-D1", name="甲局一股")
    by_body_and_code = CompiledQuery(
        lambda body, code: Unit.objects.filter(body=body, code=code).values_list("name", flat=True)
    )
    assert by_body_and_code.rows(one.pk, "A1-D1") == [("甲局一股",)]
    assert by_body_and_code.rows(two.pk, "A1-D1") == []
    by_pk = CompiledQuery(lambda pk: Unit.objects.filter(pk=pk))
    assert [u.name for u in by_pk.objects(two.pk)] == ["乙局"]
    assert [u.name for u in by_pk.objects(one.pk)] == ["甲局"]


def test_a_key_used_twice_or_not_at_all_is_refused():
    with pytest.raises(ValueError, match="exactly once"):
        CompiledQuery(lambda pk: Unit.objects.filter(pk=pk) | Unit.objects.filter(parent=pk)).rows(1)
    with pytest.raises(ValueError, match="exactly once"):
        CompiledQuery(lambda pk: Unit.objects.all()).rows(1)


def test_a_builder_of_any_number_of_keys_is_written_once_per_count():
    for code, name in (("A1", "甲局"), ("B1", "乙局"), ("C1", "丙局")):
        UnitFactory(code=code, name=name)
    by_codes = CompiledQuery(
        lambda *codes: Unit.objects.filter(code__in=codes).values_list("name", flat=True)
    )
    assert sorted(by_codes.rows("A1", "C1")) == [("丙局",), ("甲局",)]
    assert by_codes.rows("B1") == [("乙局",)]
    assert sorted(by_codes.rows("C1", "B1")) == [("丙局",), ("乙局",)]  # the two-key statement again
    assert len(by_codes._compiled) == 2
