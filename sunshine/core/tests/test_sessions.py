"""Sessions end after 30 minutes idle (SEC-3), audited as auth.session_timeout; CSRF guards every
form and every session-authenticated API write."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from sunshine.core.services import SESSION_LAST_ACTIVITY, sessions_end_idle
from sunshine.core.tests.conftest import audit_actions

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture
def logged_in(client, frozen_clock, clerk, password):
    response = client.post(LOGIN, {"username": "clerk", "password": password})
    assert response.status_code == 302
    return client


def test_log_in_starts_the_idle_clock(logged_in, frozen_clock):
    assert logged_in.session[SESSION_LAST_ACTIVITY] == int(frozen_clock.now.timestamp())


def test_activity_within_thirty_minutes_keeps_the_session(logged_in, frozen_clock):
    for _ in range(3):
        frozen_clock.advance(minutes=29)
        assert logged_in.get("/").status_code == 200
    assert logged_in.session[SESSION_LAST_ACTIVITY] == int(frozen_clock.now.timestamp())


def test_thirty_minutes_idle_ends_the_session_with_a_notice(logged_in, frozen_clock, clerk):
    frozen_clock.advance(minutes=30, seconds=1)
    response = logged_in.get("/messages/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=%2Fmessages%2F"
    page = logged_in.get(response["Location"])
    assert "会话空闲超过30分钟，已自动退出" in page.content.decode()
    assert logged_in.get("/").status_code == 302
    assert audit_actions(object_id=str(clerk.pk)) == ["auth.login", "auth.session_timeout"]


def test_idle_session_ends_for_htmx_with_a_redirect_header(logged_in, frozen_clock):
    frozen_clock.advance(minutes=31)
    response = logged_in.get("/messages/", HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"] == LOGIN


def test_idle_session_gets_401_from_the_api(logged_in, frozen_clock, clerk):
    assert logged_in.get("/api/v1/auth/me").status_code == 200
    frozen_clock.advance(minutes=31)
    response = logged_in.get("/api/v1/auth/me")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert audit_actions(object_id=str(clerk.pk))[-1] == "auth.session_timeout"


def test_periodic_sweep_ends_and_audits_sessions_nobody_came_back_to(logged_in, frozen_clock, clerk, leader):
    other = Client()
    other.force_login(leader)
    other.get("/")  # starts the leader's idle clock at the same time
    frozen_clock.advance(minutes=20)
    other.get("/")  # the leader stays active
    frozen_clock.advance(minutes=11)
    assert sessions_end_idle() == 1
    assert audit_actions(action="auth.session_timeout") == ["auth.session_timeout"]
    assert audit_actions(object_id=str(clerk.pk))[-1] == "auth.session_timeout"
    assert other.get("/").status_code == 200
    response = logged_in.get("/", follow=True)
    assert response.redirect_chain[-1][0].startswith(LOGIN)
    assert "会话空闲超过30分钟，已自动退出" in response.content.decode()
    assert sessions_end_idle() == 0  # ended once, audited once


def test_sweep_leaves_anonymous_sessions_alone(client, frozen_clock):
    session = client.session
    session["language"] = "en"
    session.save()
    frozen_clock.advance(hours=2)
    assert sessions_end_idle() == 0
    assert Session.objects.filter(session_key=session.session_key).exists()


# --- CSRF -------------------------------------------------------------------------------------------


@pytest.fixture
def strict_client():
    return Client(enforce_csrf_checks=True)


def csrf_token(client, path=LOGIN) -> str:
    client.get(path)
    return client.cookies["csrftoken"].value


def test_login_form_without_csrf_token_is_refused_in_chinese(strict_client, clerk, password):
    response = strict_client.post(LOGIN, {"username": "clerk", "password": password})
    assert response.status_code == 403
    assert "页面已过期或请求来源无法验证" in response.content.decode()
    assert audit_actions(action="auth.login") == []


def test_login_form_with_csrf_token_is_accepted(strict_client, clerk, password):
    token = csrf_token(strict_client)
    response = strict_client.post(
        LOGIN, {"username": "clerk", "password": password, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def test_page_forms_need_the_csrf_token(strict_client, clerk):
    strict_client.force_login(clerk)
    assert strict_client.post("/messages/read-all/").status_code == 403
    assert strict_client.post("/accounts/logout/").status_code == 403


def test_session_authenticated_api_write_needs_the_csrf_header(strict_client, clerk, password):
    strict_client.force_login(clerk)
    body = {"old_password": password, "new_password": "Another#Pass2"}
    response = strict_client.post("/api/v1/auth/password", body, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert "CSRF" in response.json()["message"]
    token = csrf_token(strict_client, "/")
    response = strict_client.post(
        "/api/v1/auth/password", body, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 204


def test_token_authenticated_api_write_needs_no_csrf_header(strict_client, clerk, password):
    from sunshine.core.services import api_token_issue

    _, key = api_token_issue(user=clerk)
    response = strict_client.post(
        "/api/v1/auth/password",
        {"old_password": password, "new_password": "Another#Pass2"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 204
