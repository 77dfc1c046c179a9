"""The demo year of talks and letters (issue #9 §8): replayed through the services for a body whose
discipline office and leader have accounts; one reply late, one awaiting, an admonition in effect."""

from __future__ import annotations

import pytest

from sunshine.cadres.talks import demo
from sunshine.cadres.talks.choices import Kind, Status
from sunshine.cadres.talks.models import Talk
from sunshine.core import clock
from sunshine.org.tests.factories import account_with_role

pytestmark = pytest.mark.django_db


def test_demo_year_per_body(inspector, leader, clerk, department):
    account_with_role("clerk", unit=department, username="cadre", full_name="周科长")
    assert demo.load() == {"talks and letters": 7}
    talks = Talk.objects.all()
    assert talks.filter(kind=Kind.INQUIRY, reply_late=True).count() == 1
    assert talks.filter(kind=Kind.INQUIRY, status=Status.NOTIFIED).count() == 1
    admonition = talks.get(kind=Kind.ADMONITION)
    assert admonition.effect_until > clock.today()
    assert demo.load() == {}  # idempotent
