"""Log-in, lock-out and log-out (SEC-2), each audited; the log-in page as a browser posts to it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from sunshine.core import clock
from sunshine.core.models import User
from sunshine.core.services import login_attempt
from sunshine.core.tests.conftest import audit_actions

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def fail_times(user, n: int):
    result = None
    for _ in range(n):
        result = login_attempt(username=user.username, password="Wrong#Pass1")
    return result


# --- The service ------------------------------------------------------------------------------------


def test_right_password_logs_in_and_is_audited(clerk, password):
    result = login_attempt(username="CLERK", password=password)
    assert result.user == clerk
    clerk.refresh_from_db()
    assert clerk.last_login is not None
    assert audit_actions(object_id=str(clerk.pk)) == ["auth.login"]


def test_wrong_password_is_refused_counted_and_audited(clerk):
    result = login_attempt(username="clerk", password="Wrong#Pass1")
    assert result.user is None
    assert result.code == "invalid_credentials"
    assert result.message == "用户名或口令错误"
    clerk.refresh_from_db()
    assert clerk.failed_login_count == 1
    assert audit_actions(object_id=str(clerk.pk)) == ["auth.login_failed"]


def test_unknown_user_gets_the_same_answer_and_is_audited(db):
    result = login_attempt(username="nobody", password="Wrong#Pass1")
    assert (result.user, result.code, result.message) == (None, "invalid_credentials", "用户名或口令错误")
    assert audit_actions(action="auth.login_failed", object_type="core.user", object_id="-") == [
        "auth.login_failed"
    ]


def test_five_failures_lock_the_account_for_fifteen_minutes(frozen_clock, clerk):
    assert fail_times(clerk, 4).code == "invalid_credentials"
    result = fail_times(clerk, 1)
    assert result.code == "account_locked"
    assert result.rule == "SEC-2"
    clerk.refresh_from_db()
    assert clerk.locked_until == frozen_clock.now + dt.timedelta(minutes=15)
    assert (
        result.message == f"连续5次登录失败，账号已锁定至 {clock.local(clerk.locked_until):%H:%M}，请稍后再试"
    )
    assert audit_actions(object_id=str(clerk.pk))[-2:] == ["auth.login_failed", "auth.locked"]


def test_locked_account_is_refused_even_with_the_right_password(frozen_clock, clerk, password):
    fail_times(clerk, 5)
    frozen_clock.advance(minutes=14, seconds=59)
    result = login_attempt(username="clerk", password=password)
    assert result.user is None
    assert result.code == "account_locked"
    assert audit_actions(object_id=str(clerk.pk))[-1] == "auth.login_refused"


def test_account_unlocks_after_fifteen_minutes(frozen_clock, clerk, password):
    fail_times(clerk, 5)
    frozen_clock.advance(minutes=15, seconds=1)
    assert login_attempt(username="clerk", password=password).user == clerk
    clerk.refresh_from_db()
    assert clerk.failed_login_count == 0
    assert clerk.locked_until is None


def test_a_success_resets_the_failure_count(clerk, password):
    fail_times(clerk, 4)
    login_attempt(username="clerk", password=password)
    assert fail_times(clerk, 4).code == "invalid_credentials"  # four more: still not locked


def test_disabled_account_is_refused(clerk, password):
    User.objects.filter(pk=clerk.pk).update(is_active=False)
    result = login_attempt(username="clerk", password=password)
    assert (result.user, result.code) == (None, "account_inactive")
    assert audit_actions(object_id=str(clerk.pk)) == ["auth.login_refused"]


# --- The log-in page -------------------------------------------------------------------------------


def test_login_page_is_in_chinese(client):
    response = client.get(LOGIN)
    html = response.content.decode()
    assert response.status_code == 200
    assert "用户名" in html
    assert "口令" in html
    assert 'lang="zh-hans"' in html


def test_logging_in_goes_to_the_workbench(client, clerk, password):
    response = client.post(LOGIN, {"username": "clerk", "password": password})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:workbench")
    assert client.get("/").status_code == 200


def test_logging_in_follows_a_safe_next_but_not_an_outside_one(client, clerk, password):
    response = client.post(LOGIN, {"username": "clerk", "password": password, "next": "/messages/"})
    assert response["Location"] == "/messages/"
    client.logout()
    response = client.post(
        LOGIN, {"username": "clerk", "password": password, "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("core:workbench")


def test_wrong_password_shows_the_message(client, clerk):
    response = client.post(LOGIN, {"username": "clerk", "password": "Wrong#Pass1"})
    assert response.status_code == 200
    assert "用户名或口令错误" in response.content.decode()
    assert 'data-testid="rule-basis"' not in response.content.decode()


def test_lock_out_shows_reason_unlock_time_and_rule(frozen_clock, client, clerk):
    for _ in range(5):
        response = client.post(LOGIN, {"username": "clerk", "password": "Wrong#Pass1"})
    html = response.content.decode()
    clerk.refresh_from_db()
    assert f"账号已锁定至 {clock.local(clerk.locked_until):%H:%M}" in html
    assert 'data-testid="rule-basis"' in html
    assert "SEC-2" in html
    assert "连续5次登录失败锁定账号15分钟" in html
    assert "GB/T 22239" in html


def test_empty_form_names_the_missing_fields(client):
    response = client.post(LOGIN, {"username": "", "password": ""})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"username", "password"}


def test_logged_in_user_visiting_login_goes_to_the_workbench(client, clerk):
    client.force_login(clerk)
    response = client.get(LOGIN)
    assert response["Location"] == reverse("core:workbench")


def test_pages_send_anonymous_visitors_to_the_login_page(client):
    response = client.get("/messages/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


# --- Log-out ------------------------------------------------------------------------------------------


def test_logout_ends_the_session_and_is_audited(client, clerk, password):
    client.post(LOGIN, {"username": "clerk", "password": password})
    response = client.post("/accounts/logout/", follow=True)
    assert response.redirect_chain[-1][0] == LOGIN
    assert "您已安全退出" in response.content.decode()
    assert client.get("/").status_code == 302
    assert audit_actions(object_id=str(clerk.pk)) == ["auth.login", "auth.logout"]


def test_logout_needs_a_post(client, clerk):
    client.force_login(clerk)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.get("/").status_code == 200
