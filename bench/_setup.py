"""Shared set-up of the benchmarks (run_all.py skips files whose name starts with an underscore)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUICK = os.environ.get("BENCH_QUICK") == "1"  # run_all.py --quick: smaller sizes, CI checks it runs


def sqlite_django(*, one_core: bool = False) -> tempfile.TemporaryDirectory:
    """A fresh SQLite database in a temporary directory (never the caller's), migrated (which seeds the
    calendar from chinese-calendar), Django set up; with ``one_core``, this process pinned to one core."""
    workdir = tempfile.TemporaryDirectory(prefix="sunshine-bench-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "sunshine.settings_test"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir.name}/bench.sqlite3"
    os.environ["SUNSHINE_VAR_DIR"] = workdir.name
    sys.path.insert(0, str(ROOT))
    if one_core and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return workdir
