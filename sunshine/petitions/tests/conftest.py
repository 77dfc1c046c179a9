"""Fixtures of the petitions tests: a body with a principal leader who has an account, its office
(triage), a clerk (handler), the discipline inspector, and items filed on the portal."""

from __future__ import annotations

import datetime as dt

import pytest

from sunshine.core import clock
from sunshine.org.tests.factories import PersonFactory, account_with_role, principal
from sunshine.petitions import services

# Monday 2 March 2026, 10:00 in Asia/Shanghai: a plain fortnight without holidays follows.
MONDAY = dt.datetime(2026, 3, 2, 10, 0, tzinfo=clock.LOCAL_TZ)


@pytest.fixture
def office(body):
    return account_with_role("office_clerk", unit=body, username="office", full_name="周办公室")


@pytest.fixture
def leader_person(body, leader):
    """The principal leader of ``body`` as a person, holding the ``leader`` account."""
    return principal(body, PersonFactory(unit=body, name="李局长", user=leader))


@pytest.fixture
def clerk_person(department, clerk):
    return PersonFactory(unit=department, name="张承办", user=clerk)


def file(body, **kwargs):
    fields = {
        "actor": None,
        "body": body,
        "kind": "complaint",
        "channel": "portal",
        "subject": "窗口办事拖延",
        "content": "三月一日到窗口办理许可，工作人员推诿拖延，要求再跑三次。",
        "anonymous": True,
    }
    return services.petition_file(**{**fields, **kwargs})


@pytest.fixture
def filed(body):
    """An anonymous complaint filed on the portal on MONDAY: (petition, secret)."""
    with clock.as_of(MONDAY):
        return file(body)


@pytest.fixture
def named(body):
    with clock.as_of(MONDAY):
        return file(body, anonymous=False, name="王小明", phone="13900000000", address="示范县幸福路1号")
