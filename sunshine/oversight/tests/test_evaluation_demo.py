"""The demo's stored quarterly evaluation (issue #6 §7, §10): the body with cases gets cases
handled in the last finished quarter (one step late) and that quarter's evaluation, made once."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sunshine.cases import demo as cases_demo
from sunshine.cases.models import Case
from sunshine.catalog import demo as catalog_demo
from sunshine.core.system import system_actor
from sunshine.org import demo as org_demo
from sunshine.oversight.choices import AlertStatus
from sunshine.oversight.models import Alert, QuarterlyEvaluation
from sunshine.oversight.reports import periods
from sunshine.oversight.reports.demo import load_evaluation

pytestmark = pytest.mark.django_db


def test_demo_stores_the_last_quarter_of_the_body_with_cases():
    with system_actor("test"):
        org_demo.load()
        catalog_demo.load()
        cases_demo.load()
        created = load_evaluation()
        assert load_evaluation() == {}  # once only
    year, quarter = periods.previous_quarter(timezone.localdate())
    evaluation = QuarterlyEvaluation.objects.get()
    assert (evaluation.year, evaluation.quarter, evaluation.revision) == (year, quarter, 1)
    assert evaluation.body.name == "示范县安全生产监督管理局"
    assert evaluation.generated_by.username == "safety.inspector"
    assert created["past-quarter cases"] == 3
    totals = evaluation.figures["totals"]
    assert totals["steps"] >= 18
    assert totals["closed"] >= 3
    assert totals["on_time_rate"] < 100  # one on-site check took nine days
    past = Case.objects.filter(
        applicant_name__in=["示范县福临门烟花店", "示范县万家乐超市", "示范县石门采石场"]
    )
    assert past.filter(status="closed").count() == 3
    # Done by the holders of their posts in time (ANO-3 quiet): any alert they raised is closed.
    alerts = Alert.objects.filter(case__in=past)
    assert set(alerts.values_list("status", flat=True)) <= {AlertStatus.CLOSED}
