"""The demo catalogue: every demo body gets a realistic catalogue across the kinds of power, what
is published passes the publication checks, and loading it again creates nothing."""

from __future__ import annotations

import pytest
from django.db.models import F

from sunshine.catalog import demo
from sunshine.catalog.choices import Status
from sunshine.catalog.models import (
    DiscretionBenchmark,
    PowerItem,
    PowerVersion,
    Responsibility,
    Review,
    RiskPoint,
)
from sunshine.catalog.services import publication_problems
from sunshine.core.models import AuditRecord
from sunshine.core.system import system_actor
from sunshine.org import demo as org_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded() -> dict[str, int]:
    with system_actor("test"):
        org_demo.load()
        return demo.load()


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (PowerItem, PowerVersion, RiskPoint, DiscretionBenchmark, Review, AuditRecord)
    }


def test_demo_catalogue_spans_the_kinds_of_power_and_publishes_only_complete_items(loaded):
    latest = PowerVersion.objects.filter(item__latest=F("pk"))
    assert PowerItem.objects.count() >= 30
    assert len(set(latest.values_list("category", flat=True))) >= 8
    assert set(PowerItem.objects.values_list("body__code", flat=True)) == {"ECO", "SAFETY", "TOWN"}
    statuses = set(latest.values_list("status", flat=True))
    assert {Status.PUBLISHED, Status.DRAFT, Status.SUBMITTED} <= statuses
    assert PowerItem.objects.filter(versions__number=2).exists()
    # Every post the data names is a post of the org demo (none was left out as missing).
    duties = sum(len(item.duties) for catalog in demo.CATALOGS for item in catalog.items)
    assert Responsibility.objects.filter(version__number=1).count() == duties
    published = PowerVersion.objects.filter(status=Status.PUBLISHED)
    assert published.count() >= 30
    for version in published:
        assert publication_problems(version) == [], version


def test_loading_the_demo_catalogue_twice_creates_nothing(loaded):
    assert loaded["power items"] >= 30
    before = counts()
    with system_actor("test"):
        again = demo.load()
    assert again == {}
    assert counts() == before
