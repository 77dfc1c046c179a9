"""A body's oversight settings (OVS-1, ANO-5, ANO-6): who may set them, the checks of each value
with the field named, optimistic concurrency and the audit record; the settings page."""

from __future__ import annotations

import pytest
from django.test import Client

from sunshine.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from sunshine.core.models import AuditRecord
from sunshine.org.tests.factories import account_with_role
from sunshine.oversight import configure
from sunshine.oversight.models import OversightSetting

pytestmark = pytest.mark.django_db

LIMITS = {"correction": 30, "rectification": 60, "hearing": 30, "test": 30, "expert_review": 30}


def save(actor, body, version=0, **changes):
    values = {
        "warning_lead_workdays": 2,
        "refusal_count": 3,
        "refusal_window_days": 180,
        "suspension_limits": dict(LIMITS),
        **changes,
    }
    return configure.settings_save(actor=actor, body=body, expected_version=version, **values)


def test_a_body_without_its_own_row_shows_the_defaults(leader, body):
    shown = configure.settings_get(actor=leader, body=body)
    assert (shown.warning_lead_workdays, shown.refusal_count, shown.refusal_window_days) == (2, 3, 180)
    assert shown.suspension_limits == LIMITS
    assert shown.version == 0


def test_the_leader_saves_and_the_save_is_audited(leader, body):
    setting = save(leader, body, refusal_count=4, suspension_limits={**LIMITS, "hearing": 45})
    assert (setting.refusal_count, setting.suspension_limits["hearing"], setting.version) == (4, 45, 1)
    again = save(leader, body, version=1, warning_lead_workdays=3)
    assert (again.warning_lead_workdays, again.version) == (3, 2)
    assert AuditRecord.objects.filter(action="oversight.setting_update").count() == 2


def test_the_discipline_office_may_set_them_too(inspector, body):
    assert save(inspector, body).pk


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"warning_lead_workdays": 31}, "warning_lead_workdays"),
        ({"warning_lead_workdays": "两天"}, "warning_lead_workdays"),
        ({"refusal_count": 1}, "refusal_count"),
        ({"refusal_window_days": 0}, "refusal_window_days"),
        ({"suspension_limits": {**LIMITS, "hearing": 0}}, "suspension_hearing"),
        ({"suspension_limits": {**LIMITS, "test": 366}}, "suspension_test"),
        ({"suspension_limits": {"correction": 30}}, "suspension_rectification"),
    ],
)
def test_bad_values_are_refused_naming_their_field(leader, body, changes, field):
    with pytest.raises(InvalidInput) as refused:
        save(leader, body, **changes)
    assert refused.value.field == field
    assert not OversightSetting.objects.exists()


def test_a_stale_version_is_a_conflict(leader, inspector, body):
    save(leader, body)
    with pytest.raises(Conflict):
        save(inspector, body, version=0, refusal_count=5)
    assert OversightSetting.objects.get().refusal_count == 3


def test_a_clerk_may_not_and_another_body_is_out_of_scope(clerk, leader, body, other_body):
    with pytest.raises(NotPermitted):
        save(clerk, body)
    with pytest.raises(NotFound):
        save(leader, other_body)


def test_administrators_hold_no_business_setting(sysadmin, body):
    """SEC-1: the three administrators hold no business permission."""
    with pytest.raises(NotPermitted):
        configure.settings_get(actor=sysadmin, body=body)


# --- The page -----------------------------------------------------------------------------------------


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_data(version=0, **changes):
    data = {
        "version": version,
        "warning_lead_workdays": "2",
        "refusal_count": "3",
        "refusal_window_days": "180",
        **{f"suspension_{k}": str(v) for k, v in LIMITS.items()},
    }
    return {**data, **changes}


def test_the_page_shows_and_saves(leader, body):
    client = client_for(leader)
    page = client.get("/oversight/settings/")
    assert page.status_code == 200
    assert "黄牌预警提前量" in page.content.decode()
    saved = client.post("/oversight/settings/", form_data(refusal_count="5"))
    assert saved.status_code == 302
    assert OversightSetting.objects.get(body=body).refusal_count == 5


def test_a_bad_value_comes_back_on_its_field(leader):
    response = client_for(leader).post("/oversight/settings/", form_data(refusal_window_days="abc"))
    assert response.status_code == 422
    assert "重复拒绝统计期须为1至3650之间的整数" in response.content.decode()
    assert 'data-testid="error-refusal_window_days"' in response.content.decode()


def test_a_stale_form_is_refused_at_the_top(leader, body):
    save(leader, body)
    response = client_for(leader).post("/oversight/settings/", form_data(version=0))
    assert response.status_code == 409
    assert "设置已被他人修改" in response.content.decode()


def test_the_page_is_forbidden_without_the_permission(clerk, body):
    assert client_for(clerk).get("/oversight/settings/").status_code == 403


def test_a_body_out_of_scope_is_not_found(leader, other_body):
    outsider = account_with_role("principal_leader", unit=other_body, username="other-leader")
    assert client_for(outsider).get("/oversight/settings/").status_code == 200
    assert client_for(leader).get(f"/oversight/settings/?body={other_body.pk}").status_code == 404
