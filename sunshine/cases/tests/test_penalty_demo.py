"""The demo's penalty cases show their stage clocks: one past its case duration, one extended."""

from __future__ import annotations

import pytest

from sunshine.cases import demo, penalty
from sunshine.cases.choices import CaseStatus
from sunshine.cases.models import Case
from sunshine.catalog import demo as catalog_demo
from sunshine.catalog.choices import Category
from sunshine.core import clock
from sunshine.core.system import system_actor
from sunshine.org import demo as org_demo

pytestmark = pytest.mark.django_db


def test_demo_penalty_cases_have_stage_clocks_and_one_is_late():
    with system_actor("test"):
        org_demo.load()
        catalog_demo.load()
        created = demo.load()
    assert created["penalty cases with stage clocks"] == 2
    cases = list(Case.objects.filter(power_version__category=Category.PENALTY))
    assert len(cases) >= 4
    assert all(penalty.stage_clocks(c) for c in cases)
    late = [c for c in cases if c.due_at is not None and c.due_at < clock.now()]
    assert late
    assert any(row.late for row in penalty.stage_clocks(late[0]))
    assert Case.objects.get(subject="特种作业人员未持证上岗").status in (
        CaseStatus.RECEIVED,
        CaseStatus.ACCEPTED,
    )
