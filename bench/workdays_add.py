#!/usr/bin/env python3
"""Benchmark: workdays.services.add_working_days on one core (issue 4: at least 1,000,000 calls/s).

A throwaway SQLite database is migrated (which seeds 2004-2026 from chinese-calendar), then the service
is called in a plain loop, as a web or worker process calls it: random start dates 2005-2025, amounts
-60..60, the calendar cache warm and its once-a-second freshness check included. The best of several
rounds counts (other processes share the machine). Prints a human line and
``RESULT workdays.add_working_days <calls per second> calls/s``.
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
    from sunshine.workdays.services import add_working_days

    rng = random.Random(20261125)
    first = dt.date(2005, 1, 1)
    sample = [(first + dt.timedelta(days=rng.randrange(7670)), rng.randint(-60, 60)) for _ in range(10_000)]
    calls = 200_000 if QUICK else 2_000_000
    pairs = sample * (calls // len(sample))
    add_working_days(date=first, n=1)  # load the calendar

    best = float("inf")
    gc.disable()
    for _ in range(3 if QUICK else 7):
        started = time.perf_counter()
        for day, n in pairs:
            add_working_days(date=day, n=n)
        best = min(best, time.perf_counter() - started)
    gc.enable()
    rate = len(pairs) / best
    print(
        f"add_working_days: {len(pairs):,} calls in {best:.3f} s on one core = {rate:,.0f} calls/s "
        "(target 1,000,000)"
    )
    print(f"RESULT workdays.add_working_days {rate:.0f} calls/s")
    workdir.cleanup()


if __name__ == "__main__":
    main()
