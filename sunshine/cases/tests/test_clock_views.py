"""The clock pages of a case: suspend and resume by its handlers, extension by the principal leader."""

from __future__ import annotations

import pytest
from django.test import Client

from sunshine.cases.tests.test_clocks import accepted  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_handler_suspends_and_resumes_the_clock(clerk, accepted):  # noqa: F811
    page = client_for(clerk).get(f"/cases/{accepted.pk}/")
    assert 'data-testid="case-suspend"' in page.content.decode()
    assert 'data-testid="case-extend"' not in page.content.decode()
    response = client_for(clerk).post(
        f"/cases/{accepted.pk}/suspend/", {"kind": "rectification", "note": "整改"}
    )
    assert response.status_code == 302
    accepted.refresh_from_db()
    assert accepted.due_at is None
    assert 'data-testid="case-resume"' in client_for(clerk).get(f"/cases/{accepted.pk}/").content.decode()
    assert client_for(clerk).post(f"/cases/{accepted.pk}/resume/", {}).status_code == 302
    accepted.refresh_from_db()
    assert accepted.due_at is not None


def test_only_the_principal_extends_and_the_cap_is_shown_with_its_rule(clerk, leader, accepted):  # noqa: F811
    assert client_for(clerk).get(f"/cases/{accepted.pk}/extend/").status_code == 403
    ok = client_for(leader).post(f"/cases/{accepted.pk}/extend/", {"amount": 8, "reason": "需专家论证"})
    assert ok.status_code == 302
    refused = client_for(leader).post(f"/cases/{accepted.pk}/extend/", {"amount": 5, "reason": "再延"})
    assert refused.status_code == 422
    page = refused.content.decode()
    assert "CASE-115" in page
    assert "延期合计不得超过" in page
