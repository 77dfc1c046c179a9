"""The discipline office's view and the quarterly record (issue #7 §8, SUP-112): every meeting and
decided item of its bodies in the quarter, refused attempts, urgent items, outcomes without quorum,
topics with missing prerequisites or a late office check; the page and its PDF."""

from __future__ import annotations

import datetime as dt

import pytest

from sunshine.core.errors import InvalidInput, NotPermitted, RuleViolated
from sunshine.decisions import services
from sunshine.decisions.choices import Outcome, TopicKind
from sunshine.decisions.quarter import quarter_record
from sunshine.decisions.tests.conftest import at, in_session, participant, propose
from sunshine.decisions.tests.test_meetings import quick_ready
from sunshine.org.tests.factories import UnitFactory, account_with_role

pytestmark = pytest.mark.django_db


def _quarter_with_trouble(world):
    """A deferral while not quorate, a refused attempt of the principal, a topic whose prerequisites
    went missing after the office's check, and a submitted topic whose check is late."""
    topic = quick_ready(world)
    waiting = quick_ready(world, title="调整差旅费标准")
    late = services.topic_submit(actor=world.proposer, topic=propose(world, title="食堂外包"))
    m, (item,) = in_session(world, [topic], absent=world.deputies[1:])
    with pytest.raises(RuleViolated):
        services.opinion_record(
            actor=world.principal,
            item=item,
            participant=participant(m, world.principal),
            position="agree",
            reason="同意",
        )
    services.outcome_record(actor=world.office, item=item, outcome=Outcome.DEFERRED, reason="人数不足")
    services.settings_save(
        actor=world.principal, body=world.body, prerequisites={TopicKind.DECISION: ["research"]}
    )
    world.clock.set(at("2026-11-25 09:00"))
    return item, waiting, late


def test_quarter_record_counts_and_lists(world):
    item, waiting, late = _quarter_with_trouble(world)
    record = quarter_record(actor=world.inspector, year=2026, quarter=4)
    assert (record.start, record.end) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    c = record.counts
    assert (c["meetings"], c["decided"], c["deferred"], c["refused"], c["without_quorum"]) == (1, 1, 1, 1, 1)
    assert record.items[0]["item"] == item
    assert [t for t, _m in record.missing] == [waiting, late]
    assert record.missing[0][1][0].key == "research"
    assert record.late_checks == [late]
    assert quarter_record(actor=world.inspector, year=2026, quarter=3).counts["meetings"] == 0


def test_quarter_record_is_for_the_discipline_office_of_its_bodies(world):
    _quarter_with_trouble(world)
    with pytest.raises(NotPermitted):
        quarter_record(actor=world.proposer, year=2026, quarter=4)
    other = UnitFactory(name="示范乡人民政府", code="BODY-Q")
    stranger = account_with_role("discipline_inspector", unit=other, username="stranger-inspector")
    assert quarter_record(actor=stranger, year=2026, quarter=4).counts["meetings"] == 0
    with pytest.raises(InvalidInput) as error:
        quarter_record(actor=world.inspector, year=2026, quarter=5)
    assert error.value.field == "quarter"


def test_oversight_page_and_pdf(world):
    from sunshine.decisions.tests.test_views import client_for

    _quarter_with_trouble(world)
    c = client_for(world.inspector)
    page = c.get("/decisions/oversight/?year=2026&quarter=4").content.decode()
    assert "2026年第4季度" in page
    assert "DEC-64" in page
    assert "未达到法定人数" in page
    assert "食堂外包" in page
    pdf = c.get("/decisions/oversight/print.pdf?year=2026&quarter=4")
    assert pdf["Content-Type"] == "application/pdf"
    body = b"".join(pdf.streaming_content)
    assert body.startswith(b"%PDF")
    assert client_for(world.proposer).get("/decisions/oversight/").status_code == 403


# --- §1: an item at or above the threshold handled outside the module (DEC-3) ----------------------------


@pytest.mark.parametrize(("amount", "alerted"), [("99999.99", False), ("100000", True)])
def test_case_decision_at_the_large_sum_threshold_is_shown(world, amount, alerted):
    """DEC-3/DEC-203: 以上 includes the threshold (default 100,000 yuan). The case's decision reaches
    the discipline office through cases.signals.decision_recorded, once."""
    from decimal import Decimal
    from types import SimpleNamespace

    from sunshine.cases.models import Case
    from sunshine.cases.signals import decision_recorded
    from sunshine.decisions.choices import NoticeKind
    from sunshine.decisions.models import DisciplineNotice
    from sunshine.decisions.services.outside import on_case_decision

    assert on_case_decision in decision_recorded._live_receivers(Case)[0]
    case = SimpleNamespace(pk=41, number="ECO-2026-0041", body=world.body)
    decision = SimpleNamespace(amount=Decimal(amount))
    for _ in range(2):  # other receivers (oversight's anomaly rules) need a real case: call ours
        on_case_decision(Case, case=case, task=None, actor=world.office, decision=decision)
    notices = DisciplineNotice.objects.filter(kind=NoticeKind.OUTSIDE)
    assert notices.count() == (1 if alerted else 0)
    if alerted:
        assert notices.get().rule == "DEC-3"
        assert "ECO-2026-0041" in notices.get().message


def test_no_alert_when_an_adopted_decision_names_the_item(world):
    from decimal import Decimal

    from sunshine.decisions.models import Topic
    from sunshine.decisions.services.outside import large_item_check

    def check(ref, amount="500000"):
        return large_item_check(
            actor=world.office, body=world.body, amount=Decimal(amount), subject=ref, source_ref=ref
        )

    propose(world, source_ref="cases.case:7")
    assert check("cases.case:7") is not None  # the topic naming it is not adopted yet
    assert check("cases.case:7") is None  # once per item
    named = propose(world, title="罚没物资处置", source_ref="cases.case:10")
    Topic.objects.filter(pk=named.pk).update(status="adopted")
    assert check("cases.case:10") is None  # an adopted topic names it
    assert check("cases.case:11", amount="900000") is not None
