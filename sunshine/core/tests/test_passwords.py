"""Passwords: Argon2, the policy (SEC-4) in Chinese, the forced change on first log-in (SEC-5)."""

from __future__ import annotations

import pytest
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

from sunshine.core.errors import InvalidInput
from sunshine.core.models import ApiToken, User
from sunshine.core.services import api_token_issue, password_change
from sunshine.core.tests.conftest import audit_actions
from sunshine.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW = "Sunshine#2027x"


def test_production_hashes_with_argon2():
    import sunshine.settings as production

    assert production.PASSWORD_HASHERS == ["django.contrib.auth.hashers.Argon2PasswordHasher"]


def test_stored_password_is_an_argon2_hash(clerk, password):
    clerk.refresh_from_db()
    assert clerk.password.startswith("argon2$argon2id$")
    assert clerk.check_password(password)


def policy_errors(password: str, username: str = "zhangsan") -> list[str]:
    try:
        password_validation.validate_password(password, User(username=username))
    except ValidationError as error:
        return [e.code for e in error.error_list]
    return []


@pytest.mark.parametrize(
    ("password", "codes"),
    [
        ("Ab1#xyz", ["password_too_short"]),
        ("qwmzxkvp", ["password_too_simple"]),
        ("qwmz7305", ["password_too_simple"]),
        ("QWMZ#xkvp", []),
        ("qwmz#7305", []),
        ("Qwmz7305", []),
        ("Xx#zhangsan9", ["password_is_username"]),
        ("Xx#ZHANGSAN9", ["password_is_username"]),
        ("Xx#nasgnahz9", ["password_is_username"]),
        ("Password1", ["password_too_common"]),
        ("password", ["password_too_simple", "password_too_common"]),
    ],
)
def test_password_policy(password, codes):
    assert policy_errors(password) == codes


def test_policy_messages_are_chinese_and_name_the_rule():
    with pytest.raises(ValidationError) as caught:
        password_validation.validate_password("q7z", User(username="q7z"))
    assert caught.value.messages == [
        "口令至少需要8个字符（SEC-4）",
        "口令需包含大写字母、小写字母、数字、符号中的至少3类（SEC-4）",
        "口令不得包含用户名（SEC-4）",
    ]


# --- The service ------------------------------------------------------------------------------------


def test_change_sets_the_new_password_clears_the_flag_and_is_audited(clerk, password):
    User.objects.filter(pk=clerk.pk).update(must_change_password=True)
    clerk.refresh_from_db()
    password_change(actor=clerk, old_password=password, new_password=NEW)
    clerk.refresh_from_db()
    assert clerk.check_password(NEW)
    assert not clerk.must_change_password
    assert clerk.password_changed_at is not None
    assert audit_actions(object_id=str(clerk.pk)) == ["auth.password_changed"]


@pytest.mark.parametrize(
    ("old", "new", "code", "field"),
    [
        ("Wrong#Pass1", NEW, "wrong_password", "old_password"),
        (None, None, "password_unchanged", "new_password"),
        (None, "short1A", "password_too_short", "new_password"),
        (None, "Xx#clerk99", "password_is_username", "new_password"),
    ],
)
def test_change_is_refused_with_the_field_named(clerk, password, old, new, code, field):
    with pytest.raises(InvalidInput) as caught:
        password_change(actor=clerk, old_password=old or password, new_password=new or password)
    assert caught.value.code == code
    assert caught.value.field == field
    assert clerk.check_password(password)


def test_change_revokes_the_other_api_tokens(clerk, password):
    keep, _ = api_token_issue(user=clerk)
    other, _ = api_token_issue(user=clerk)
    password_change(actor=clerk, old_password=password, new_password=NEW, keep_token=keep)
    assert ApiToken.objects.get(pk=keep.pk).revoked_at is None
    assert ApiToken.objects.get(pk=other.pk).revoked_at is not None


# --- The forced change (SEC-5) ----------------------------------------------------------------------


@pytest.fixture
def newcomer(department):
    return UserFactory(username="xinren", full_name="新同事", must_change_password=True)


def test_first_login_goes_to_the_password_change_page_first(client, newcomer, password):
    response = client.post("/accounts/login/", {"username": "xinren", "password": password})
    assert client.get(response["Location"])["Location"] == "/accounts/password/"
    for path in ("/", "/messages/", "/audit/"):
        assert client.get(path)["Location"] == "/accounts/password/"
    page = client.get("/accounts/password/")
    assert page.status_code == 200
    assert "首次登录或口令被重置后，须先修改口令" in page.content.decode()


def test_htmx_requests_are_sent_to_the_password_change_too(client, newcomer):
    client.force_login(newcomer)
    response = client.get("/messages/", HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"] == "/accounts/password/"


def test_forced_change_shows_policy_errors_in_chinese_on_the_field(client, newcomer, password):
    client.force_login(newcomer)
    response = client.post(
        "/accounts/password/", {"old_password": password, "new_password": "q7z", "new_password2": "q7z"}
    )
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert errors["new_password"] == [
        "口令至少需要8个字符（SEC-4）",
        "口令需包含大写字母、小写字母、数字、符号中的至少3类（SEC-4）",
    ]
    assert "口令至少需要8个字符（SEC-4）" in response.content.decode()


def test_forced_change_refuses_a_wrong_old_password_and_a_mismatch(client, newcomer, password):
    client.force_login(newcomer)
    response = client.post(
        "/accounts/password/", {"old_password": "Wrong#Pass9", "new_password": NEW, "new_password2": NEW}
    )
    assert response.context["form"].errors == {"old_password": ["原口令不正确"]}
    response = client.post(
        "/accounts/password/", {"old_password": password, "new_password": NEW, "new_password2": NEW + "x"}
    )
    assert response.context["form"].errors == {"new_password2": ["两次输入的新口令不一致"]}


def test_completing_the_forced_change_opens_the_system(client, newcomer, password):
    client.force_login(newcomer)
    response = client.post(
        "/accounts/password/", {"old_password": password, "new_password": NEW, "new_password2": NEW}
    )
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200  # the session survived the change
    newcomer.refresh_from_db()
    assert not newcomer.must_change_password


def test_api_refuses_everything_but_the_password_endpoint_until_the_change(api_as, newcomer, password):
    api = api_as(newcomer)
    response = api.get("/api/v1/notifications")
    assert response.status_code == 403
    assert response.json()["code"] == "password_change_required"
    assert response.json()["rule"]["id"] == "SEC-5"
    assert api.get("/api/v1/auth/me").json()["must_change_password"] is True
    response = api.post(
        "/api/v1/auth/password", {"old_password": password, "new_password": NEW}, format="json"
    )
    assert response.status_code == 204
    assert api.get("/api/v1/notifications").status_code == 200
