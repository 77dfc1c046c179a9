"""The pages of routine disclosure and information requests: the public body page (plan and
publications, newest first, no staff data), the request form with captcha and rate limit, the
follow-up by code and secret, and the staff pages' permissions (issue #8 §4, §5, §7)."""

from __future__ import annotations

import re

import pytest
from django.core import signing
from django.test import Client

from sunshine.core import clock
from sunshine.disclosure import services
from sunshine.disclosure.models import InformationRequest
from sunshine.disclosure.tests.conftest import MONDAY
from sunshine.petitions import guard

pytestmark = pytest.mark.django_db


def solved(page_html: str) -> tuple[str, str]:
    token = re.search(r'name="captcha_token" value="([^"]+)"', page_html).group(1)
    return token, str(signing.loads(token, salt=guard.CAPTCHA_SALT)["a"])


def request_form(client, body, **overrides):
    token, answer = solved(client.get("/public/requests/").content.decode())
    data = {
        "body": body.pk,
        "name": "王小明",
        "contact": "13900000000",
        "description": "2025年度本局行政处罚案件的数量和罚没款总额",
        "delivery_form": "online",
        "captcha_token": token,
        "captcha": answer,
        **overrides,
    }
    return client.post("/public/requests/", data)


def test_body_page_shows_plan_and_publications_newest_first_without_staff(client, office, quarterly):
    with clock.as_of(MONDAY.replace(month=4, day=10)):
        services.publication_publish(
            actor=office, item=quarterly, period="2026-Q1", title="一季度预算执行", text="一季度内容"
        )
    with clock.as_of(MONDAY.replace(month=7, day=10)):
        services.publication_publish(
            actor=office, item=quarterly, period="2026-Q2", title="二季度预算执行", text="二季度内容"
        )
    html = client.get(f"/public/disclosure/{quarterly.plan.body_id}/").content.decode()
    assert "财政预算执行情况" in html
    assert "每季度" in html
    assert html.index("二季度预算执行") < html.index("一季度预算执行")
    assert "周办公室" not in html  # the publisher is staff data


def test_body_without_plan_is_not_found(client, other_body):
    assert client.get(f"/public/disclosure/{other_body.pk}/").status_code == 404


def test_request_filed_on_the_portal_shows_code_and_secret(client, body):
    response = request_form(client, body)
    assert response.status_code == 201
    html = response.content.decode()
    request = InformationRequest.objects.get()
    assert request.code in html
    assert response["Cache-Control"] == "no-store"
    assert request.identity.name == "王小明"


def test_request_with_wrong_captcha_is_refused_on_the_field(client, body):
    response = request_form(client, body, captcha="99")
    assert response.status_code == 422
    assert "验证题答案不正确" in response.content.decode()
    assert not InformationRequest.objects.exists()


def test_request_without_description_names_the_field(client, body):
    response = request_form(client, body, description="")
    assert response.status_code == 422
    assert 'data-testid="error-description"' in response.content.decode()


def test_request_filing_is_rate_limited(client, body):
    for _i in range(5):
        assert request_form(client, body).status_code == 201
    assert request_form(client, body).status_code == 429


def test_follow_shows_the_answer_to_the_holder_of_code_and_secret(client, body, office, clerk, filed_request):
    request, secret = filed_request
    request = services.request_assign(actor=office, request=request, handler=clerk)
    services.request_answer(
        actor=clerk, request=request, kind="disclosed", text="2025年共处罚12件，罚没款3.6万元。"
    )
    token, answer = solved(client.get("/public/requests/follow/").content.decode())
    wrong = client.post(
        "/public/requests/follow/",
        {"code": request.code, "secret": "x", "captcha_token": token, "captcha": answer},
    )
    assert wrong.status_code == 422
    assert "受理编号或查询密码不正确" in wrong.content.decode()
    token, answer = solved(wrong.content.decode())
    response = client.post(
        "/public/requests/follow/",
        {"code": request.code, "secret": secret, "captcha_token": token, "captcha": answer},
    )
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "罚没款3.6万元" in html
    assert "予以公开" in html
    assert "13900000000" not in html


def test_staff_request_page_hides_identity_until_the_handler_asks(client, office, clerk, filed_request):
    request = services.request_assign(actor=office, request=filed_request[0], handler=clerk)
    client.force_login(office)
    html = client.get(f"/disclosure/requests/{request.pk}/").content.decode()
    assert "13900000000" not in html
    assert "仅承办人可查看" in html
    client.force_login(clerk)
    response = client.post(f"/disclosure/requests/{request.pk}/identity/")
    assert "13900000000" in response.content.decode()


def test_staff_answer_through_the_page(client, office, clerk, filed_request):
    request = services.request_assign(actor=office, request=filed_request[0], handler=clerk)
    client.force_login(clerk)
    response = client.post(
        f"/disclosure/requests/{request.pk}/answer/",
        {"version": request.version, "kind": "withheld", "withhold_reason": "", "text": "不予公开"},
    )
    assert response.status_code == 422
    assert "部分公开或不予公开须说明理由" in response.content.decode()
    response = client.post(
        f"/disclosure/requests/{request.pk}/answer/",
        {"version": request.version, "kind": "not_ours", "text": "该信息由示范县财政局负责公开。"},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.answer_kind == "not_ours"


def test_late_page_is_for_the_discipline_office(client, inspector, clerk, quarterly, body):
    client.force_login(clerk)
    assert client.get("/disclosure/late/").status_code == 403
    client.force_login(inspector)
    with clock.as_of(MONDAY.replace(month=5, day=1)):
        html = client.get("/disclosure/late/").content.decode()
    assert "财政预算执行情况" in html
    assert "逾期未公开" in html


def test_publish_page_puts_the_item_on_the_portal(client, office, quarterly):
    client.force_login(office)
    url = f"/disclosure/plans/{quarterly.plan_id}/items/{quarterly.pk}/publish/"
    with clock.as_of(MONDAY.replace(month=4, day=10)):
        assert client.get(url).status_code == 200
        response = client.post(url, {"period": "2026-Q1", "title": "一季度预算执行", "text": "收入100万元。"})
    assert response.status_code == 302
    html = Client().get(f"/public/disclosure/{quarterly.plan.body_id}/").content.decode()
    assert "一季度预算执行" in html
