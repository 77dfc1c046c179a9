"""The decisions demo: a year of topics and meetings per demo body with its own rules (§10 of issue
#7): adopted, rejected and deferred topics, a personnel vote by secret ballot, one refused attempt by
the principal leader, an evaluated decision; idempotent."""

from __future__ import annotations

import pytest

from sunshine.core.system import system_actor
from sunshine.decisions import demo
from sunshine.decisions.choices import EvaluationResult, NoticeKind, Outcome, VoteMethod
from sunshine.decisions.models import AgendaItem, DisciplineNotice, Evaluation, Minutes, ScopeSettings, Vote
from sunshine.org import demo as org_demo

pytestmark = pytest.mark.django_db


def test_demo_year_of_decisions_per_body():
    with system_actor("test"):
        org_demo.load()
        created = demo.load()
    assert created == {"topics": 18, "meetings": 12, "minutes": 12}
    for code in demo.BODIES:
        items = AgendaItem.objects.filter(meeting__body__code=code)
        assert {Outcome.ADOPTED, Outcome.REJECTED, Outcome.DEFERRED} <= set(
            items.values_list("outcome", flat=True)
        )
        assert Vote.objects.filter(
            item__in=items, method=VoteMethod.SECRET, item__topic__kind="personnel"
        ).exists()
        (refused,) = DisciplineNotice.objects.filter(body__code=code, kind=NoticeKind.REFUSED)
        assert refused.rule == "DEC-64"
        assert Evaluation.objects.get(item__in=items).result == EvaluationResult.CONTINUE
        assert Minutes.objects.filter(body__code=code, locked_at__isnull=False).count() == 4
    assert ScopeSettings.objects.get(body__code="SAFETY").quorum["office"]["general"] == [2, 3]
    assert ScopeSettings.objects.get(body__code="TOWN").notice_workdays == 1
    with system_actor("test"):
        assert demo.load() == {"topics": 0, "meetings": 0, "minutes": 0}
    assert demo.has_data()
