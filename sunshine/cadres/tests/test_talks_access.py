"""Who sees what of talks and letters (SUP-248), through the API and the pages; what they give to the
integrity file (SUP-116 (3)) and to electronic supervision (SUP-247); the printed notice."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from rest_framework.test import APIClient

from sunshine.cadres.file_sources import sources
from sunshine.cadres.talks import integrity, services
from sunshine.cadres.talks.choices import Kind, Outcome
from sunshine.cadres.talks.models import TalkSettings
from sunshine.core import clock
from sunshine.org.tests.factories import account_with_role
from sunshine.oversight.watched import clock_sources

pytestmark = pytest.mark.django_db

MONDAY = dt.datetime(2025, 3, 3, 9, 0, tzinfo=clock.LOCAL_TZ)


@pytest.fixture
def cadre(department):
    return account_with_role("clerk", unit=department, username="cadre", full_name="周科长")


@pytest.fixture
def replied(inspector, leader, body, cadre):
    talk = services.talk_register(
        actor=inspector,
        body=body,
        kind=Kind.INQUIRY,
        subject=cadre,
        reason="来信反映",
        questions=["宴请问题"],
    )
    talk = services.talk_approve(actor=leader, talk=talk)
    talk = services.talk_notify(actor=inspector, talk=talk)
    return services.inquiry_reply(actor=cadre, talk=talk, answers=["未接受宴请的说明"])


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


# --- Confidentiality (SUP-248) ------------------------------------------------------------------------


def test_office_reads_the_reply(inspector, replied):
    data = api(inspector).get(f"/api/v1/cadres/talks/{replied.pk}").json()
    assert data["reply_answers"] == ["未接受宴请的说明"]
    assert data["content_visible"] is True


def test_subject_reads_his_own_letter_and_reply(cadre, replied):
    data = api(cadre).get(f"/api/v1/cadres/talks/{replied.pk}").json()
    assert data["questions"] == ["宴请问题"]
    assert data["reply_answers"] == ["未接受宴请的说明"]
    assert data["reason"] is None  # the approval form is not the subject's
    mine = api(cadre).get("/api/v1/cadres/talks/mine").json()
    assert [t["id"] for t in mine["results"]] == [replied.pk]


def test_approver_does_not_read_the_content_until_concluded(leader, inspector, replied):
    data = api(leader).get(f"/api/v1/cadres/talks/{replied.pk}").json()
    assert data["reply_answers"] is None
    assert data["content_visible"] is False
    services.talk_conclude(actor=inspector, talk=replied, outcome=Outcome.CLARIFIED, conclusion="说明清楚")
    data = api(leader).get(f"/api/v1/cadres/talks/{replied.pk}").json()
    assert data["reply_answers"] == ["未接受宴请的说明"]


def test_colleague_gets_not_found(clerk, replied):
    response = api(clerk).get(f"/api/v1/cadres/talks/{replied.pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_other_bodys_discipline_office_gets_not_found(other_body, replied):
    far = account_with_role("discipline_inspector", unit=other_body, username="far", full_name="远方纪检")
    assert api(far).get(f"/api/v1/cadres/talks/{replied.pk}").status_code == 404
    assert api(far).get("/api/v1/cadres/talks/").json()["count"] == 0


def test_subject_cannot_list_the_offices_talks(cadre, replied):
    response = api(cadre).get("/api/v1/cadres/talks/")
    assert response.status_code == 403


def test_subject_sees_nothing_before_the_notice(inspector, body, cadre):
    talk = services.talk_register(
        actor=inspector, body=body, kind=Kind.INQUIRY, subject=cadre, reason="来信", questions=["问题"]
    )
    assert api(cadre).get(f"/api/v1/cadres/talks/{talk.pk}").status_code == 404


def test_subject_of_an_admonition_does_not_read_its_record(inspector, leader, body, cadre, client):
    talk = services.talk_register(actor=inspector, body=body, kind=Kind.ADMONITION, subject=cadre, reason="x")
    talk = services.talk_notify(
        actor=inspector,
        talk=services.talk_approve(actor=leader, talk=talk),
        scheduled_at=clock.now(),
        place="室",
    )
    client.force_login(cadre)
    assert client.get(f"/cadres/talks/{talk.pk}/").status_code == 404


def test_subject_cannot_extend_through_the_api(cadre, inspector, leader, body):
    talk = services.talk_register(
        actor=inspector, body=body, kind=Kind.INQUIRY, subject=cadre, reason="来信", questions=["问题"]
    )
    talk = services.talk_notify(actor=inspector, talk=services.talk_approve(actor=leader, talk=talk))
    response = api(cadre).post(f"/api/v1/cadres/talks/{talk.pk}/extend", {"workdays": 5, "reason": "出差"})
    assert response.status_code == 403
    assert response.json()["code"] == "consent_required"


# --- API contract -------------------------------------------------------------------------------------


def test_api_runs_a_letter_from_form_to_reply(inspector, leader, body, cadre):
    created = api(inspector).post(
        "/api/v1/cadres/talks/",
        {
            "body": body.pk,
            "kind": "inquiry",
            "subject": cadre.pk,
            "reason": "来信",
            "questions": ["一", "二"],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    refused = api(inspector).post(f"/api/v1/cadres/talks/{pk}/notify", {}, format="json")
    assert refused.status_code == 422
    assert refused.json()["code"] == "not_approved"
    assert api(leader).post(f"/api/v1/cadres/talks/{pk}/approve", {}, format="json").status_code == 200
    assert api(inspector).post(f"/api/v1/cadres/talks/{pk}/notify", {}, format="json").status_code == 200
    bad = api(cadre).post(f"/api/v1/cadres/talks/{pk}/reply", {"answers": ["一的说明"]}, format="json")
    assert bad.status_code == 400
    assert bad.json()["field"] == "answers"
    good = api(cadre).post(
        f"/api/v1/cadres/talks/{pk}/reply", {"answers": ["说明一", "说明二"]}, format="json"
    )
    assert good.status_code == 200
    assert good.json()["status"] == "replied"


# --- Pages ----------------------------------------------------------------------------------------------


def test_pages_render_for_office_and_subject(client, inspector, cadre, replied):
    client.force_login(inspector)
    listing = client.get("/cadres/talks/?all=1")
    assert replied.number in listing.content.decode()
    page = client.get(f"/cadres/talks/{replied.pk}/").content.decode()
    assert "未接受宴请的说明" in page
    client.force_login(cadre)
    assert replied.number in client.get("/cadres/talks/mine/").content.decode()
    assert "未接受宴请的说明" in client.get(f"/cadres/talks/{replied.pk}/").content.decode()
    assert client.get("/cadres/talks/").status_code == 403


def test_notice_pdf_shows_chinese(client, inspector, replied, tmp_path):
    client.force_login(inspector)
    response = client.get(f"/cadres/talks/{replied.pk}/notice.pdf")
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(b"".join(response.streaming_content))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "函询通知" in text
    assert "宴请问题" in text
    assert "未接受宴请的说明" in text


# --- Integrity file (SUP-116 (3)) and electronic supervision (SUP-247) ------------------------------------


def test_admonition_vetoes_promotion_until_its_effect_period_ends(inspector, leader, body, cadre):
    assert integrity.entries in sources()
    TalkSettings.objects.create(body=body, admonition_effect_months=6)
    with clock.as_of(MONDAY):
        talk = services.talk_register(
            actor=inspector, body=body, kind=Kind.ADMONITION, subject=cadre, reason="x"
        )
        talk = services.talk_approve(actor=leader, talk=talk)
        talk = services.talk_notify(actor=inspector, talk=talk, scheduled_at=MONDAY, place="室")
        services.talk_record(
            actor=inspector,
            talk=talk,
            held_at=MONDAY,
            talker=leader,
            content="本人说明了收受礼金的经过",
            problems="收受礼金",
            requirements="退还礼金",
        )
    [entry] = list(integrity.entries(cadre, today=dt.date(2025, 9, 2)))
    assert entry.section == "talks"
    assert entry.vetoes_until == dt.date(2025, 9, 2)
    assert entry.rule == "SUP-116(3)"
    assert "礼金" not in entry.summary + entry.title  # no content in the file (SUP-248)


def test_open_reply_deadlines_are_watched(inspector, leader, body, cadre):
    assert integrity.open_clocks in clock_sources()
    TalkSettings.objects.create(body=body, inquiry_reply_workdays=5)
    with clock.as_of(MONDAY):
        talk = services.talk_register(
            actor=inspector, body=body, kind=Kind.INQUIRY, subject=cadre, reason="来信", questions=["问题"]
        )
        talk = services.talk_notify(actor=inspector, talk=services.talk_approve(actor=leader, talk=talk))
    due = talk.reply_due_at
    assert list(integrity.open_clocks(due_before=due)) == []
    [watched] = list(integrity.open_clocks(due_before=due + dt.timedelta(seconds=1)))
    assert watched.key == f"cadres.talk:{talk.pk}:reply"
    assert (watched.body_id, watched.rule, watched.responsible_id) == (body.pk, "SUP-247", cadre.pk)
    services.inquiry_reply(actor=cadre, talk=talk, answers=["说明"])
    assert list(integrity.open_clocks(due_before=due + dt.timedelta(days=30))) == []
