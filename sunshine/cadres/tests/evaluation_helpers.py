"""Helpers of the evaluation tests (not a conftest: the other areas of the app have their own)."""

from __future__ import annotations

import datetime as dt

from sunshine.cadres.evaluation import services
from sunshine.cadres.evaluation.choices import Category
from sunshine.org.tests.factories import UserFactory, account_with_role

MEETING = dt.date(2026, 1, 15)


def organiser_of(body):
    return account_with_role("office_clerk", unit=body, username="office", full_name="郑办公室")


def setup_round(organiser, body, cadres, *, year=2025, insiders=9, outsiders=1, voters=True):
    """A round with ``cadres`` (users) and their reports filed, and an attendance list of
    ``insiders`` leaders and ``outsiders`` ordinary staff; attendees get accounts when ``voters``."""
    evaluation = services.round_create(actor=organiser, body=body, year=year, meeting_date=MEETING)
    for user in cadres:
        entry = services.cadre_add(actor=organiser, evaluation=evaluation, cadre=user, position="副局长")
        services.report_file(actor=organiser, entry=entry, text="一年来履行职责和廉洁自律情况……")
    people = []
    for n in range(insiders + outsiders):
        category = Category.LEADER if n < insiders else Category.STAFF
        user = UserFactory() if voters else None
        services.participant_add(
            actor=organiser,
            evaluation=evaluation,
            category=category,
            user=user,
            name="" if user else f"代表{n}",
        )
        people.append(user)
    evaluation.refresh_from_db()
    return evaluation, people


def entries(evaluation):
    return list(evaluation.cadres.order_by("seq"))


def paper(organiser, evaluation, *grades, times=1):
    """``times`` paper ballots grading the round's cadres in order (None: blank for that cadre)."""
    ids = [e.pk for e in entries(evaluation)]
    for _n in range(times):
        services.paper_ballot_enter(
            actor=organiser, evaluation=evaluation, grades=dict(zip(ids, grades, strict=True))
        )
