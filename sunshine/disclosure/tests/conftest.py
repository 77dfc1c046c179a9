"""Fixtures of the portal's tests: a published permit, a draft, a registered case; every test starts
with an empty page cache and rate-limit counters (they live in process memory)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import caches

from sunshine.cases import services as case_services
from sunshine.catalog.tests.factories import complete_draft, published
from sunshine.core import clock
from sunshine.disclosure import cache
from sunshine.disclosure import services as disclosure_services
from sunshine.org.tests.factories import account_with_role


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

# --- Routine disclosure and information requests ---------------------------------------------------

# Monday 2 March 2026, 10:00 in Asia/Shanghai: no holiday in the four weeks that follow.
MONDAY = dt.datetime(2026, 3, 2, 10, 0, tzinfo=clock.LOCAL_TZ)


@pytest.fixture
def office(body):
    return account_with_role("office_clerk", unit=body, username="office", full_name="周办公室")


@pytest.fixture
def plan(office, body):
    with clock.as_of(MONDAY):
        return disclosure_services.plan_create(actor=office, body=body, year=2026)


@pytest.fixture
def quarterly(office, plan, department):
    with clock.as_of(MONDAY):
        return disclosure_services.plan_item_add(
            actor=office,
            plan=plan,
            title="财政预算执行情况",
            category="finance",
            frequency="quarterly",
            department=department,
            channel="门户网站",
        )


def file_request(body, **kwargs):
    fields = {
        "actor": None,
        "body": body,
        "channel": "portal",
        "name": "王小明",
        "contact": "13900000000",
        "address": "示范县幸福路1号",
        "description": "2025年度本局行政处罚案件的数量和罚没款总额",
        "delivery_form": "online",
    }
    return disclosure_services.request_file(**{**fields, **kwargs})


@pytest.fixture
def filed_request(body):
    """An information request filed on the portal on MONDAY: (request, secret)."""
    with clock.as_of(MONDAY):
        return file_request(body)
