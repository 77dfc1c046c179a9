"""What an evaluation count opens in the talks area (SUP-253 诫勉谈话, SUP-11 督察和了解 by an inquiry
letter, SUP-242): a talk in its first state, linked both ways, once only, audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sunshine.cadres.evaluation import services
from sunshine.cadres.evaluation.choices import Grade, OutcomeKind
from sunshine.cadres.evaluation.models import EvaluationOutcome
from sunshine.cadres.talks import services as talk_services
from sunshine.cadres.talks.choices import Kind, SourceKind, Status
from sunshine.cadres.talks.models import Talk
from sunshine.cadres.tests.evaluation_helpers import entries, organiser_of, paper, setup_round
from sunshine.core.models import AuditRecord
from sunshine.org.tests.factories import UserFactory

E, C, B, P = Grade.EXCELLENT, Grade.COMPETENT, Grade.BASIC, Grade.POOR


@pytest.fixture
def organiser(body):
    return organiser_of(body)


@pytest.fixture
def cadre(body):
    return UserFactory(full_name="陈副局长")


def _count(organiser, body, cadre, grades, *, complaints=False, year=2025):
    evaluation, _people = setup_round(
        organiser, body, [cadre], insiders=len(grades) - 2, outsiders=2, voters=False, year=year
    )
    if complaints:
        services.complaints_record(
            actor=organiser, entry=entries(evaluation)[0], concentrated=True, note="群众反映作风粗暴。"
        )
    services.round_open(actor=organiser, evaluation=evaluation)
    for grade in grades:
        paper(organiser, evaluation, grade)
    services.round_count(actor=organiser, evaluation=evaluation)
    evaluation.refresh_from_db()
    return evaluation


def test_a_pass_rate_below_the_threshold_opens_an_admonition_talk_awaiting_approval(organiser, body, cadre):
    """SUP-253: 50 % < 60 % → an admonition talk in 待审批, its source the outcome, the outcome its talk."""
    evaluation = _count(organiser, body, cadre, [C] * 5 + [B] * 5)
    outcome = EvaluationOutcome.objects.get(round=evaluation, kind=OutcomeKind.ADMONITION)
    talk = outcome.talk
    assert talk is not None
    assert (talk.kind, talk.status, talk.subject, talk.body) == (Kind.ADMONITION, Status.DRAFT, cadre, body)
    assert (talk.source_kind, talk.source_id) == (
        SourceKind.EVALUATION,
        f"cadres.evaluationoutcome:{outcome.pk}",
    )
    assert "SUP-253" in talk.reason
    assert talk.subject_post == "副局长"
    assert talk_services.evaluation_outcome_of(talk) == outcome
    audits = AuditRecord.objects.filter(action="cadres.talk_register", object_id=str(talk.pk))
    assert audits.count() == 1
    assert "SUP-253" in audits.get().data["note"]
    assert AuditRecord.objects.filter(
        action="cadres.evaluation_outcome_talk", object_id=str(outcome.pk)
    ).exists()


def test_opening_the_talks_again_makes_no_second_talk(organiser, body, cadre):
    """Once only: a recount (or any second call) finds the linked talk."""
    evaluation = _count(organiser, body, cadre, [C] * 5 + [B] * 5)
    first = Talk.objects.get()
    again = services.outcomes_open_talks(actor=organiser, evaluation=evaluation)
    assert again == [first]
    assert Talk.objects.count() == 1
    assert AuditRecord.objects.filter(action="cadres.talk_register").count() == 1


def test_a_talk_registered_by_hand_for_the_outcome_is_linked_not_doubled(organiser, body, cadre, inspector):
    evaluation = _count(organiser, body, cadre, [C] * 5 + [B] * 5)
    outcome = EvaluationOutcome.objects.get(round=evaluation)
    talk = outcome.talk
    EvaluationOutcome.objects.filter(pk=outcome.pk).update(talk=None)  # as before this link existed
    assert talk_services.talk_from_evaluation(actor=inspector, outcome=outcome) == talk
    assert Talk.objects.count() == 1


def test_the_sup_11_follow_up_opens_an_inquiry_letter_with_the_complaints(organiser, body, cadre):
    """SUP-11 督察和了解 → 函询 (SUP-242: problems a cadre assessment reflects), the 民主评议 finding
    its question; 4 不称职 of 10 is over a third, 6 of 10 优秀/称职 is not below 60 %."""
    evaluation = _count(organiser, body, cadre, [P] * 4 + [E] * 6, complaints=True)
    outcome = EvaluationOutcome.objects.get(round=evaluation)
    assert outcome.kind == OutcomeKind.FOLLOW_UP
    letter = outcome.talk
    assert (letter.kind, letter.status) == (Kind.INQUIRY, Status.DRAFT)
    assert "群众反映作风粗暴" in letter.questions[0]
    assert "SUP-11" in letter.reason


def test_organisational_handling_opens_no_talk(organiser, body, cadre):
    """SUP-253 two years running: the Party group's decision; only the admonition talk is opened."""
    _count(organiser, body, cadre, [C] * 5 + [B] * 5, year=2024)
    evaluation = _count(organiser, body, cadre, [C] * 4 + [B] * 6)
    handling = EvaluationOutcome.objects.get(round=evaluation, kind=OutcomeKind.ORG_HANDLING)
    assert handling.talk is None
    assert Talk.objects.filter(kind=Kind.ADMONITION, subject=cadre).count() == 2  # one per year


def test_both_pages_link_to_each_other(client, organiser, body, cadre, inspector):
    evaluation = _count(organiser, body, cadre, [C] * 5 + [B] * 5)
    talk = Talk.objects.get()
    client.force_login(inspector)  # the discipline office reads both
    page = client.get(reverse("cadres:evaluation_detail", args=[evaluation.pk])).content.decode()
    assert reverse("cadres:talks_detail", args=[talk.pk]) in page
    page = client.get(reverse("cadres:talks_detail", args=[talk.pk])).content.decode()
    assert reverse("cadres:evaluation_detail", args=[evaluation.pk]) in page


def test_the_organiser_sees_the_talk_number_but_no_link(client, organiser, body, cadre):
    """SUP-248: the talk is the discipline office's; the organiser sees that it was opened."""
    evaluation = _count(organiser, body, cadre, [C] * 5 + [B] * 5)
    talk = Talk.objects.get()
    client.force_login(organiser)
    page = client.get(reverse("cadres:evaluation_detail", args=[evaluation.pk])).content.decode()
    assert talk.number in page
    assert reverse("cadres:talks_detail", args=[talk.pk]) not in page
