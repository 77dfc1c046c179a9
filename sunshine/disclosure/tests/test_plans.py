"""Routine disclosure (issue #8 §4): plans, due periods (SUP-124: quarterly, by the 15th of the first
month of the next quarter), publications, the late list and the clocks handed to supervision."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError

from sunshine.core import clock
from sunshine.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from sunshine.core.models import AuditRecord
from sunshine.disclosure import services
from sunshine.disclosure.models import DisclosureSettings, Publication
from sunshine.disclosure.tests.conftest import MONDAY
from sunshine.oversight.watched import clock_sources

pytestmark = pytest.mark.django_db


def at(day: str, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), tzinfo=clock.LOCAL_TZ)


def test_quarterly_item_is_due_on_the_15th_of_the_next_quarters_first_month(quarterly):
    """SUP-124: 次季度首月15日前, read as on or before the 15th (end of that day)."""
    rows = services.due_rows([quarterly])
    assert [r.period.key for r in rows] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert [clock.local(r.due_at).date().isoformat() for r in rows] == [
        "2026-04-15",
        "2026-07-15",
        "2026-10-15",
        "2027-01-15",
    ]
    assert clock.local(rows[0].due_at).time() == dt.time.max


def test_due_day_is_a_setting_of_the_body(quarterly, body):
    DisclosureSettings.objects.create(body=body, due_day=10)
    assert clock.local(services.due_rows([quarterly])[0].due_at).date() == dt.date(2026, 4, 10)


@pytest.mark.parametrize(
    ("frequency", "keys", "first_due"),
    [
        ("monthly", 12, "2026-02-15"),
        ("half_yearly", 2, "2026-07-15"),
        ("yearly", 1, "2027-01-15"),
        ("on_change", 0, None),
    ],
)
def test_periods_of_each_frequency(frequency, keys, first_due):
    """PUB-219: monthly, quarterly, half-yearly; yearly; on change has no fixed period (PUB-207)."""
    periods = services.periods_of(frequency, 2026)
    assert len(periods) == keys
    if first_due:
        due = services.period_due(periods[0], due_day=15)
        assert clock.local(due).date().isoformat() == first_due


def test_publishing_an_item_for_a_period_shows_it_and_audits(office, quarterly):
    with clock.as_of(at("2026-04-10")):
        publication = services.publication_publish(
            actor=office,
            item=quarterly,
            period="2026-Q1",
            title="一季度预算执行",
            text="收入100万元，支出80万元。",
        )
    assert publication.body_id == quarterly.plan.body_id
    assert AuditRecord.objects.filter(action="disclosure.publish", object_id=str(publication.pk)).exists()
    row = services.due_rows([quarterly])[0]
    assert row.publication == publication
    assert row.state(clock.now()) == "published"


def test_a_period_that_has_not_begun_cannot_be_published(office, quarterly):
    with clock.as_of(at("2026-04-10")), pytest.raises(InvalidInput) as error:
        services.publication_publish(
            actor=office, item=quarterly, period="2026-Q3", title="三季度", text="内容"
        )
    assert error.value.code == "period_invalid"


def test_a_period_is_published_once(office, quarterly):
    with clock.as_of(at("2026-04-10")):
        services.publication_publish(
            actor=office, item=quarterly, period="2026-Q1", title="一季度", text="内容"
        )
        with pytest.raises(Conflict) as error:
            services.publication_publish(
                actor=office, item=quarterly, period="2026-Q1", title="再次", text="内容"
            )
    assert error.value.code == "already_published"


def test_publication_constraint_refuses_a_second_row_for_a_period(office, quarterly):
    fields = {"item": quarterly, "body": quarterly.plan.body, "period": "2026-Q1", "title": "t", "text": "x"}
    Publication.objects.create(**fields, published_at=MONDAY, published_by=office)
    with pytest.raises(IntegrityError):
        Publication.objects.create(**fields, published_at=MONDAY, published_by=office)


def test_clerk_without_the_permission_cannot_publish(clerk, quarterly):
    with clock.as_of(at("2026-04-10")), pytest.raises(NotPermitted):
        services.publication_publish(
            actor=clerk, item=quarterly, period="2026-Q1", title="一季度", text="内容"
        )


def test_office_of_another_body_cannot_plan_here(other_body, body):
    from sunshine.org.tests.factories import account_with_role

    stranger = account_with_role("office_clerk", unit=other_body, username="stranger")
    with pytest.raises(NotFound):
        services.plan_create(actor=stranger, body=body, year=2026)


def test_one_plan_per_body_and_year(office, plan, body):
    with pytest.raises(Conflict) as error:
        services.plan_create(actor=office, body=body, year=2026)
    assert error.value.code == "plan_exists"


def test_item_department_must_belong_to_the_body(office, plan, other_body):
    with pytest.raises(InvalidInput) as error:
        services.plan_item_add(
            actor=office, plan=plan, title="x", category="other", frequency="yearly", department=other_body
        )
    assert error.value.field == "department"


def test_open_clocks_list_unpublished_periods_due_before_the_limit(office, quarterly):
    """The provider hands oversight the periods due and not published; a publication, even late,
    ends the clock (oversight.watched)."""
    keys = {c.key for c in services.disclosure_open_clocks(due_before=at("2026-07-20"))}
    assert keys == {
        f"disclosure.planitem:{quarterly.pk}:2026-Q1",
        f"disclosure.planitem:{quarterly.pk}:2026-Q2",
    }
    clock_q1 = next(c for c in services.disclosure_open_clocks(due_before=at("2026-05-01")))
    assert clock_q1.rule == "SUP-124"
    assert clock_q1.body_id == quarterly.plan.body_id
    assert "财政预算执行情况" in clock_q1.label
    with clock.as_of(at("2026-04-20")):  # five days late
        services.publication_publish(
            actor=office, item=quarterly, period="2026-Q1", title="一季度", text="内容"
        )
    keys = {c.key for c in services.disclosure_open_clocks(due_before=at("2026-07-20"))}
    assert keys == {f"disclosure.planitem:{quarterly.pk}:2026-Q2"}


def test_the_providers_are_registered_on_the_app_config():
    names = {f"{fn.__module__}.{fn.__name__}" for fn in clock_sources()}
    assert "sunshine.disclosure.services.disclosure_open_clocks" in names
    assert "sunshine.disclosure.services.request_open_clocks" in names


def test_late_rows_show_missing_and_late_publications(office, quarterly, body):
    with clock.as_of(at("2026-04-20")):
        services.publication_publish(
            actor=office, item=quarterly, period="2026-Q1", title="一季度", text="内容"
        )
    now = at("2026-07-20")
    rows = services.late_rows(body=body, now=now)
    assert [(r.period.key, r.state(now)) for r in rows] == [
        ("2026-Q2", "late"),
        ("2026-Q1", "late_published"),
    ]


def test_removed_items_have_no_clock(office, quarterly):
    services.plan_item_remove(
        actor=office, item=quarterly, reason="并入其他事项", expected_version=quarterly.version
    )
    assert services.disclosure_open_clocks(due_before=at("2027-02-01")) == []


def test_period_labels():
    assert services.period_label("2026-Q1") == "2026年第1季度"
    assert services.period_label("2026-03") == "2026年3月"
    assert services.period_label("2026-H2") == "2026年下半年"
    assert services.period_label("2026") == "2026年度"
