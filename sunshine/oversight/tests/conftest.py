"""Fixtures of the oversight tests: a published permit and cases on it, some late."""

from __future__ import annotations

import datetime as dt

import pytest

from sunshine.cases import services as case_services
from sunshine.cases.choices import TaskStatus
from sunshine.catalog.tests.factories import published
from sunshine.core import clock


@pytest.fixture
def permit(clerk, department, legal_reviewer, inspector, leader):
    return published(clerk, department, legal_reviewer, inspector, leader)


def register(actor, version, **kwargs):
    fields = {
        "subject": "申请烟花爆竹零售经营许可",
        "applicant_kind": "organisation",
        "applicant_name": "示范县红星烟花店",
        "applicant_contact": "13800000000",
        "received": ["申请书"],
    }
    return case_services.case_register(actor=actor, version=version, **{**fields, **kwargs})


def open_task(case):
    return case.tasks.get(status=TaskStatus.OPEN)


@pytest.fixture
def late_case(clerk, permit):
    """A case whose first step (5 working days) is long past its limit, assigned to the clerk."""
    case = register(clerk, permit, received_at=clock.now() - dt.timedelta(days=30))
    task = open_task(case)
    task.assignee = clerk
    task.save(update_fields=["assignee"])
    return case


@pytest.fixture
def fresh_case(clerk, permit):
    case = register(clerk, permit)
    task = open_task(case)
    task.assignee = clerk
    task.save(update_fields=["assignee"])
    return case
