"""The demo's supervision orders: from its red alerts, one overdue and escalated, one replied, one
closed; loaded once."""

from __future__ import annotations

import pytest

from sunshine.cases import demo as cases_demo
from sunshine.catalog import demo as catalog_demo
from sunshine.core.system import system_actor
from sunshine.org import demo as org_demo
from sunshine.oversight import demo
from sunshine.oversight.models import Alert, SupervisionOrder

pytestmark = pytest.mark.django_db


def test_demo_orders_from_red_alerts_in_three_states():
    with system_actor("test"):
        org_demo.load()
        catalog_demo.load()
        cases_demo.load()
        created = demo.load()
        assert demo.load() == {}  # once only
    assert created["supervision orders"] == 3
    orders = SupervisionOrder.objects.all()
    assert sorted(orders.values_list("status", flat=True)) == ["closed", "issued", "replied"]
    assert all(o.alert is not None and o.alert.level == "red" for o in orders)
    # about cases past their limit (the scan ran although the cases' anomaly alerts came first),
    # a penalty case's filing or duration among them (CASE-146/157)
    assert {(o.alert.kind, o.alert.task_id) for o in orders} == {("overdue", None)}
    assert Alert.objects.filter(kind__in=["deadline_near", "overdue"]).count() > 3
    assert {o.alert.case.power_version.category for o in orders} >= {"permit", "penalty"}
    overdue = orders.get(status="issued")
    assert overdue.escalated_at is not None
    assert sorted(orders.values_list("seq", flat=True)) == [1, 2, 3]
