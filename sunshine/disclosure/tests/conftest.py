"""Fixtures of the portal's tests: a published permit, a draft, a registered case; every test starts
with an empty page cache and rate-limit counters (they live in process memory)."""

from __future__ import annotations

import pytest
from django.core.cache import caches

from sunshine.cases import services as case_services
from sunshine.catalog.tests.factories import complete_draft, published
from sunshine.disclosure import cache


@pytest.fixture(autouse=True)
def _empty_caches():
    cache.clear()
    caches["default"].clear()
    yield
    cache.clear()
    caches["default"].clear()


@pytest.fixture
def permit(clerk, department, legal_reviewer, inspector, leader):
    return published(clerk, department, legal_reviewer, inspector, leader)


@pytest.fixture
def draft(clerk, department):
    return complete_draft(clerk, department, code="XK-DRAFT", name="草稿中的许可事项")


@pytest.fixture
def case(clerk, permit):
    return case_services.case_register(
        actor=clerk,
        version=permit,
        subject="申请烟花爆竹零售经营许可",
        applicant_kind="organisation",
        applicant_name="示范县红星烟花店",
        applicant_id_number="91330000MA0000000X",
        applicant_contact="13800000000",
        received=["申请书"],
    )


# The decisions world (a body's leadership, the clock frozen on a Monday) for the decisions under
# public notice (test_consultations, test_replica).
from sunshine.decisions.tests.conftest import fresh_calendar_cache, frozen, world  # noqa: E402, F401
