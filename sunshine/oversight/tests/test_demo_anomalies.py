"""The demo holds anomalies (issue #6 §10): oversight's rules flag the demo's irregular cases."""

from __future__ import annotations

import pytest

from sunshine.cases import demo as cases_demo
from sunshine.catalog import demo as catalog_demo
from sunshine.core.system import system_actor
from sunshine.org import demo as org_demo
from sunshine.oversight.choices import AlertKind
from sunshine.oversight.models import Alert
from sunshine.oversight.suspensions import check_suspensions

pytestmark = pytest.mark.django_db


def test_the_demo_raises_anomaly_alerts():
    with system_actor("test"):
        org_demo.load()
        catalog_demo.load()
        cases_demo.load()
        check_suspensions()
    kinds = set(Alert.objects.values_list("kind", flat=True))
    assert {
        AlertKind.REPEATED_REFUSAL,
        AlertKind.DONE_WITHOUT_POST,
        AlertKind.SAME_HANDLER_APPROVER,
        AlertKind.SUSPENSION_OVERDUE,
    } <= kinds, kinds
