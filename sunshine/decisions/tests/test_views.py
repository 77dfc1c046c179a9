"""The decisions pages: permissions, scope, refusals shown on the page with their rule."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.test import Client

from sunshine.decisions import services
from sunshine.decisions.choices import Outcome, VoteMethod
from sunshine.decisions.tests.conftest import in_session, participant, propose, state_all
from sunshine.decisions.tests.test_meetings import quick_ready
from sunshine.org.tests.factories import UnitFactory, account_with_role

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_topic_pages_show_the_missing_prerequisites(world):
    topic = propose(world)
    c = client_for(world.proposer)
    assert "修订本局财务管理办法" in c.get("/decisions/").content.decode()
    page = c.get(f"/decisions/topics/{topic.pk}/").content.decode()
    assert "缺少调研报告" in page
    refused = c.post(f"/decisions/topics/{topic.pk}/submit/")
    assert refused.status_code == 422
    assert "DEC-60" in refused.content.decode()


def test_propose_page_creates_a_topic(world):
    c = client_for(world.proposer)
    assert c.get("/decisions/topics/new/").status_code == 200
    response = c.post(
        "/decisions/topics/new/",
        {
            "department": world.department.pk,
            "title": "购置执法车辆",
            "kind": "funds",
            "amount": "300000",
            "background": "车辆老化",
            "draft_decision": "同意购置",
            "responsible_leader": world.in_charge.pk,
        },
    )
    assert response.status_code == 302
    assert "购置执法车辆" in c.get(response["Location"]).content.decode()


def test_research_added_from_the_topic_page(world):
    topic = propose(world)
    c = client_for(world.proposer)
    response = c.post(f"/decisions/topics/{topic.pk}/research/", {"summary": "走访三家单位"})
    assert response.status_code == 302
    assert topic.research.get().summary == "走访三家单位"


def test_meeting_page_refuses_the_principal_speaking_first_with_its_rule(world):
    topic = quick_ready(world)
    m, (item,) = in_session(world, [topic])
    c = client_for(world.office)
    page = c.get(f"/decisions/meetings/{m.pk}/").content.decode()
    assert "到会表决成员 5 / 应到 5" in page
    response = c.post(
        f"/decisions/meetings/{m.pk}/opinion/{item.pk}/",
        {"participant": participant(m, world.principal).pk, "position": "agree", "reason": "同意"},
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "主要负责人须末位表态" in body
    assert "DEC-64" in body


def test_member_casts_own_secret_ballot_on_the_meeting_page(world):
    from sunshine.decisions.choices import TopicKind

    topic = quick_ready(world, kind=TopicKind.PERSONNEL, title="任命办公室主任")
    m, (item,) = in_session(world, [topic])
    state_all(world, item)
    vote = services.vote_open(actor=world.office, item=item, method=VoteMethod.SECRET)
    c = client_for(world.deputies[1])
    page = c.get(f"/decisions/meetings/{m.pk}/").content.decode()
    assert "投出我的无记名票" in page
    assert c.post(f"/decisions/meetings/{m.pk}/cast/{item.pk}/", {"choice": "agree"}).status_code == 302
    vote.refresh_from_db()
    assert vote.casts.count() == 1
    assert "投出我的无记名票" not in c.get(f"/decisions/meetings/{m.pk}/").content.decode()


def test_minutes_page_signs(world):
    topic = quick_ready(world)
    m, (item,) = in_session(world, [topic])
    services.outcome_record(actor=world.office, item=item, outcome=Outcome.SENT_BACK, reason="补充调研")
    services.meeting_close(actor=world.office, meeting=m)
    minutes = services.minutes_draft(actor=world.office, meeting=m)
    c = client_for(world.principal)
    assert minutes.number in c.get(f"/decisions/minutes/{minutes.pk}/").content.decode()
    assert c.post(f"/decisions/minutes/{minutes.pk}/sign/").status_code == 302
    minutes.refresh_from_db()
    assert minutes.chair_signed_at is not None


def test_pages_outside_the_organisation_are_not_found(world):
    topic = propose(world)
    other = UnitFactory(name="示范乡人民政府", code="BODY-Y")
    stranger = account_with_role("office_clerk", unit=other, username="stranger2")
    c = client_for(stranger)
    assert c.get(f"/decisions/topics/{topic.pk}/").status_code == 404


def test_discipline_office_sees_the_notices(world):
    topic = quick_ready(world)
    m, (item,) = in_session(world, [topic])
    client_for(world.office).post(
        f"/decisions/meetings/{m.pk}/opinion/{item.pk}/",
        {"participant": participant(m, world.principal).pk, "position": "agree", "reason": "同意"},
    )
    page = client_for(world.inspector).get("/decisions/notices/").content.decode()
    assert "DEC-64" in page
    assert client_for(world.proposer).get("/decisions/notices/").status_code == 403


def test_task_assigned_from_the_meeting_page(world):
    from sunshine.decisions.choices import Position

    topic = quick_ready(world)
    m, (item,) = in_session(world, [topic])
    state_all(world, item)
    vote = services.vote_open(actor=world.office, item=item, method=VoteMethod.HANDS)
    for p in services.eligible(item):
        services.ballot_record(actor=world.office, vote=vote, participant=p, choice_value=Position.AGREE)
    services.vote_close(actor=world.office, vote=vote)
    services.outcome_record(actor=world.principal, item=item, outcome=Outcome.ADOPTED)
    c = client_for(world.in_charge)
    assert "分解落实任务" in c.get(f"/decisions/meetings/{m.pk}/").content.decode()
    response = c.post(
        f"/decisions/meetings/{m.pk}/task/{item.pk}/",
        {
            "department": world.department.pk,
            "responsible": world.proposer.pk,
            "requirement": "年底前印发",
            "reply_workdays": 5,
        },
    )
    assert response.status_code == 302
    order = item.implementation_tasks.get().order
    assert order.number in c.get(f"/decisions/meetings/{m.pk}/").content.decode()


def test_consultation_asked_and_answered_on_the_topic_page(world):
    topic = propose(world)
    c = client_for(world.proposer)
    asked = c.post(
        f"/decisions/topics/{topic.pk}/consultation/",
        {"consultee": world.deputies[2].pk, "deadline": "2026-11-20"},
    )
    assert asked.status_code == 302
    consultation = topic.consultations.get()
    deputy = client_for(world.deputies[2])
    assert "请您书面答复" in deputy.get(f"/decisions/topics/{topic.pk}/").content.decode()
    answered = deputy.post(
        f"/decisions/topics/{topic.pk}/answer/",
        {"consultation": consultation.pk, "agree": "0", "answer_text": ""},
    )
    assert answered.status_code == 422
    assert "DEC-215" in answered.content.decode()
    deputy.post(
        f"/decisions/topics/{topic.pk}/answer/",
        {"consultation": consultation.pk, "agree": "0", "answer_text": "标准偏高"},
    )
    consultation.refresh_from_db()
    assert consultation.answer == "disagree"


def test_public_comment_too_short_is_refused_on_the_page(world):
    topic = propose(world)
    response = client_for(world.proposer).post(
        f"/decisions/topics/{topic.pk}/public-comment/",
        {"published_on": "2026-11-13", "closes_on": "2026-11-19", "channel": "门户网站"},
    )
    assert response.status_code == 422
    assert "PUB-12" in response.content.decode()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_minutes_print_as_pdf_and_word_with_their_text(world):
    import io

    from docx import Document

    from sunshine.decisions.tests.test_minutes import closed_meeting

    minutes = services.minutes_draft(actor=world.office, meeting=closed_meeting(world))
    c = client_for(world.office)
    pdf = b"".join(c.get(f"/decisions/minutes/{minutes.pk}/print.pdf").streaming_content)
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "重大事项集体决策会议纪要" in text
    assert minutes.number in text
    assert "副局长4（出差）" in text
    docx = b"".join(c.get(f"/decisions/minutes/{minutes.pk}/print.docx").streaming_content)
    document = Document(io.BytesIO(docx))
    cells = " ".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "李局长：同意。同意" in cells
    assert "赞成 4，反对 0，弃权 0，应到会成员 5" in cells


def test_settings_page_saves_the_bodys_rules(world):
    c = client_for(world.principal)
    page = c.get("/decisions/settings/")
    assert page.status_code == 200
    form = page.context["form"]
    data = {}
    for name, value in form.initial.items():
        data[name] = (
            [str(v) for v in value] if isinstance(value, list) else ("on" if value is True else str(value))
        )
    data = {k: v for k, v in data.items() if v != "False"}
    data["notice_workdays"] = "3"
    data["quorum_party_group_general"] = "2/3"
    assert c.post("/decisions/settings/", data).status_code == 302
    settings = services.settings_for(world.body)
    assert (settings.notice_workdays, settings.quorum["party_group"]["general"]) == (3, [2, 3])
    data["public_comment_workdays"] = "4"
    refused = c.post("/decisions/settings/", data)
    assert refused.status_code == 422
    assert "PUB-12" in refused.content.decode()
    assert client_for(world.proposer).get("/decisions/settings/").status_code == 403
