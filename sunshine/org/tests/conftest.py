"""Fixtures of the org tests (the personas are in the project's conftest.py)."""

from __future__ import annotations

import pytest

from sunshine.core.models import AuditRecord
from sunshine.org.choices import DataScope
from sunshine.org.tests.factories import DepartmentFactory, UnitFactory, account_with_role


@pytest.fixture
def audit_count():
    return lambda action: AuditRecord.objects.filter(action=action).count()


@pytest.fixture
def subordinate(body):
    """An affiliated unit (直属单位) under the body."""
    return UnitFactory(name="示范监测站", code="BODY-1-S", parent=body)


@pytest.fixture
def other_department(body):
    return DepartmentFactory(name="安监二股", code="BODY-1-D2", parent=body)


@pytest.fixture
def body_sysadmin(body):
    """A system administrator whose data scope is the body only."""
    return account_with_role(
        "system_admin",
        unit=body,
        scope=DataScope.OWN_BODY,
        username="bodyadmin",
        full_name="本单位系统管理员",
    )
