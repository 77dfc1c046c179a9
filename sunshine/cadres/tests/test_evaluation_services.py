"""The rules of the democratic evaluation (SUP-10, SUP-11, SUP-249, SUP-250, SUP-253, EVA-1), each at
its numeric edge."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from sunshine.cadres import body_settings
from sunshine.cadres.evaluation import integrity, services
from sunshine.cadres.evaluation.choices import Category, Grade, OutcomeKind, RoundStatus
from sunshine.cadres.evaluation.models import BallotCast, EvaluationOutcome, EvaluationRound
from sunshine.cadres.file_sources import sources
from sunshine.cadres.tests.evaluation_helpers import MEETING, entries, organiser_of, paper, setup_round
from sunshine.core.errors import Conflict, InvalidInput, NotFound, NotPermitted, RuleViolated
from sunshine.core.models import AuditRecord
from sunshine.org.tests.factories import UserFactory

E, C, B, P = Grade.EXCELLENT, Grade.COMPETENT, Grade.BASIC, Grade.POOR


@pytest.fixture
def organiser(body):
    return organiser_of(body)


@pytest.fixture
def cadre(body):
    return UserFactory(full_name="陈副局长")


def actions() -> list[str]:
    return list(AuditRecord.objects.order_by("id").values_list("action", flat=True))


# --- Setting up and opening the vote ------------------------------------------------------------------


def test_one_round_per_body_and_year(organiser, body):
    services.round_create(actor=organiser, body=body, year=2025, meeting_date=MEETING)
    with pytest.raises(RuleViolated) as refused:
        services.round_create(actor=organiser, body=body, year=2025, meeting_date=MEETING)
    assert refused.value.rule == "SUP-249"
    assert refused.value.field == "year"


def test_the_database_refuses_a_second_round_of_a_year(organiser, body):
    services.round_create(actor=organiser, body=body, year=2025, meeting_date=MEETING)
    with pytest.raises(IntegrityError), transaction.atomic():
        EvaluationRound.objects.create(body=body, year=2025, title="x", meeting_date=MEETING)


def test_only_the_organisation_office_sets_up_a_round(inspector, body):
    with pytest.raises(NotPermitted):
        services.round_create(actor=inspector, body=body, year=2025, meeting_date=MEETING)


def test_ten_percent_outside_participants_is_enough(organiser, body, cadre):
    """SUP-250: 不少于10% — 1 ordinary staff member among 10 attendees passes."""
    evaluation, _people = setup_round(organiser, body, [cadre], insiders=9, outsiders=1)
    opened = services.round_open(actor=organiser, evaluation=evaluation)
    assert opened.status == RoundStatus.VOTING
    assert opened.pass_rate_threshold == Decimal("60.00")
    assert "cadres.evaluation_open" in actions()


def test_fewer_than_ten_percent_outside_refuses_the_vote(organiser, body, cadre):
    """SUP-250: 1 of 11 attendees (9.1 %) is not enough; the refusal names the rule and the numbers."""
    evaluation, _people = setup_round(organiser, body, [cadre], insiders=10, outsiders=1)
    with pytest.raises(RuleViolated) as refused:
        services.round_open(actor=organiser, evaluation=evaluation)
    assert refused.value.rule == "SUP-250"
    assert "参会11人" in str(refused.value.message)
    assert "至少2人" in str(refused.value.message)
    evaluation.refresh_from_db()
    assert evaluation.status == RoundStatus.SETUP


def test_all_outside_categories_count_towards_the_ten_percent(organiser, body, cadre):
    evaluation, _people = setup_round(organiser, body, [cadre], insiders=17, outsiders=1)
    services.participant_add(actor=organiser, evaluation=evaluation, category=Category.RETIRED, name="老干部")
    services.participant_add(
        actor=organiser, evaluation=evaluation, category=Category.UNIT_HEAD, name="二级单位"
    )
    make_up = services.composition(evaluation)
    assert (make_up["total"], make_up["outside"], make_up["ok"]) == (20, 2, True)


def test_a_removed_attendee_no_longer_counts(organiser, body, cadre):
    evaluation, _people = setup_round(organiser, body, [cadre], insiders=9, outsiders=1)
    extra = services.participant_add(
        actor=organiser, evaluation=evaluation, category=Category.LEADER, name="某"
    )
    assert not services.composition(evaluation)["ok"]
    services.participant_remove(actor=organiser, participant=extra, reason="因公出差未到会")
    assert services.composition(evaluation)["ok"]
    assert "cadres.evaluation_participant_remove" in actions()


def test_the_vote_waits_for_every_report(organiser, body, cadre):
    """SUP-249: the cadre reads the report, then the evaluation."""
    evaluation, _people = setup_round(organiser, body, [cadre])
    late = UserFactory(full_name="迟报告")
    services.cadre_add(actor=organiser, evaluation=evaluation, cadre=late)
    with pytest.raises(RuleViolated) as refused:
        services.round_open(actor=organiser, evaluation=evaluation)
    assert refused.value.rule == "SUP-249"
    assert "迟报告" in str(refused.value.message)


def test_the_cadre_files_their_own_report_with_an_attachment(organiser, body, cadre, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    evaluation = services.round_create(actor=organiser, body=body, year=2025, meeting_date=MEETING)
    entry = services.cadre_add(actor=organiser, evaluation=evaluation, cadre=cadre)
    pdf = SimpleUploadedFile("述职报告.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    entry = services.report_file(actor=cadre, entry=entry, text="述职述廉报告正文", attachment=pdf)
    assert entry.report_filed_by == cadre
    assert entry.attachment_name == "述职报告.pdf"
    assert services.attachment_path(entry.attachment_sha256).read_bytes() == b"%PDF-1.4 test"


def test_another_person_cannot_file_a_cadres_report(organiser, body, cadre):
    evaluation = services.round_create(actor=organiser, body=body, year=2025, meeting_date=MEETING)
    entry = services.cadre_add(actor=organiser, evaluation=evaluation, cadre=cadre)
    with pytest.raises((NotPermitted, NotFound)):
        services.report_file(actor=UserFactory(), entry=entry, text="代写")


def test_a_report_needs_text(organiser, body, cadre):
    evaluation = services.round_create(actor=organiser, body=body, year=2025, meeting_date=MEETING)
    entry = services.cadre_add(actor=organiser, evaluation=evaluation, cadre=cadre)
    with pytest.raises(InvalidInput) as refused:
        services.report_file(actor=organiser, entry=entry, text="  ")
    assert refused.value.field == "text"


# --- Ballots --------------------------------------------------------------------------------------------


def test_an_online_ballot_keeps_who_voted_but_not_how(organiser, body, cadre):
    evaluation, people = setup_round(organiser, body, [cadre])
    services.round_open(actor=organiser, evaluation=evaluation)
    entry = entries(evaluation)[0]
    services.ballot_cast(actor=people[0], evaluation=evaluation, grades={entry.pk: P})
    assert BallotCast.objects.filter(round=evaluation, participant__user=people[0]).exists()
    entry.refresh_from_db()
    assert entry.poor == 1
    record = AuditRecord.objects.filter(action="cadres.evaluation_ballot_cast").get()
    assert '"voter"' in record.payload
    assert not any(grade in record.payload for grade in Grade.values)
    with pytest.raises(Conflict):
        services.ballot_cast(actor=people[0], evaluation=evaluation, grades={entry.pk: E})


def test_only_an_attendee_votes_online(organiser, body, cadre):
    evaluation, _people = setup_round(organiser, body, [cadre])
    services.round_open(actor=organiser, evaluation=evaluation)
    with pytest.raises(NotPermitted) as refused:
        services.ballot_cast(
            actor=UserFactory(), evaluation=evaluation, grades={entries(evaluation)[0].pk: E}
        )
    assert refused.value.rule == "EVA-1"


def test_an_online_ballot_grades_every_cadre(organiser, body, cadre):
    other = UserFactory(full_name="第二人")
    evaluation, people = setup_round(organiser, body, [cadre, other])
    services.round_open(actor=organiser, evaluation=evaluation)
    first, second = entries(evaluation)
    with pytest.raises(InvalidInput) as refused:
        services.ballot_cast(actor=people[0], evaluation=evaluation, grades={first.pk: E})
    assert refused.value.field == f"grade_{second.pk}"


def test_no_ballot_before_the_vote_opens(organiser, body, cadre):
    evaluation, people = setup_round(organiser, body, [cadre])
    with pytest.raises(Conflict):
        services.ballot_cast(actor=people[0], evaluation=evaluation, grades={entries(evaluation)[0].pk: E})


def test_no_more_ballots_than_attendees(organiser, body, cadre):
    """EVA-1: online and paper together at most one per attendee (10 here)."""
    evaluation, people = setup_round(organiser, body, [cadre])
    services.round_open(actor=organiser, evaluation=evaluation)
    services.ballot_cast(actor=people[0], evaluation=evaluation, grades={entries(evaluation)[0].pk: C})
    paper(organiser, evaluation, C, times=9)
    with pytest.raises(RuleViolated) as refused:
        paper(organiser, evaluation, C)
    assert refused.value.rule == "EVA-1"


def test_invalid_paper_ballots_leave_the_base(organiser, body, cadre):
    other = UserFactory()
    evaluation, _people = setup_round(organiser, body, [cadre, other])
    services.round_open(actor=organiser, evaluation=evaluation)
    services.paper_ballot_enter(actor=organiser, evaluation=evaluation, invalid=True)
    paper(organiser, evaluation, C, None)  # blank for the second cadre: invalid for that cadre only
    paper(organiser, evaluation, E, B)
    evaluation.refresh_from_db()
    assert (evaluation.ballots_paper, evaluation.ballots_invalid, evaluation.ballots_valid) == (3, 1, 2)
    services.round_count(actor=organiser, evaluation=evaluation)
    first, second = entries(evaluation)
    assert (first.valid, first.invalid) == (2, 1)
    assert (second.valid, second.invalid) == (1, 2)


def test_a_blank_paper_ballot_is_entered_as_invalid(organiser, body, cadre):
    evaluation, _people = setup_round(organiser, body, [cadre])
    services.round_open(actor=organiser, evaluation=evaluation)
    with pytest.raises(InvalidInput) as refused:
        paper(organiser, evaluation, None)
    assert refused.value.field == "invalid"


# --- The count and its triggers -------------------------------------------------------------------------


def _counted(organiser, body, cadre, *, complaints=True, grades, invalid=0, year=2025, attendees=12):
    evaluation, _people = setup_round(
        organiser, body, [cadre], insiders=attendees - 2, outsiders=2, voters=False, year=year
    )
    if complaints:
        services.complaints_record(
            actor=organiser, entry=entries(evaluation)[0], concentrated=True, note="群众反映作风粗暴"
        )
    services.round_open(actor=organiser, evaluation=evaluation)
    for grade in grades:
        paper(organiser, evaluation, grade)
    for _n in range(invalid):
        services.paper_ballot_enter(actor=organiser, evaluation=evaluation, invalid=True)
    services.round_count(actor=organiser, evaluation=evaluation)
    return entries(evaluation)[0]


def test_exactly_one_third_poor_is_not_above(organiser, body, cadre):
    """SUP-11: 4 不称职 of 12 valid ballots is exactly one third: no follow-up."""
    result = _counted(organiser, body, cadre, grades=[P] * 4 + [E] * 8)
    assert (result.valid, result.poor, result.poor_over_third) == (12, 4, False)
    assert not EvaluationOutcome.objects.filter(kind=OutcomeKind.FOLLOW_UP).exists()


def test_more_than_one_third_of_valid_ballots_with_complaints_opens_a_follow_up(organiser, body, cadre):
    """SUP-11: 4 不称职 of 11 valid (the invalid ballot is not in the base: 4 of 12 would not be)."""
    result = _counted(organiser, body, cadre, grades=[P] * 4 + [E] * 7, invalid=1)
    assert (result.valid, result.poor_over_third) == (11, True)
    outcome = EvaluationOutcome.objects.get(kind=OutcomeKind.FOLLOW_UP)
    assert (outcome.rule, outcome.cadre, outcome.result, outcome.round) == (
        "SUP-11",
        cadre,
        result,
        result.round,
    )
    assert "cadres.evaluation_outcome" in actions()


def test_poor_votes_without_concentrated_complaints_open_no_follow_up(organiser, body, cadre):
    """SUP-11 needs both conditions; the result still shows the share."""
    result = _counted(organiser, body, cadre, complaints=False, grades=[P] * 5 + [E] * 7)
    assert result.poor_over_third is True
    assert not EvaluationOutcome.objects.filter(kind=OutcomeKind.FOLLOW_UP).exists()


def test_a_pass_rate_equal_to_the_threshold_is_not_below(organiser, body, cadre):
    """SUP-253: 6 优秀/称职 of 10 valid = 60 %, the default threshold: no admonition."""
    result = _counted(organiser, body, cadre, complaints=False, grades=[C] * 6 + [B] * 4, attendees=10)
    assert (result.pass_rate, result.below_threshold) == (Decimal("60.00"), False)
    assert not EvaluationOutcome.objects.exists()


def test_a_pass_rate_below_the_threshold_leads_to_an_admonition_talk(organiser, body, cadre):
    result = _counted(
        organiser, body, cadre, complaints=False, grades=[E, C, C, C, C] + [B] * 5, attendees=10
    )
    assert (result.pass_rate, result.below_threshold) == (Decimal("50.00"), True)
    outcome = EvaluationOutcome.objects.get()
    assert (outcome.kind, outcome.rule, outcome.cadre) == (OutcomeKind.ADMONITION, "SUP-253", cadre)


def set_threshold(actor, body, value: str) -> None:
    """Through the body's settings (the one way to change it, versioned: AUD-3)."""
    read = body_settings.settings_get(actor=actor, body=body)
    body_settings.settings_save(
        actor=actor, body=body, expected_versions=read.versions, pass_rate_threshold=value
    )


