"""The public pages (/public/petitions/): captcha, rate limits, no enumeration (PTN-3), follow-up."""

from __future__ import annotations

import re

import pytest
from django.core import signing
from django.core.cache import cache

from sunshine.petitions import guard
from sunshine.petitions.models import Petition

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def solved(page_html: str) -> tuple[str, str]:
    """(token, answer) of the captcha on a page, solved the way a person would."""
    token = re.search(r'name="captcha_token" value="([^"]+)"', page_html).group(1)
    return token, str(signing.loads(token, salt=guard.CAPTCHA_SALT)["a"])


def filing(client, body, **overrides):
    page = client.get("/public/petitions/new/")
    token, answer = solved(page.content.decode())
    data = {
        "body": body.pk,
        "kind": "report",
        "anonymous": "on",
        "subject": "执法人员收受礼品",
        "content": "二〇二六年三月检查时，执法人员收受企业购物卡。",
        "captcha_token": token,
        "captcha": answer,
        **overrides,
    }
    return client.post("/public/petitions/new/", data)


def test_captcha_answer_is_checked_and_used_once():
    challenge = guard.captcha_new()
    answer = str(signing.loads(challenge.token, salt=guard.CAPTCHA_SALT)["a"])
    with pytest.raises(guard.InvalidInput):
        guard.captcha_check(token=challenge.token, answer=str(int(answer) + 1))
    guard.captcha_check(token=challenge.token, answer=answer)
    with pytest.raises(guard.InvalidInput) as info:
        guard.captcha_check(token=challenge.token, answer=answer)
    assert info.value.code == "captcha_used"


def test_captcha_token_forged_is_refused():
    with pytest.raises(guard.InvalidInput) as info:
        guard.captcha_check(token="abc", answer="3")
    assert info.value.code == "captcha_wrong"


def test_anonymous_report_gets_code_and_secret(client, body):
    response = filing(client, body)
    assert response.status_code == 201
    html = response.content.decode()
    petition = Petition.objects.get()
    assert petition.code in html
    assert petition.anonymous
    assert petition.channel == "portal"
    assert response["Cache-Control"] == "no-store"


def test_wrong_captcha_refuses_filing_with_message_on_field(client, body):
    response = filing(client, body, captcha="99")
    assert response.status_code == 422
    assert "验证题答案不正确" in response.content.decode()
    assert not Petition.objects.exists()


def test_missing_subject_is_named(client, body):
    response = filing(client, body, subject="")
    assert response.status_code == 422
    assert not Petition.objects.exists()
    assert 'data-testid="error-subject"' in response.content.decode()


def test_filing_rate_limited_per_client(client, body):
    for _ in range(guard.LIMITS["file"][0]):
        assert filing(client, body).status_code == 201
    response = filing(client, body)
    assert response.status_code == 429
    assert "操作过于频繁" in response.content.decode()
    other = filing(client.__class__(REMOTE_ADDR="10.0.0.9"), body)
    assert other.status_code == 201


def follow(client, code, secret):
    page = client.get("/public/petitions/follow/")
    token, answer = solved(page.content.decode())
    return client.post(
        "/public/petitions/follow/",
        {"code": code, "secret": secret, "captcha_token": token, "captcha": answer},
    )


def test_follow_with_code_and_secret_shows_public_history_only(client, body, office):
    from sunshine.petitions import services

    petition, secret = services.petition_file(
        actor=None, body=body, kind="complaint", channel="portal", subject="窗口拖延",
        content="工作人员推诿拖延，要求多次往返。", anonymous=True,
    )  # fmt: skip
    services.petition_triage(actor=office, petition=petition, kind="complaint", note="内部意见：窗口问题")
    response = follow(client, petition.code, secret)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert petition.code in page
    assert "内部意见" not in page


def test_wrong_code_and_wrong_secret_look_the_same(client, body):
    from sunshine.petitions import services

    petition, secret = services.petition_file(
        actor=None, body=body, kind="complaint", channel="portal", subject="窗口拖延",
        content="工作人员推诿拖延，要求多次往返。", anonymous=True,
    )  # fmt: skip
    bad_secret = follow(client, petition.code, "wrong-secret")
    bad_code = follow(client, "XF2222222222", secret)
    assert bad_secret.status_code == bad_code.status_code == 422
    text = "受理编号或查询密码不正确"
    assert text in bad_secret.content.decode()
    assert text in bad_code.content.decode()


def test_lookups_rate_limited(client):
    for _ in range(guard.LIMITS["follow"][0]):
        follow(client, "XF2222222222", "x")
    assert follow(client, "XF2222222222", "x").status_code == 429


def test_followed_page_needs_a_lookup_first(client):
    response = client.get("/public/petitions/mine/")
    assert response.status_code == 302
    assert response["Location"].endswith("/public/petitions/follow/")


def test_supplement_through_followed_session(client, body):
    from sunshine.petitions import services

    petition, secret = services.petition_file(
        actor=None, body=body, kind="complaint", channel="portal", subject="窗口拖延",
        content="工作人员推诿拖延，要求多次往返。", anonymous=True,
    )  # fmt: skip
    follow(client, petition.code, secret)
    response = client.post(
        "/public/petitions/mine/", {"action": "supplement", "text": "补充：二号窗口，下午三点。"}
    )
    assert response.status_code == 302
    assert petition.events.filter(kind="supplement", text__contains="二号窗口").exists()


def test_public_pages_reach_no_staff_page(client):
    assert client.get("/petitions/").status_code == 302  # log-in first
    assert client.get("/api/v1/petitions/").status_code in (401, 403)
