"""Personas for every app's tests (STYLE §6): a sample body with a department, and an account for
each kind of user. Tests ask for them by name."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sunshine.core.system import system_actor
from sunshine.org.choices import DataScope
from sunshine.org.tests.factories import TEST_PASSWORD, DepartmentFactory, UnitFactory, account_with_role


@pytest.fixture(autouse=True, scope="session")
def _flush_may_empty_the_audit_table():
    """Django's flush between transactional tests (browser tests, races) empties every table; the
    database refuses that for the audit table (AUD-1) unless the connection is in maintenance."""
    from django.db.backends.base.operations import BaseDatabaseOperations

    from sunshine.core import audit_guard

    original = BaseDatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        with audit_guard.maintenance(self.connection.alias):
            return original(self, sql_list)

    BaseDatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    BaseDatabaseOperations.execute_sql_flush = original


@pytest.fixture(autouse=True)
def _fresh_pinned_charts():
    """Each test starts without the charts read by earlier ones (cases.pinned): ids come back after
    a rolled-back test on SQLite."""
    from sunshine.cases import pinned

    pinned.forget()


@pytest.fixture
def as_system():
    """Run the test body as a management command would: services accept actor=None (core.system)."""
    with system_actor("test"):
        yield


@pytest.fixture
def password() -> str:
    return TEST_PASSWORD


@pytest.fixture
def body(db):
    return UnitFactory(name="示范县安全生产监督管理局", code="BODY-1")


@pytest.fixture
def department(body):
    return DepartmentFactory(name="安监一股", code="BODY-1-D1", parent=body)


@pytest.fixture
def other_body(db):
    return UnitFactory(name="示范乡人民政府", code="BODY-2")


@pytest.fixture
def clerk(department):
    return account_with_role(
        "clerk", unit=department, scope=DataScope.OWN_DEPARTMENT, username="clerk", full_name="张承办"
    )


@pytest.fixture
def leader(body):
    return account_with_role("principal_leader", unit=body, username="leader", full_name="李局长")


@pytest.fixture
def inspector(body):
    return account_with_role("discipline_inspector", unit=body, username="inspector", full_name="王纪检")


@pytest.fixture
def legal_reviewer(body):
    return account_with_role("legal_reviewer", unit=body, username="legal", full_name="赵法制")


@pytest.fixture
def sysadmin(body):
    return account_with_role(
        "system_admin", unit=body, scope=DataScope.ALL, username="sysadmin", full_name="系统管理员"
    )


@pytest.fixture
def secadmin(body):
    return account_with_role(
        "security_admin", unit=body, scope=DataScope.ALL, username="secadmin", full_name="安全管理员"
    )


@pytest.fixture
def auditor(body):
    return account_with_role(
        "audit_admin", unit=body, scope=DataScope.ALL, username="auditor", full_name="审计管理员"
    )


# --- A migrated SQLite file for tests that run the console script ---------------------------------


@pytest.fixture(scope="session")
def migrated_sqlite_template(tmp_path_factory) -> Path:
    """A SQLite file migrated as ``make run`` migrates it (``sunshine migrate`` in a subprocess),
    for tests that start real processes on a database file: copy it, never open it. Migrating takes
    about a minute (Django renders the migration states of ~150 models), so it is done once per test
    run: the xdist workers share the file, the first one builds it under a lock (ADR 0014)."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    template = shared / "migrated.sqlite3"
    with open(shared / "migrated.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not template.exists():
            var = shared / "migrated-var"
            var.mkdir(exist_ok=True)
            env = {
                "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                "HOME": str(var),
                "LANG": "C.UTF-8",
                "DJANGO_SETTINGS_MODULE": "sunshine.settings",
                "SUNSHINE_VAR_DIR": str(var),
                "DATABASE_URL": f"sqlite:///{var / 'building.sqlite3'}",
                "DEBUG": "1",
            }
            command = [sys.executable, "-m", "sunshine", "migrate", "-v", "0"]
            subprocess.run(command, env=env, check=True, timeout=600)
            (var / "building.sqlite3").rename(template)
    return template


@pytest.fixture
def migrated_sqlite(migrated_sqlite_template, tmp_path) -> Path:
    """This test's own copy of the migrated SQLite file (``migrated_sqlite_template``)."""
    path = tmp_path / "sunshine.sqlite3"
    shutil.copyfile(migrated_sqlite_template, path)
    return path


# --- Database-specific tests ---------------------------------------------------------------------


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "subprocess: starts real processes (sunshine serve, the worker); part of the normal suite"
    )


DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"}


def uses_the_database(item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(
        DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
    )


def pytest_collection_modifyitems(config, items):
    """Skip @pytest.mark.postgres tests on SQLite, saying where they run. With
    ``SUNSHINE_TESTS_DATABASE_ONLY=1`` (CI's PostgreSQL leg) keep only the tests that use the
    database: the others ran in the SQLite leg already and would run the same code again (ADR 0014)."""
    from django.conf import settings

    if os.environ.get("SUNSHINE_TESTS_DATABASE_ONLY") == "1":
        keep = [item for item in items if uses_the_database(item)]
        config.hook.pytest_deselected(items=[item for item in items if not uses_the_database(item)])
        items[:] = keep
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    skip = pytest.mark.skip(
        reason="needs PostgreSQL: runs in CI's PostgreSQL leg (.ci/with-postgres .venv/bin/pytest ...)"
    )
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)
