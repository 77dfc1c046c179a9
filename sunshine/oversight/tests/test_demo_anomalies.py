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
        AlertKind.DISCRETION_EXCEEDED,
    } <= kinds, kinds
    # Only the deputy's step given him by hand is done without the post: everyone else held theirs
    # on the (past) day of the step (org.demo.DEMO_HOLDINGS_SINCE).
    irregular = Alert.objects.filter(kind=AlertKind.DONE_WITHOUT_POST)
    assert [a.message for a in irregular] == [
        f"办件{irregular[0].case.number}的“审查”环节由朱建军办理，其不在“承办人A”岗位"
    ]
