"""``sunshine workdays``: what it prints, and that it fails loudly with the reason."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sunshine.core.models import AuditRecord
from sunshine.workdays.models import CalendarYear, SpecialDay

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue().strip()


def test_add_prints_the_iso_date():
    assert run("add", "2026-09-30", "5") == "2026-10-13"


def test_add_counts_backwards_with_a_negative_amount():
    assert run("add", "2026-10-08", "-1") == "2026-09-30"


def test_between_prints_the_count():
    assert run("between", "2026-09-30", "2026-10-12") == "4"


def test_missing_year_fails_naming_the_year():
    with pytest.raises(CommandError, match="2099年") as caught:
        run("add", "2099-12-28", "10")
    assert "CAL-1" in str(caught.value)


@pytest.mark.parametrize(
    "args", [("add", "2026-02-30", "1"), ("add", "2026-09-30", "five"), ("between", "x", "2026-10-12")]
)
def test_bad_input_fails_with_the_reason(args):
    with pytest.raises(CommandError, match=r"无效|不是整数"):
        run(*args)


def test_deadline_prints_the_explanation_and_the_due_instant():
    lines = run("deadline", "2026-09-30T10:00", "5", "--unit", "workdays").splitlines()
    assert lines[-1] == "2026-10-13T23:59:59.999999+08:00"
    assert any("国庆节" in line for line in lines)
    assert any("调休上班" in line and "2026-10-10" in line for line in lines)


def test_deadline_with_a_suspension_in_hours():
    lines = run(
        "deadline",
        "2026-09-30T10:00",
        "48",
        "--unit",
        "hours",
        "--suspend",
        "2026-10-01T09:00/2026-10-01T12:30",
    ).splitlines()
    assert lines[-1] == "2026-10-02T13:30:00+08:00"


def test_deadline_refuses_a_malformed_suspension():
    with pytest.raises(CommandError, match="开始/结束"):
        run("deadline", "2026-09-30T10:00", "5", "--suspend", "2026-10-01")


def test_years_lists_the_loaded_years():
    lines = run("years").splitlines()
    assert len(lines) == 23
    assert lines[-1].split("\t")[:4] == ["2026", "package", "33", "6"]


def test_import_loads_a_year_and_reports(tmp_path, sysadmin):
    path = tmp_path / "2027.csv"
    path.write_text("date,kind,name\n2027-01-01,holiday,元旦\n2027-02-07,workday,春节\n", encoding="utf-8")
    out = run(
        "import", str(path), "--year", "2027", "--user", sysadmin.username, "--note", "国办发明电〔2026〕1号"
    )
    assert "新增2天" in out
    assert CalendarYear.objects.get(year=2027).note == "国办发明电〔2026〕1号"
    assert AuditRecord.objects.get(action="workdays.year_import").actor == sysadmin


def test_import_lists_every_bad_line(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("2027-01-01,holiday,元旦\n2027-13-01,holiday,x\n2027-01-04,workday,y\n", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        run("import", str(path), "--year", "2027")
    assert "第2行" in str(caught.value)
    assert "第3行" in str(caught.value)
    assert not SpecialDay.objects.filter(date__year=2027).exists()


def test_import_by_an_account_without_the_permission_is_refused(tmp_path, clerk):
    path = tmp_path / "2027.csv"
    path.write_text("2027-01-01,holiday,元旦\n", encoding="utf-8")
    with pytest.raises(CommandError, match="权限"):
        run("import", str(path), "--year", "2027", "--user", clerk.username)


def test_seed_reports_nothing_new_on_a_seeded_database():
    assert "新载入0个年度" in run("seed")


def test_the_console_script_exits_non_zero_with_the_reason_on_stderr(tmp_path, migrated_sqlite):
    """The real `sunshine` script against a throwaway (migrated) database: exit codes and streams."""
    script = Path(sys.executable).with_name("sunshine")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sunshine.settings_test",
        "DATABASE_URL": f"sqlite:///{migrated_sqlite}",
        "SUNSHINE_VAR_DIR": str(tmp_path),
    }
    ok = subprocess.run(
        [script, "workdays", "add", "2026-09-30", "5"], env=env, capture_output=True, text=True
    )
    assert (ok.returncode, ok.stdout.strip()) == (0, "2026-10-13")
    missing = subprocess.run(
        [script, "workdays", "add", "2099-12-28", "10"], env=env, capture_output=True, text=True
    )
    assert missing.returncode != 0
    assert "2099" in missing.stderr
    assert missing.stdout == ""
    bad = subprocess.run(
        [script, "workdays", "between", "2026-13-01", "2026-10-12"], env=env, capture_output=True, text=True
    )
    assert bad.returncode != 0
    assert "2026-13-01" in bad.stderr
