#!/usr/bin/env python3
"""Benchmark: counting a democratic evaluation of 500 ballots (issue #9 §9: under 100 ms).

A fresh SQLite database gets one body with its organiser, an evaluation round of 10 cadres (their
reports filed), an attendance list of 500 (50 of them ordinary staff: SUP-250's 10 %), last year's
counted round (so that the two-years-running check reads something), and 500 ballots: 450 cast
online by the attendees through ``services.ballot_cast`` and 50 entered from paper, a few invalid.
The timed part is ``services.round_count`` (the rates per cadre against the valid ballots, the
SUP-11/SUP-253 triggers, the outcome rows and the audit records), run in a transaction rolled back
after each run so that every run counts the same 500 ballots. Prints human lines and
``RESULT cadres.evaluation_count_p95_ms <ms> ms`` (BENCH_QUICK=1: 10 timed runs instead of 50).
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time

from _setup import QUICK, sqlite_django

BALLOTS = 500
CADRES = 10
RUNS = 10 if QUICK else 50


class _Rollback(Exception):
    pass


def build():
    from sunshine.cadres.evaluation import services
    from sunshine.cadres.evaluation.choices import Category, Grade
    from sunshine.org.tests.factories import UnitFactory, UserFactory, account_with_role

    body = UnitFactory(name="示范县安全生产监督管理局", code="BENCH-1")
    organiser = account_with_role("office_clerk", unit=body, username="office", full_name="办公室")
    cadres = [UserFactory(full_name=f"干部{n}") for n in range(CADRES)]
    rng = random.Random(9)
    grades = list(Grade.values)

    def round_of(year: int, online: int, paper: int):
        evaluation = services.round_create(
            actor=organiser, body=body, year=year, meeting_date=dt.date(year + 1, 1, 15)
        )
        for user in cadres:
            entry = services.cadre_add(
                actor=organiser, evaluation=evaluation, cadre=user, position="班子成员"
            )
            services.report_file(actor=organiser, entry=entry, text="述职述廉报告")
        voters = []
        for n in range(online + paper):
            category = Category.STAFF if n % 10 == 0 else Category.LEADER
            user = UserFactory(username=f"v{year}-{n}") if n < online else None
            services.participant_add(
                actor=organiser, evaluation=evaluation, category=category, user=user, name=f"代表{n}"
            )
            voters.append(user)
        evaluation = services.round_open(actor=organiser, evaluation=evaluation)
        ids = list(evaluation.cadres.values_list("pk", flat=True))
        weights = {pk: rng.choice([(5, 4, 2, 1), (1, 3, 3, 5), (2, 5, 2, 1)]) for pk in ids}
        for user in voters[:online]:
            ballot = {pk: rng.choices(grades, weights=weights[pk])[0] for pk in ids}
            services.ballot_cast(actor=user, evaluation=evaluation, grades=ballot)
        for n in range(paper):
            if n % 10 == 0:
                services.paper_ballot_enter(actor=organiser, evaluation=evaluation, invalid=True)
            else:
                ballot = {
                    pk: (rng.choices(grades, weights=weights[pk])[0] if rng.random() > 0.05 else None)
                    for pk in ids
                }
                services.paper_ballot_enter(actor=organiser, evaluation=evaluation, grades=ballot)
        entries = list(evaluation.cadres.order_by("seq"))
        services.complaints_record(actor=organiser, entry=entries[1], concentrated=True, note="意见集中")
        return evaluation

    last_year = round_of(2024, online=40, paper=10)
    services.round_count(actor=organiser, evaluation=last_year)
    evaluation = round_of(2025, online=450, paper=50)
    return organiser, evaluation


def main() -> None:
    sqlite_django()
    from django.db import transaction

    from sunshine.cadres.evaluation import services
    from sunshine.cadres.evaluation.models import EvaluationOutcome, EvaluationRound

    started = time.perf_counter()
    organiser, evaluation = build()
    evaluation.refresh_from_db()
    print(
        f"built in {time.perf_counter() - started:.1f} s: {CADRES} cadres, {evaluation.ballots} ballots "
        f"({evaluation.ballots_online} online, {evaluation.ballots_paper} paper, "
        f"{evaluation.ballots_invalid} invalid)"
    )
    assert evaluation.ballots == BALLOTS
    timings = []
    cpu = []  # this process's CPU time: what the count costs when it does not wait for a core
    outcomes = 0
    for _run in range(RUNS + 1):
        fresh = EvaluationRound.objects.get(pk=evaluation.pk)
        try:
            with transaction.atomic():
                t0, c0 = time.perf_counter(), time.process_time()
                services.round_count(actor=organiser, evaluation=fresh)
                timings.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
                outcomes = EvaluationOutcome.objects.filter(round=fresh).count()
                raise _Rollback
        except _Rollback:
            pass
    timings, cpu = timings[1:], cpu[1:]  # the first run warms the caches
    p95 = statistics.quantiles(timings, n=20)[-1]
    print(
        f"count of {BALLOTS} ballots: median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms "
        f"({len(timings)} runs, {outcomes} outcomes triggered per count)"
    )
    cpu_p95 = statistics.quantiles(cpu, n=20)[-1]
    print(f"CPU time of one count: median {statistics.median(cpu):.1f} ms, p95 {cpu_p95:.1f} ms")
    print(f"RESULT cadres.evaluation_count_p95_ms {p95:.1f} ms")


if __name__ == "__main__":
    main()
