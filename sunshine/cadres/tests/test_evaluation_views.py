"""The evaluation's pages and API: who sees what, the vote through a page, the refusal with its rule,
the printed sheet read back."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from sunshine.cadres.evaluation import services
from sunshine.cadres.evaluation.choices import Grade, OutcomeKind
from sunshine.cadres.evaluation.models import EvaluationOutcome
from sunshine.cadres.tests.evaluation_helpers import entries, organiser_of, paper, setup_round
from sunshine.org.tests.factories import UserFactory


@pytest.fixture
def organiser(body):
    return organiser_of(body)


@pytest.fixture
def cadre(body):
    return UserFactory(full_name="陈副局长")


def test_an_attendee_votes_on_the_page_and_the_organiser_counts(client, organiser, body, cadre, inspector):
    evaluation, people = setup_round(organiser, body, [cadre])
    services.round_open(actor=organiser, evaluation=evaluation)
    entry = entries(evaluation)[0]
    client.force_login(people[0])
    page = client.get(f"/cadres/evaluation/{evaluation.pk}/vote/")
    assert page.status_code == 200
    assert "不称职" in page.content.decode()
    done = client.post(f"/cadres/evaluation/{evaluation.pk}/vote/", {f"grade_{entry.pk}": Grade.POOR})
    assert done.status_code == 302
    again = client.get(f"/cadres/evaluation/{evaluation.pk}/")
    assert 'data-testid="voted"' in again.content.decode()
    assert 'data-testid="participants"' not in again.content.decode()  # attendees do not read the list

    client.force_login(organiser)
    paper(organiser, evaluation, Grade.COMPETENT, times=9)
    evaluation.refresh_from_db()
    counted = client.post(f"/cadres/evaluation/{evaluation.pk}/count/", {"version": evaluation.version})
    assert counted.status_code == 302

    client.force_login(inspector)
    detail = client.get(f"/cadres/evaluation/{evaluation.pk}/").content.decode()
    assert 'data-testid="pass-rate"' in detail
    assert "90.00%" in detail


def test_opening_without_ten_percent_outside_shows_the_rule(client, organiser, body, cadre):
    evaluation, _people = setup_round(organiser, body, [cadre], insiders=10, outsiders=1)
    client.force_login(organiser)
    response = client.post(f"/cadres/evaluation/{evaluation.pk}/open/", {"version": ""})
    assert response.status_code == 422
    text = response.content.decode()
    assert "SUP-250" in text
    assert "不少于参会总人数10%" in text


def test_a_stranger_cannot_open_a_round(client, organiser, body, cadre):
    evaluation, _people = setup_round(organiser, body, [cadre])
    client.force_login(UserFactory())
    assert client.get(f"/cadres/evaluation/{evaluation.pk}/").status_code == 404
    assert client.get(f"/cadres/evaluation/{evaluation.pk}/vote/").status_code == 404


def test_the_result_sheet_prints_in_chinese(client, organiser, body, cadre, inspector):
    evaluation, _people = setup_round(organiser, body, [cadre], voters=False)
    services.complaints_record(actor=organiser, entry=entries(evaluation)[0], concentrated=True, note="作风")
    services.round_open(actor=organiser, evaluation=evaluation)
    paper(organiser, evaluation, Grade.POOR, times=4)
    paper(organiser, evaluation, Grade.EXCELLENT, times=6)
    services.round_count(actor=organiser, evaluation=evaluation)
    client.force_login(inspector)
    response = client.get(f"/cadres/evaluation/{evaluation.pk}/sheet.pdf")
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    assert data.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
        ).stdout.decode()
        assert "民主测评结果统计表" in text
        assert "督察和了解" in text
        assert "陈副局长" in text


def test_the_api_runs_a_round_to_its_triggered_follow_up(client, organiser, body, cadre):
    client.force_login(organiser)
    made = client.post(
        "/api/v1/cadres/evaluation/rounds",
        {"body": body.pk, "year": 2025, "meeting_date": "2026-01-15"},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    client.post(
        f"/api/v1/cadres/evaluation/rounds/{pk}/cadres", {"cadre": cadre.pk}, content_type="application/json"
    )
    row = client.get(f"/api/v1/cadres/evaluation/rounds/{pk}").json()["cadres"][0]["id"]
    for n in range(3):
        client.post(
            f"/api/v1/cadres/evaluation/rounds/{pk}/participants",
            {"category": "leader" if n < 2 else "recipient", "name": f"人员{n}"},
            content_type="application/json",
        )
    refused = client.post(f"/api/v1/cadres/evaluation/rounds/{pk}/open", {}, content_type="application/json")
    assert refused.status_code == 422
    assert refused.json()["rule"]["id"] == "SUP-249"
    client.post(
        f"/api/v1/cadres/evaluation/rounds/{pk}/reports",
        {"cadre": row, "text": "报告"},
        content_type="application/json",
    )
    client.post(
        f"/api/v1/cadres/evaluation/rounds/{pk}/complaints",
        {"cadre": row, "concentrated": True, "note": "意见集中"},
        content_type="application/json",
    )
    opened = client.post(f"/api/v1/cadres/evaluation/rounds/{pk}/open", {}, content_type="application/json")
    assert opened.status_code == 200, opened.content
    for grade in ("poor", "poor", "competent"):
        client.post(
            f"/api/v1/cadres/evaluation/rounds/{pk}/paper-ballots",
            {"grades": [{"cadre": row, "grade": grade}]},
            content_type="application/json",
        )
    counted = client.post(f"/api/v1/cadres/evaluation/rounds/{pk}/count", {}, content_type="application/json")
    assert counted.status_code == 200, counted.content
    body_json = counted.json()
    assert [o["kind"] for o in body_json["outcomes"]] == [OutcomeKind.FOLLOW_UP, OutcomeKind.ADMONITION]
    assert body_json["cadres"][0]["result"]["valid"] == 3
    assert EvaluationOutcome.objects.filter(rule="SUP-11").count() == 1
