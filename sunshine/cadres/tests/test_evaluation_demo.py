"""Demo evaluation rounds (issue #9 §8): one per demo body, one with a triggered follow-up."""

from __future__ import annotations

import pytest

from sunshine.cadres.evaluation import demo
from sunshine.cadres.evaluation.choices import OutcomeKind, RoundStatus
from sunshine.cadres.evaluation.models import EvaluationOutcome, EvaluationRound
from sunshine.org import demo as org_demo

pytestmark = pytest.mark.django_db


def test_one_round_per_demo_body_and_one_follow_up(as_system):
    org_demo.load()
    assert demo.load() == {"evaluation rounds": 3}
    statuses = sorted(EvaluationRound.objects.values_list("status", flat=True))
    assert statuses == sorted([RoundStatus.COUNTED, RoundStatus.COUNTED, RoundStatus.VOTING])
    follow_up = EvaluationOutcome.objects.get(kind=OutcomeKind.FOLLOW_UP)
    assert follow_up.rule == "SUP-11"
    assert follow_up.round.body.name == "示范市生态环境局"
    assert demo.load() == {}  # idempotent