def test_the_threshold_is_the_bodys_setting_fixed_when_the_vote_opens(organiser, body, cadre):
    set_threshold(organiser, body, "50")
    evaluation, _people = setup_round(organiser, body, [cadre], voters=False)
    services.round_open(actor=organiser, evaluation=evaluation)
    set_threshold(organiser, body, "90")
    paper(organiser, evaluation, C, times=5)
    paper(organiser, evaluation, B, times=5)
    services.round_count(actor=organiser, evaluation=evaluation)
    assert entries(evaluation)[0].below_threshold is False  # 50 % is not below 50 %
    assert not EvaluationOutcome.objects.exists()


def test_below_the_threshold_two_years_running_leads_to_organisational_handling(organiser, body, cadre):
    _counted(organiser, body, cadre, complaints=False, grades=[C] * 5 + [B] * 5, attendees=10, year=2024)
    result = _counted(organiser, body, cadre, complaints=False, grades=[C] * 4 + [B] * 6, attendees=10)
    kinds = set(EvaluationOutcome.objects.filter(round=result.round).values_list("kind", flat=True))
    assert kinds == {OutcomeKind.ADMONITION, OutcomeKind.ORG_HANDLING}


def test_below_only_this_year_is_not_two_years_running(organiser, body, cadre):
    _counted(organiser, body, cadre, complaints=False, grades=[C] * 6 + [B] * 4, attendees=10, year=2024)
    result = _counted(organiser, body, cadre, complaints=False, grades=[C] * 4 + [B] * 6, attendees=10)
    kinds = set(EvaluationOutcome.objects.filter(round=result.round).values_list("kind", flat=True))
    assert kinds == {OutcomeKind.ADMONITION}


