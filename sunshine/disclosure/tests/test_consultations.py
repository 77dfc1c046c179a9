"""Decisions under public notice on the portal (issue #8 §3; PUB-12, DEC-14): listed and shown with
their text and closing date, commented on by anyone with the captcha within the period and the rate
limit, answered after closing with the outcome; commenters never shown; no page left stale."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import signing
from django.test import Client

from sunshine.core import clock
from sunshine.core.errors import RuleViolated
from sunshine.core.models import AuditRecord
from sunshine.decisions import services
from sunshine.decisions.choices import TopicStatus
from sunshine.decisions.models import PublicCommentEntry
from sunshine.decisions.tests.conftest import propose
from sunshine.disclosure import cache, captcha, views
from sunshine.disclosure.ratelimit import Limit

pytestmark = pytest.mark.django_db

TEXT = "同意印发修订后的财务管理办法（征求意见稿）"


def opened(w, *, published=-1, closes=8, **kwargs):
    """A topic put out for comment from today+published to today+closes (≥ 5 working days)."""
    topic = propose(w)
    today = clock.today()
    period = services.public_comment_open(
        actor=w.proposer,
        topic=topic,
        published_on=today + dt.timedelta(days=published),
        closes_on=today + dt.timedelta(days=closes),
        document=TEXT,
        **kwargs,
    )
    return topic, period


def solved(page: str) -> dict:
    """The captcha of a form page, answered: (token, answer) read back from the signed token."""
    token = page.split('name="captcha_token" value="')[1].split('"')[0]
    return {"captcha_token": token, "captcha": str(signing.loads(token, salt=captcha.CAPTCHA_SALT)["a"])}


def comment(client, period, text="建议明确报销时限", **extra):
    form = client.get(f"/public/consultations/{period.pk}/comment/")
    assert form.status_code == 200
    data = {"text": text, "commenter": "王五", "contact": "13900000000", **solved(form.content.decode())}
    data.update(extra)
    return client.post(f"/public/consultations/{period.pk}/comment/", data)


def test_an_open_topic_is_listed_and_shown_with_its_text_and_closing_date_PUB_12(world):
    topic, period = opened(world, channel="门户网站")
    c = Client()
    listing = c.get("/public/consultations/")
    assert listing.status_code == 200
    assert topic.title in listing.content.decode()
    assert "征求意见中" in listing.content.decode()
    page = c.get(f"/public/consultations/{period.pk}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert page["X-Portal-Cache"] == "miss"
    assert TEXT in body
    assert "现行办法已不适应工作需要" in body
    assert period.closes_on.isoformat() in body
    assert "不少于 5 个工作日" in body
    assert f"/public/consultations/{period.pk}/comment/" in body
    assert "周科长" not in body  # no staff person behind the topic
    assert c.get(f"/public/consultations/{period.pk}/")["X-Portal-Cache"] == "hit"


def test_the_published_text_is_kept_when_the_topic_is_edited_later(world):
    topic = propose(world)
    today = clock.today()
    period = services.public_comment_open(
        actor=world.proposer, topic=topic, published_on=today, closes_on=today + dt.timedelta(days=9)
    )
    assert period.document == "同意印发修订后的财务管理办法"  # the draft decision when none is given
    assert period.explanation == "现行办法已不适应工作需要"


def test_anyone_comments_with_the_captcha_and_the_page_is_not_left_stale(world):
    _topic, period = opened(world)
    c = Client()
    assert "0 条" in c.get(f"/public/consultations/{period.pk}/").content.decode()
    response = comment(c, period)
    assert response.status_code == 201
    assert response["Cache-Control"] == "no-store"
    assert "已收到您的意见" in response.content.decode()
    entry = PublicCommentEntry.objects.get()
    assert (entry.via_portal, entry.commenter, entry.contact) == (True, "王五", "13900000000")
    assert entry.created_by is None
    assert AuditRecord.objects.filter(
        action="decisions.public_comment_submit", object_id=str(entry.pk)
    ).exists()
    again = c.get(f"/public/consultations/{period.pk}/")
    assert again["X-Portal-Cache"] == "miss"  # the new comment changed the publication token
    assert "1 条" in again.content.decode()
    assert "王五" not in again.content.decode()
    assert "13900000000" not in again.content.decode()


def test_the_comment_form_is_never_cached_and_each_captcha_is_answered_once(world):
    _topic, period = opened(world)
    c = Client()
    first = c.get(f"/public/consultations/{period.pk}/comment/")
    assert first["Cache-Control"] == "no-store"
    assert "X-Portal-Cache" not in first
    answers = solved(first.content.decode())
    data = {"text": "第一条意见", **answers}
    assert c.post(f"/public/consultations/{period.pk}/comment/", data).status_code == 201
    replay = c.post(f"/public/consultations/{period.pk}/comment/", {**data, "text": "重放"})
    assert replay.status_code == 422
    assert "验证题已使用" in replay.content.decode()
    assert PublicCommentEntry.objects.count() == 1


def test_a_wrong_captcha_or_an_empty_text_is_refused_on_its_field(world):
    _topic, period = opened(world)
    c = Client()
    wrong = comment(c, period, text="保留的意见", captcha="99")
    assert wrong.status_code == 422
    page = wrong.content.decode()
    assert "验证题答案不正确" in page
    assert "保留的意见" in page
    empty = comment(c, period, text="")
    assert empty.status_code == 422
    assert PublicCommentEntry.objects.count() == 0


def test_comments_outside_the_period_are_refused_with_the_dates_PUB_12(world):
    _topic, period = opened(world, published=-20, closes=-5)
    c = Client()
    form = c.get(f"/public/consultations/{period.pk}/comment/")
    assert form.status_code == 200
    assert "已于 " + period.closes_on.isoformat() + " 截止" in form.content.decode()
    assert 'name="captcha_token"' not in form.content.decode()
    token = captcha.captcha_new().token
    answer = str(signing.loads(token, salt=captcha.CAPTCHA_SALT)["a"])
    late = c.post(
        f"/public/consultations/{period.pk}/comment/",
        {"text": "迟到的意见", "captcha_token": token, "captcha": answer},
    )
    assert late.status_code == 422
    assert "不再接收意见" in late.content.decode()
    assert PublicCommentEntry.objects.count() == 0


def test_a_period_not_yet_published_is_not_shown_and_takes_no_comment(world):
    _topic, period = opened(world, published=2, closes=12)
    c = Client()
    assert c.get(f"/public/consultations/{period.pk}/").status_code == 404
    assert c.get("/public/consultations/").content.decode().count("consultation-row") == 0
    with pytest.raises(RuleViolated) as refused:
        services.public_comment_submit(period=period, text_="提前的意见")
    assert refused.value.rule == "PUB-12"


def test_a_period_off_the_portal_or_of_a_withdrawn_topic_is_not_public(world):
    _topic, period = opened(world, on_portal=False)
    assert Client().get(f"/public/consultations/{period.pk}/").status_code == 404
    assert Client().get(f"/public/consultations/{period.pk}/comment/").status_code == 404


def test_after_closing_the_answers_and_the_outcome_are_published_without_the_commenters(world):
    topic, period = opened(world)
    c = Client()
    assert comment(c, period, text="建议明确报销时限").status_code == 201
    entry = PublicCommentEntry.objects.get()
    world.clock.set(world.clock.now + dt.timedelta(days=10))
    services.public_comment_answer(actor=world.proposer, entry=entry, answer="已采纳，报销时限定为30日")
    page = c.get(f"/public/consultations/{period.pk}/").content.decode()
    assert "已截止" in page
    assert "建议明确报销时限" in page
    assert "已采纳，报销时限定为30日" in page
    assert "尚未作出决策" in page
    assert "王五" not in page
    assert "13900000000" not in page
    topic.refresh_from_db()
    topic.status, topic.decided_at = TopicStatus.ADOPTED, clock.now()
    topic.save()
    decided = c.get(f"/public/consultations/{period.pk}/")
    assert decided["X-Portal-Cache"] == "miss"
    assert "决策结果：通过" in decided.content.decode()
    assert "决策结果：通过" in c.get("/public/consultations/").content.decode()


def test_comments_are_rate_limited_per_client(world, monkeypatch):
    monkeypatch.setattr(views, "COMMENT_LIMIT", Limit("decision_comment", attempts=2, window=3600))
    _topic, period = opened(world)
    c = Client()
    assert comment(c, period, text="一").status_code == 201
    assert comment(c, period, text="二").status_code == 201
    third = comment(c, period, text="三")
    assert third.status_code == 429
    assert "提交过于频繁" in third.content.decode()
    assert int(third["Retry-After"]) > 0
    assert PublicCommentEntry.objects.count() == 2


def test_staff_answer_a_portal_comment_on_the_topic_page(world):
    from sunshine.decisions.tests.test_views import client_for

    topic, period = opened(world)
    assert comment(Client(), period).status_code == 201
    staff = client_for(world.proposer)
    page = staff.get(f"/decisions/topics/{topic.pk}/").content.decode()
    assert "建议明确报销时限" in page
    assert "13900000000" in page
    assert 'data-testid="public-comment-answer-form"' in page
    entry = PublicCommentEntry.objects.get()
    empty = staff.post(
        f"/decisions/topics/{topic.pk}/public-comment-answer/", {"entry": entry.pk, "answer": " "}
    )
    assert empty.status_code == 422
    done = staff.post(
        f"/decisions/topics/{topic.pk}/public-comment-answer/", {"entry": entry.pk, "answer": "已采纳"}
    )
    assert done.status_code == 302
    entry.refresh_from_db()
    assert entry.answer == "已采纳"
    assert entry.answered_at is not None
    assert AuditRecord.objects.filter(action="decisions.public_comment_answer").exists()


def test_the_list_and_topic_pages_take_a_fixed_number_of_queries(
    world, django_assert_max_num_queries, monkeypatch
):
    """As many queries for three topics as for one (STYLE §6): no query per row or per comment."""
    monkeypatch.setattr(cache, "CHECK_INTERVAL", 3600.0)  # a loaded machine may take 5 s per page
    _topic, period = opened(world)
    for n in range(2):
        opened(world, published=-20 - n, closes=-5)
    services.public_comment_submit(period=period, text_="意见一")
    services.public_comment_submit(period=period, text_="意见二")
    c = Client()
    c.get("/public/consultations/")  # the publication token, read once per interval
    with django_assert_max_num_queries(3):  # open rows, closed count, closed rows
        c.get("/public/consultations/", {"v": 1})
    with django_assert_max_num_queries(5):  # the period, the body's settings (2), entries, count
        c.get(f"/public/consultations/{period.pk}/", {"v": 1})
