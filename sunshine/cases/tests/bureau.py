"""The demo's work-safety bureau for the end-to-end tests of a penalty case (issue #6 "Done when"):
its organisation and accounts (org.demo) and one published penalty of its catalogue (catalog.demo),
so that each step of the penalty flowchart is done by the demo account holding its post, as it
would be after `make run`: the enforcement officer files, investigates, notifies, serves and files
the dossier, the legal reviewer reviews (CASE-151), the director decides and closes (CASE-152/155),
and the discipline office watches."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sunshine.catalog import demo as catalog_demo
from sunshine.catalog.models import DiscretionTier, PowerItem, PowerVersion
from sunshine.core import clock
from sunshine.core.models import User
from sunshine.core.system import system_actor
from sunshine.org import demo as org_demo
from sunshine.workdays.services import add_working_days

PENALTY_CODE = "AJ-CF-001"  # 对生产经营单位未按规定进行安全生产教育和培训等行为的行政处罚
OFFICER, LEGAL, DIRECTOR, INSPECTOR = "safety.officer", "safety.legal", "safety.director", "safety.inspector"
PASSWORD = org_demo.DEMO_PASSWORD
# The penalty flowchart's steps in order (the built-in template, not a major case) and who does each.
STEPS = [
    ("立案", OFFICER),
    ("调查取证", OFFICER),
    ("法制审核", LEGAL),
    ("告知权利及听证", OFFICER),
    ("作出处罚决定", DIRECTOR),
    ("送达", OFFICER),
    ("执行", OFFICER),
    ("结案", DIRECTOR),
    ("归档", OFFICER),
]
MAJOR = "否"  # 重大案件？ the way out after 告知权利及听证


@pytest.fixture
def bureau(db) -> PowerVersion:
    """The bureau with its people and accounts, and the published penalty AJ-CF-001."""
    with system_actor("test"):
        org_demo.load()
        catalog_demo.load(codes={PENALTY_CODE})
    return PowerItem.objects.get(code=PENALTY_CODE).current


def account(username: str) -> User:
    return User.objects.get(username=username)


def middle_tier(version: PowerVersion) -> DiscretionTier:
    """一般 · 第二档 of the first benchmark (44,000—56,000 yuan of the 100,000 ceiling, 三级九档)."""
    return DiscretionTier.objects.get(
        benchmark__version=version, benchmark__sort_order=0, grade="一般", band="第二档"
    )


def inside(tier: DiscretionTier) -> Decimal:
    return (tier.min_amount + tier.max_amount) / 2


def beyond(tier: DiscretionTier) -> Decimal:
    return tier.max_amount + (tier.max_amount - tier.min_amount) * 2


def thirty_days_on() -> dt.date:
    """The case duration's last day from a filing today: 30 calendar days on, or the next working
    day when that is a day off (CAL-2)."""
    return add_working_days(date=clock.today() + dt.timedelta(days=29), n=1)
