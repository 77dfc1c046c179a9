"""The demo cases: every state, some late, loaded once."""

from __future__ import annotations

import pytest

from sunshine.cases import demo
from sunshine.cases.choices import CaseStatus, TaskStatus
from sunshine.cases.models import Case, CaseTask
from sunshine.catalog import demo as catalog_demo
from sunshine.core import clock
from sunshine.core.system import system_actor
from sunshine.org import demo as org_demo

pytestmark = pytest.mark.django_db


def test_demo_cases_cover_the_states_and_some_are_late():
    with system_actor("test"):
        org_demo.load()
        catalog_demo.load()
        created = demo.load()
        assert demo.load() == {}  # once only
    assert created["cases"] + created.get("penalty cases with stage clocks", 0) == Case.objects.count() >= 6
    states = set(Case.objects.values_list("status", flat=True))
    assert {
        CaseStatus.RECEIVED,
        CaseStatus.CORRECTING,
        CaseStatus.ACCEPTED,
        CaseStatus.REFUSED,
        CaseStatus.CLOSED,
    } <= states
    late = CaseTask.objects.filter(status=TaskStatus.OPEN, due_at__lt=clock.now())
    assert late.exists()
    assert Case.objects.get(status=CaseStatus.CORRECTING).notice.missing
