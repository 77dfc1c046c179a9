#!/usr/bin/env python3
"""Benchmark: recompute 1,000,000 deadlines after a calendar edit (issue 4: under 2 s, one core).

A throwaway SQLite database is migrated (seeding 2004-2026 from chinese-calendar) and a million periods
are drawn: start dates 2005-2025, 1-60 working days (70 %) or calendar days (30 %). Their due dates are
computed once; then an administrator's edit is made through the service (a Saturday becomes an
adjusted working day), which clears the calendar cache. The timed part is the edit, the reload of the
calendar and workdays.services.due_dates_bulk over all million periods, best of three rounds.
Prints a human line and ``RESULT workdays.recompute_1m_seconds <seconds> s``.
"""

from __future__ import annotations

import datetime as dt
import gc
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import QUICK, sqlite_django


def main() -> None:
    workdir = sqlite_django(one_core=True)
    from sunshine.core.system import system_actor
    from sunshine.workdays.models import SpecialDay
    from sunshine.workdays.services import due_dates_bulk, special_day_add, special_day_remove

    rng = random.Random(20261125)
    first = dt.date(2005, 1, 1)
    size = 100_000 if QUICK else 1_000_000
    items = [
        (
            first + dt.timedelta(days=rng.randrange(7670)),
            rng.randint(1, 60),
            "workdays" if rng.random() < 0.7 else "days",
        )
        for _ in range(size)
    ]
    before = due_dates_bulk(items)

    taken = set(SpecialDay.objects.values_list("date", flat=True))
    saturdays = [
        d for d in (dt.date(2015, 3, 7) + dt.timedelta(weeks=w) for w in range(0, 500, 37)) if d not in taken
    ]
    best, best_edit, changed = float("inf"), 0.0, 0
    gc.disable()
    with system_actor("bench"):  # the benchmark edits the calendar as the system
        for saturday in saturdays[: 2 if QUICK else 3]:
            started = time.perf_counter()
            day = special_day_add(actor=None, date=saturday, kind="workday", name="基准测试调休")
            edited = time.perf_counter()
            after = due_dates_bulk(items)
            elapsed = time.perf_counter() - started
            if elapsed < best:
                best, best_edit = elapsed, edited - started
                changed = sum(1 for old, new in zip(before, after, strict=True) if old != new)
            special_day_remove(actor=None, day=day, expected_version=day.version, reason="基准测试结束")
            due_dates_bulk(items[:1])  # reload outside the timed part
    gc.enable()
    if changed == 0:
        raise SystemExit("the edit changed no due date: the benchmark measured nothing")
    scaled = best * (1_000_000 / size)
    print(
        f"recompute {size:,} deadlines after a calendar edit: {best:.3f} s (edit {best_edit * 1000:.1f} ms, "
        f"{changed:,} due dates moved){' scaled to 1,000,000' if size != 1_000_000 else ''}: "
        f"{scaled:.3f} s per million on one core (target < 2 s)"
    )
    print(f"RESULT workdays.recompute_1m_seconds {scaled:.3f} s")
    workdir.cleanup()


if __name__ == "__main__":
    main()
