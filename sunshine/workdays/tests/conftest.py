"""Fixtures of the workdays tests."""

from __future__ import annotations

import datetime as dt

import pytest

from sunshine.core import clock
from sunshine.workdays import engine

TODAY = dt.datetime(2026, 11, 25, 10, 0, tzinfo=clock.LOCAL_TZ)


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    """Each test starts from the database: a rolled-back test must not leave its calendar cached."""
    engine.clear()
    yield
    engine.clear()


@pytest.fixture
def frozen_today(monkeypatch):
    """core.clock frozen at 2026-11-25 10:00 in Asia/Shanghai (the day the 2027 schedule is missing)."""
    monkeypatch.setattr(clock, "now", lambda: TODAY)
    return TODAY


def at(text: str) -> dt.datetime:
    """An Asia/Shanghai instant from 'YYYY-MM-DD HH:MM'."""
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=clock.LOCAL_TZ)
