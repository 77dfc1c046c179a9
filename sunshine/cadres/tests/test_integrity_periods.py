"""The veto periods of SUP-116 (docs/decisions/0020-integrity-sanction-periods.md): the table in
code and the ADR that says where each figure comes from stay together; the seed's own figure (half a
year, SUP-116(4)) is where the seed puts it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sunshine.accountability.catalogue import SANCTIONS
from sunshine.cadres.integrity.sources import SANCTION_PERIODS, TIER_PERIODS, add_months, sanction_period

ADR = Path(__file__).resolve().parents[3] / "docs" / "decisions" / "0020-integrity-sanction-periods.md"


def test_every_catalogue_sanction_has_a_period_explained_in_the_adr():
    text = ADR.read_text(encoding="utf-8")
    for _target, name, _tier, _rule in SANCTIONS:
        assert name in SANCTION_PERIODS or name == "年度考核评定为“差”"  # a team's rating: the tier
    for name in SANCTION_PERIODS:
        assert name in text, name


def test_the_seeds_half_year_and_the_party_regulations_periods():
    assert SANCTION_PERIODS["通报批评"] == (6, "SUP-116(4)")  # seed 003 第十二条(四)
    assert SANCTION_PERIODS["警告"][0] == 12
    assert SANCTION_PERIODS["严重警告"][0] == 18
    assert sanction_period("本单位新增的处理", "grave") == TIER_PERIODS["grave"]


def test_half_a_year_ends_on_the_same_day_or_the_months_last():
    assert add_months(dt.date(2026, 3, 15), 6) == dt.date(2026, 9, 15)
    assert add_months(dt.date(2025, 8, 31), 6) == dt.date(2026, 2, 28)
