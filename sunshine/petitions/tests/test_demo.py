"""The demo data: items in every state per body, a leader report for the discipline office only, one
transfer, late items as alerts; idempotent."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from sunshine.petitions.models import Petition, PetitionAlert

pytestmark = pytest.mark.django_db


def test_demo_loads_petitions_once():
    call_command("demo")
    count = Petition.objects.count()
    assert count >= 18
    assert set(Petition.objects.values_list("status", flat=True)) == {
        "received",
        "assigned",
        "answered",
        "closed",
    }
    assert Petition.objects.filter(discipline_only=True).count() == 3
    assert Petition.objects.filter(events__kind="transferred").exists()
    assert PetitionAlert.objects.filter(level="red", resolved_at__isnull=True).exists()
    call_command("demo")
    assert Petition.objects.count() == count
