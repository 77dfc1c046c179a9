"""Staff pages (/petitions/): permissions, scope, the identity button and its audit, the oversight
dashboard's card (its template hook)."""

from __future__ import annotations

import datetime as dt

import pytest

from sunshine.core import clock
from sunshine.core.models import AuditRecord
from sunshine.petitions import services
from sunshine.petitions.tests.conftest import MONDAY, file

pytestmark = pytest.mark.django_db


def test_list_needs_log_in(client):
    assert client.get("/petitions/").status_code == 302


def test_list_shows_items_of_my_body(client, office, body):
    petition, _ = file(body)
    client.force_login(office)
    page = client.get("/petitions/").content.decode()
    assert petition.code in page


def test_detail_outside_scope_is_404(client, body, other_body):
    from sunshine.org.tests.factories import account_with_role

    petition, _ = file(body)
    client.force_login(account_with_role("office_clerk", unit=other_body, username="stranger"))
    assert client.get(f"/petitions/{petition.pk}/").status_code == 404


def test_register_a_call_as_first_contact_officer(client, office, body):
    client.force_login(office)
    response = client.post(
        "/petitions/register/",
        {"channel": "phone", "body": body.pk, "kind": "request", "name": "赵女士", "phone": "138",
         "subject": "咨询许可材料", "content": "来电咨询烟花爆竹零售许可需要哪些材料。"},
    )  # fmt: skip
    assert response.status_code == 201
    assert "receipt-secret" in response.content.decode()


def test_identity_button_only_for_assigned_handler_and_read_audited(
    client, office, clerk, clerk_person, body
):
    petition, _ = file(body, anonymous=False, name="王小明", phone="13900000000")
    services.petition_assign(actor=office, petition=petition, handler=clerk)
    client.force_login(office)
    page = client.get(f"/petitions/{petition.pk}/").content.decode()
    assert "read-identity" not in page
    assert "王小明" not in page
    client.force_login(clerk)
    page = client.get(f"/petitions/{petition.pk}/").content.decode()
    assert "read-identity" in page
    assert "王小明" not in page
    shown = client.post(f"/petitions/{petition.pk}/identity/").content.decode()
    assert "王小明" in shown
    assert AuditRecord.objects.filter(action="petitions.identity_read", actor_id=clerk.pk).count() == 1


def test_action_error_is_shown_on_the_form(client, office, body, other_body):
    petition, _ = file(body)
    client.force_login(office)
    response = client.post(
        f"/petitions/{petition.pk}/transfer/",
        {"version": petition.version, "to_body": other_body.pk, "reason": ""},
    )
    assert response.status_code == 422


def test_dashboard_and_oversight_card_show_late_items(client, as_system, inspector, body):
    with clock.as_of(MONDAY):
        file(body)
    services.petitions_scan(now=MONDAY + dt.timedelta(days=60))
    client.force_login(inspector)
    page = client.get("/petitions/alerts/").content.decode()
    assert 'data-testid="petition-count-red"' in page
    card = client.get("/oversight/").content.decode()
    assert 'data-testid="petition-alert-card"' in card


def test_dashboard_refused_without_supervise(client, clerk):
    client.force_login(clerk)
    assert client.get("/petitions/alerts/").status_code == 403
