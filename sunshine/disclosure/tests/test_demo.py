"""The demo data of routine disclosure and requests: a plan per demo body with publications and one
late period, two requests per body (one answered); idempotent."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from sunshine.core import clock
from sunshine.disclosure import services
from sunshine.disclosure.models import DisclosurePlan, InformationRequest, Publication

pytestmark = pytest.mark.django_db


def test_demo_loads_plans_publications_late_items_and_requests_once():
    call_command("demo")
    plans = DisclosurePlan.objects.count()
    assert plans == 3
    assert InformationRequest.objects.filter(status="answered").count() == 3
    assert InformationRequest.objects.filter(status="assigned").count() == 3
    publications = Publication.objects.count()
    if clock.today().month >= 5:  # a quarter is due by then: published ones and one late per body
        assert publications > 0
        late = [r for p in DisclosurePlan.objects.all() for r in services.late_rows(body=p.body)]
        assert len([r for r in late if r.publication is None]) == 3
    call_command("demo")
    assert DisclosurePlan.objects.count() == plans
    assert Publication.objects.count() == publications
