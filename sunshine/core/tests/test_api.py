"""The core API's contract and errors: tokens, the current account, the audit trail, the inbox, the
OpenAPI schema and its docs page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml
from django.conf import settings

from sunshine.core.audit import audit_record, link_pending
from sunshine.core.models import ApiToken, AuditRecord, User
from sunshine.core.notifications import notify
from sunshine.core.tests.conftest import audit_actions

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token"
ERROR_KEYS = {"code", "message", "field"}


def assert_error(response, status: int, code: str, field: str | None = None) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert body.keys() >= ERROR_KEYS
    assert body["code"] == code
    assert body["field"] == field
    assert body["message"]
    return body


# --- Tokens ----------------------------------------------------------------------------------------


def test_token_is_issued_for_a_username_and_password(api, clerk, password):
    response = api.post(TOKEN, {"username": "clerk", "password": password}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["token"].startswith("sun_")
    assert dt.datetime.fromisoformat(body["expires_at"]) > dt.datetime.now(dt.UTC)
    token = ApiToken.objects.get(user=clerk)
    assert body["token"] not in (token.key_hash, token.prefix)  # only a hash is kept
    assert audit_actions(object_type="core.apitoken") == ["auth.token_issued"]
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {body['token']}")
    assert api.get("/api/v1/auth/me").json()["username"] == "clerk"


def test_wrong_password_gets_401(api, clerk):
    response = api.post(TOKEN, {"username": "clerk", "password": "Wrong#Pass1"}, format="json")
    assert_error(response, 401, "invalid_credentials")
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


@pytest.mark.parametrize(
    ("payload", "code", "field"),
    [
        ({"password": "x"}, "required", "username"),
        ({"username": "clerk"}, "required", "password"),
        ({"username": "x" * 65, "password": "x"}, "max_length", "username"),
    ],
)
def test_missing_or_bad_input_gets_400_naming_the_field(api, clerk, payload, code, field):
    assert_error(api.post(TOKEN, payload, format="json"), 400, code, field)


def test_malformed_json_gets_400(api):
    response = api.post(TOKEN, "{not json", content_type="application/json")
    assert_error(response, 400, "parse_error")


def test_lock_out_shows_in_the_api_with_its_rule(api, clerk, password):
    for _ in range(5):
        response = api.post(TOKEN, {"username": "clerk", "password": "Wrong#Pass1"}, format="json")
    body = assert_error(response, 401, "account_locked")
    assert "账号已锁定至" in body["message"]
    assert body["rule"]["id"] == "SEC-2"
    assert body["rule"]["title"] == "连续5次登录失败锁定账号15分钟"
    assert "GB/T 22239" in body["rule"]["source"]
    response = api.post(TOKEN, {"username": "clerk", "password": password}, format="json")
    assert_error(response, 401, "account_locked")


def test_expired_token_gets_401(api_as, clerk, frozen_clock):
    api = api_as(clerk)
    frozen_clock.advance(seconds=settings.API_TOKEN_TTL_SECONDS + 1)
    assert_error(api.get("/api/v1/auth/me"), 401, "invalid_token")


def test_revoked_token_gets_401(api, clerk, password):
    key = api.post(TOKEN, {"username": "clerk", "password": password}, format="json").json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.delete(TOKEN).status_code == 204
    assert_error(api.get("/api/v1/auth/me"), 401, "invalid_token")
    assert audit_actions(object_type="core.apitoken") == ["auth.token_issued", "auth.token_revoked"]


@pytest.mark.parametrize("header", ["Bearer", "Bearer sun_not-a-token", "Bearer a b", "Token nope"])
def test_malformed_or_unknown_token_gets_401(api, header):
    api.credentials(HTTP_AUTHORIZATION=header)
    response = api.get("/api/v1/auth/me")
    assert response.status_code == 401
    assert response.json()["code"] in {"authentication_failed", "invalid_token"}


def test_no_credentials_gets_401(api):
    response = api.get("/api/v1/auth/me")
    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_token_of_a_locked_account_stops_working(api_as, clerk):
    api = api_as(clerk)
    User.objects.filter(pk=clerk.pk).update(locked_until=dt.datetime(2099, 1, 1, tzinfo=dt.UTC))
    assert_error(api.get("/api/v1/auth/me"), 401, "account_unavailable")


def test_revoking_needs_the_token_itself(client, api, clerk):
    assert_error(api.delete(TOKEN), 401, "not_authenticated")
    client.force_login(clerk)
    response = client.delete(TOKEN)
    assert_error(response, 400, "token_required")


def test_me_describes_the_account(api_as, auditor, clerk):
    body = api_as(auditor).get("/api/v1/auth/me").json()
    assert body == {
        "id": auditor.pk,
        "username": "auditor",
        "full_name": "审计管理员",
        "must_change_password": False,
        "admin_kind": "audit_admin",
    }
    assert api_as(clerk).get("/api/v1/auth/me").json()["admin_kind"] == ""


def test_password_change_over_the_api_checks_the_policy(api_as, clerk, password):
    api = api_as(clerk)
    response = api.post(
        "/api/v1/auth/password", {"old_password": password, "new_password": "short"}, format="json"
    )
    body = assert_error(response, 400, "password_too_short", "new_password")
    assert [e["field"] for e in body["errors"]] == ["new_password", "new_password"]
    response = api.post(
        "/api/v1/auth/password", {"old_password": "x", "new_password": "Qwmz#7305"}, format="json"
    )
    assert_error(response, 400, "wrong_password", "old_password")


def test_unknown_api_path_gets_json_404(api_as, clerk):
    assert_error(api_as(clerk).get("/api/v1/nothing-here"), 404, "not_found")


def test_wrong_method_gets_json_405(api_as, clerk):
    assert_error(api_as(clerk).put("/api/v1/auth/me", {}), 405, "method_not_allowed")


# --- The audit trail --------------------------------------------------------------------------------


@pytest.fixture
def auditor_api(api_as, auditor):
    return api_as(auditor)  # its token's audit record comes first in the trail


@pytest.fixture
def trail(auditor_api, clerk, leader):
    audit_record(actor=clerk, action="test.create", target=clerk)
    audit_record(actor=leader, action="test.update", target=clerk)
    audit_record(actor=leader, action="other.approve", target=leader)
    link_pending()
    return AuditRecord.objects.order_by("id")


def test_audit_admin_lists_the_trail_newest_first(auditor_api, trail):
    body = auditor_api.get("/api/v1/audit/records").json()
    assert body["count"] == 4
    assert [r["action"] for r in body["results"]] == [
        "other.approve",
        "test.update",
        "test.create",
        "auth.token_issued",
    ]
    first = body["results"][0]
    assert first["actor_username"] == "leader"
    assert first["data"]["object"]["type"] == "core.user"
    assert {
        "id",
        "seq",
        "created_at",
        "actor",
        "object_type",
        "object_id",
        "prev_hash",
        "hash",
    } <= first.keys()


@pytest.mark.parametrize(
    ("query", "actions"),
    [
        ("action=test.", ["test.update", "test.create"]),
        ("object_type=core.user&object_id={clerk}", ["test.update", "test.create"]),
        ("actor={leader}", ["other.approve", "test.update"]),
        ("limit=1&offset=1", ["test.update"]),
    ],
)
def test_audit_trail_filters(auditor_api, trail, clerk, leader, query, actions):
    url = "/api/v1/audit/records?" + query.format(clerk=clerk.pk, leader=leader.pk)
    assert [r["action"] for r in auditor_api.get(url).json()["results"]] == actions


def test_audit_trail_filters_by_time(auditor_api, trail):
    middle = trail.get(action="test.update").created_at
    since = auditor_api.get("/api/v1/audit/records", {"since": middle.isoformat()}).json()
    assert [r["action"] for r in since["results"]] == ["other.approve", "test.update"]
    until = auditor_api.get("/api/v1/audit/records", {"until": middle.isoformat()}).json()
    assert [r["action"] for r in until["results"]] == ["test.create", "auth.token_issued"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("actor=abc", "actor"),
        ("since=yesterday", "since"),
        ("since=2026-05-02T00:00Z&until=2026-05-01T00:00Z", "until"),
    ],
)
def test_bad_audit_filter_gets_400_naming_the_field(api_as, auditor, query, field):
    response = api_as(auditor).get("/api/v1/audit/records?" + query)
    assert response.status_code == 400
    assert response.json()["field"] == field


@pytest.mark.parametrize("persona", ["clerk", "leader", "inspector", "sysadmin", "secadmin"])
def test_only_the_audit_admin_reads_the_audit_trail(request, api_as, trail, persona):
    api = api_as(request.getfixturevalue(persona))
    for url in ("/api/v1/audit/records", f"/api/v1/audit/records/{trail[0].pk}", "/api/v1/audit/head"):
        body = assert_error(api.get(url), 403, "permission_denied")
        if persona.endswith("admin"):
            assert body["rule"]["id"] == "SEC-6"


def test_audit_record_detail(auditor_api, trail):
    record = trail.get(action="test.update")
    body = auditor_api.get(f"/api/v1/audit/records/{record.pk}").json()
    assert body["seq"] == record.seq
    assert body["hash"] == record.hash
    assert body["data"]["action"] == "test.update"
    assert_error(auditor_api.get("/api/v1/audit/records/999999"), 404, "not_found")


def test_audit_head_is_the_published_checkpoint(auditor_api, trail):
    head = trail.order_by("-seq").first()
    assert auditor_api.get("/api/v1/audit/head").json() == {"count": head.seq, "head_hash": head.hash}


# --- The inbox ------------------------------------------------------------------------------------


@pytest.fixture
def inbox(clerk, leader):
    notify(actor=leader, recipients=[clerk], title="请办理第1号办件")
    notify(actor=leader, recipients=[clerk], title="请办理第2号办件")
    notify(actor=clerk, recipients=[leader], title="已办结")
    return clerk.notifications.order_by("id")


def test_inbox_lists_only_own_messages_newest_first(api_as, clerk, inbox):
    body = api_as(clerk).get("/api/v1/notifications").json()
    assert [n["title"] for n in body["results"]] == ["请办理第2号办件", "请办理第1号办件"]


def test_marking_read_records_the_receipt(api_as, clerk, inbox):
    api = api_as(clerk)
    note = inbox[0]
    body = api.post(f"/api/v1/notifications/{note.pk}/read").json()
    assert body["read_at"] is not None
    assert [n["title"] for n in api.get("/api/v1/notifications?unread=true").json()["results"]] == [
        "请办理第2号办件"
    ]
    assert audit_actions(action="core.notification_read") == ["core.notification_read"]


def test_someone_elses_message_is_not_found(api_as, leader, inbox):
    assert_error(api_as(leader).post(f"/api/v1/notifications/{inbox[0].pk}/read"), 404, "not_found")


def test_inbox_limit_is_capped_at_500(api_as, clerk, inbox):
    body = api_as(clerk).get("/api/v1/notifications?limit=10000").json()
    assert body["count"] == 2
    assert "limit=500" in (body["next"] or "limit=500")


# --- OpenAPI and the docs pages ---------------------------------------------------------------------


def test_openapi_schema_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/auth/token", "/api/v1/audit/records", "/api/v1/audit/head"} <= schema["paths"].keys()
    assert {"tokenAuth", "sessionAuth"} <= schema["components"]["securitySchemes"].keys()


@pytest.mark.parametrize("path", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_docs_pages_load_everything_from_this_server(client, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"https?://|//cdn|jsdelivr|googleapis|unpkg", html), html
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert client.get(asset).status_code == 200, asset


def test_openapi_schema_is_current(tmp_path):
    """docs/api/openapi-v1.yaml is what `make schema` generates now; regenerate it after API changes."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip(
            "the committed schema is generated on the embedded SQLite database (`make schema`): "
            "the limits of integer model fields in it come from the database, so PostgreSQL's differ"
        )
    from pathlib import Path

    from django.core.management import call_command

    generated = tmp_path / "openapi-v1.yaml"
    call_command("spectacular", "--validate", "--file", str(generated))
    committed = Path(settings.BASE_DIR).parent / "docs" / "api" / "openapi-v1.yaml"
    assert committed.exists(), "run `make schema` and commit docs/api/openapi-v1.yaml"
    assert yaml.safe_load(generated.read_text()) == yaml.safe_load(committed.read_text()), (
        "the API changed: run `make schema` and commit docs/api/openapi-v1.yaml"
    )


def test_errors_of_list_items_name_the_item_index():
    """DRF reports a ListField's bad items as {index: errors}; the field name keeps the index."""
    from rest_framework import serializers

    from sunshine.core.api import _flatten

    class Item(serializers.Serializer):
        start = serializers.DateField()

    class Body(serializers.Serializer):
        suspensions = serializers.ListField(child=Item())

    body = Body(data={"suspensions": [{"start": "2026-10-01"}, {"start": "bad"}]})
    assert not body.is_valid()
    fields = [item.field for item in _flatten(body.errors)]
    assert "suspensions[1].start" in fields
