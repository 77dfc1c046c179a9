#!/usr/bin/env python3
"""Run every benchmark in bench/ and print its figures.

Each benchmark is a script that prints machine lines ``RESULT <metric> <value> <unit>``. Scripts
whose name ends in ``_pg.py`` need PostgreSQL and run under .ci/with-postgres. ``--quick`` sets
BENCH_QUICK=1 (smaller sizes: CI checks that they run, not their figures). ``--write-readme``
replaces the performance table in README.md with the figures of this run. ``--jobs N`` runs N
scripts at once (CI's quick run, whose figures are not judged: they disturb each other's timings).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
PYTHON = ROOT / ".venv" / "bin" / "python"
RESULT = re.compile(r"^RESULT (\S+) (\S+) (.+)$")

# metric -> (what it measures, target as the issue states it)
TARGETS = {
    "workdays.add_working_days": ("adding working days, one core", "≥ 1,000,000 calls/s"),
    "workdays.recompute_1m_seconds": ("recomputing 1,000,000 deadlines after a calendar edit", "< 2 s"),
    "audit.verify_rate": ("`sunshine audit verify`, SQLite", "≥ 200,000 records/s"),
    "audit.verify_rate_pg": ("`sunshine audit verify`, PostgreSQL", "≥ 200,000 records/s"),
    "audit.ratio_1_writer": ("state change with audit record ÷ without, 1 writer, PostgreSQL", "≥ 0.67"),
    "audit.ratio_8_writers": ("state change with audit record ÷ without, 8 writers, PostgreSQL", "≥ 0.5"),
    "catalog.search_p95_ms": ("catalogue search p95, 5,000 items and 50,000 risk points", "< 150 ms"),
    "catalog.import_5000_rows_s": ("importing a 5,000-row catalogue workbook", "< 30 s"),
    "flows.validate_40_steps_ms": ("publication validation of a 40-step diagram", "< 1 s"),
    "cases.step_bare_per_s": (
        "a bare SpiffWorkflow case step (its own serializer: deserialize, run, serialize)",
        "—",
    ),
    "cases.step_engine_per_s": (
        "Sunshine's engine step: the same step on the state stored without its process spec",
        "—",
    ),
    # the step's figures are judged on the default, durable commit (ADR 0021); the fast mode beside it
    "cases.step_service_durable_per_s": (
        "completing a case step through the service, PostgreSQL, durable commit",
        "≥ 250 steps/s",
    ),
    "cases.step_cost_ratio_durable": (
        "case step through the service ÷ bare SpiffWorkflow step (cost), durable commit",
        "≤ 4",
    ),
    "cases.step_engine_ratio_durable": (
        "case step through the service ÷ Sunshine's engine step (cost), durable commit",
        "—",
    ),
    "cases.step_service_per_s": (
        "completing a case step through the service, PostgreSQL, `SUNSHINE_STEP_COMMIT=fast`",
        "—",
    ),
    "cases.step_cost_ratio": ("case step ÷ bare SpiffWorkflow step (cost), `SUNSHINE_STEP_COMMIT=fast`", "—"),
    "cases.step_commit_floor_ms": ("one durable commit of a one-row update on this disk, PostgreSQL", "—"),
    "oversight.scan_1m_tasks_s": ("supervision scan over 1,000,000 open steps, PostgreSQL", "< 10 s"),
    "oversight.notify_after_scan_s": ("notifying that scan's alerts (queued task), PostgreSQL", "—"),
    "portal.cached_rps": ("portal: a cached public page over HTTP (gunicorn, loopback)", "≥ 500 requests/s"),
    "portal.search_uncached_p95_ms": (
        "portal: uncached catalogue search p95 over HTTP, 5,000 published items",
        "< 100 ms",
    ),
    "portal.consultation_cached_rps": (
        "portal: a cached decision-under-notice page over HTTP (gunicorn, loopback)",
        "≥ 500 requests/s",
    ),
    "portal.consultation_uncached_p95_ms": (
        "portal: uncached decision-under-notice list and topic pages p95, 200 topics with 5 comments each",
        "< 100 ms",
    ),
    "cases.my_tasks_p95_ms": ('"my tasks" p95, 1,000,000 cases, PostgreSQL', "< 150 ms"),
    "cases.case_list_p95_ms": ("case list p95, 1,000,000 cases, PostgreSQL", "< 150 ms"),
    "cadres.evaluation_count_p95_ms": ("counting a democratic evaluation of 500 ballots, p95", "< 100 ms"),
    "oversight.report_body_year_s": (
        "efficiency report of a body over a year, 1,000,000 cases, PostgreSQL",
        "—",
    ),
}


def run(script: Path, quick: bool) -> tuple[list[tuple[str, str, str]], int, str]:
    env = dict(os.environ, BENCH_QUICK="1" if quick else "0")
    command = [str(PYTHON), str(script)]
    if script.name.endswith("_pg.py") and not env.get("DATABASE_URL", "").startswith("postgres"):
        command = [str(ROOT / ".ci" / "with-postgres"), *command]
    started = time.monotonic()
    proc = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    results = [m.groups() for line in proc.stdout.splitlines() if (m := RESULT.match(line.strip()))]
    took = f"({script.name}: {time.monotonic() - started:.0f} s)"
    return results, proc.returncode, f"{proc.stdout}{proc.stderr}{took}"


def readme_table(rows: list[tuple[str, str, str]]) -> str:
    lines = [
        f"Measured {dt.date.today().isoformat()} on {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()} (`make bench`).",
        "",
        "| figure | measured | target |",
        "|---|---|---|",
    ]
    for metric, value, unit in rows:
        label, target = TARGETS.get(metric, (metric, "—"))
        number = float(value)
        shown = f"{number:,.0f}" if number >= 100 else f"{number:.2f}"
        lines.append(f"| {label} | {shown} {unit} | {target} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--write-readme", action="store_true")
    parser.add_argument("--jobs", type=int, default=1, help="scripts run at once (default 1)")
    parser.add_argument("only", nargs="*", help="benchmark file names to run (default: all)")
    args = parser.parse_args()
    scripts = sorted(p for p in BENCH.glob("*.py") if p.name != "run_all.py" and not p.name.startswith("_"))
    if args.only:
        scripts = [p for p in scripts if p.name in args.only or p.stem in args.only]
    failed = False
    rows: list[tuple[str, str, str]] = []
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        runs = pool.map(lambda script: run(script, args.quick), scripts)
        for script, (results, code, output) in zip(scripts, runs, strict=True):
            print(f"--- {script.name}", flush=True)
            print(output.rstrip(), flush=True)
            if code != 0 or not results:
                print(f"!!! {script.name} failed (exit {code}, {len(results)} results)", file=sys.stderr)
                failed = True
            rows += results
    print("\n" + readme_table(rows))
    if args.write_readme and not failed:
        readme = ROOT / "README.md"
        text = readme.read_text()
        start, end = "<!-- bench:start -->", "<!-- bench:end -->"
        if start in text and end in text:
            head, rest = text.split(start, 1)
            _, tail = rest.split(end, 1)
            readme.write_text(f"{head}{start}\n{readme_table(rows)}\n{end}{tail}")
            print("README.md performance table updated")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