def test_the_count_needs_ballots(organiser, body, cadre):
    evaluation, _people = setup_round(organiser, body, [cadre])
    services.round_open(actor=organiser, evaluation=evaluation)
    with pytest.raises(RuleViolated):
        services.round_count(actor=organiser, evaluation=evaluation)


def test_concentrated_complaints_need_a_note(organiser, body, cadre):
    evaluation, _people = setup_round(organiser, body, [cadre])
    with pytest.raises(InvalidInput) as refused:
        services.complaints_record(actor=organiser, entry=entries(evaluation)[0], concentrated=True)
    assert refused.value.rule == "SUP-11"


# --- The integrity file ---------------------------------------------------------------------------------


def test_the_result_goes_into_the_cadres_integrity_file(organiser, body, cadre):
    """SUP-251: the evaluation's result is an entry of the 廉政档案, with what it triggered."""
    _counted(organiser, body, cadre, complaints=False, grades=[E, C, C, C, C] + [B] * 5, attendees=10)
    assert integrity.entries in sources()
    found = list(integrity.entries(cadre, today=dt.date(2026, 2, 1)))
    assert len(found) == 1
    entry = found[0]
    assert entry.section == "evaluation"
    assert entry.occurred_on == MEETING
    assert "优称率50.00%" in entry.summary
    assert "诫勉谈话（SUP-253）" in entry.summary
    assert list(integrity.entries(UserFactory(), today=dt.date(2026, 2, 1))) == []


def test_an_uncounted_round_is_not_in_the_file(organiser, body, cadre):
    setup_round(organiser, body, [cadre])
    assert list(integrity.entries(cadre, today=dt.date(2026, 2, 1))) == []


def test_rounds_are_seen_by_organisers_attendees_and_the_evaluated_only(organiser, body, cadre, inspector):
    evaluation, people = setup_round(organiser, body, [cadre])
    for actor in (organiser, inspector, people[0], cadre):
        assert services.round_get(actor=actor, pk=evaluation.pk) == evaluation
        assert evaluation in services.round_list(actor=actor)
    with pytest.raises(NotFound):
        services.round_get(actor=UserFactory(), pk=evaluation.pk)
