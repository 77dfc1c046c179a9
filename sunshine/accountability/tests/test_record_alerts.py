"""Accountability clocks under electronic supervision (issue #9 §1: "each clock ... raises alerts like
case clocks do"): the report (ACC-9), service (ACC-10) and review (ACC-11) clocks handed to oversight
(oversight.watched, oversight.records) become yellow and red record alerts (OVS-1), handled and
closed like case alerts (OVS-2)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from sunshine.accountability import clocks, services
from sunshine.accountability.tests.conftest import MONDAY, decided, investigated
from sunshine.core import clock
from sunshine.core.audit import AuditRecord
from sunshine.core.errors import InvalidInput, NotFound, NotPermitted, RuleViolated
from sunshine.core.notifications import Notification
from sunshine.oversight import records, selectors
from sunshine.oversight.choices import AlertLevel, AlertStatus
from sunshine.oversight.models import OversightSetting, RecordAlert
from sunshine.workdays.services import add_working_days

pytestmark = pytest.mark.django_db


def key(acase, name="investigation") -> str:
    return f"accountability.case:{acase.pk}:{name}"


@pytest.fixture
def late_case(inspector, body, clerk, leader, legal_reviewer):
    """A case under investigation since MONDAY whose report (ACC-9) is now one second late."""
    with clock.as_of(MONDAY):
        acase = investigated(inspector, body, clerk, leader, legal_reviewer)
    return acase


def after(moment: dt.datetime, **delta) -> dt.datetime:
    return moment + dt.timedelta(**delta)


def test_late_report_raises_a_red_record_alert_once(late_case, legal_reviewer, inspector):
    late = after(clocks.investigation_due(late_case), seconds=1)
    with clock.as_of(late):
        first = records.scan()
        again = records.scan()
    alert = RecordAlert.objects.get(clock_key=key(late_case))
    assert (alert.level, alert.status, alert.rule) == (AlertLevel.RED, AlertStatus.OPEN, "ACC-9")
    assert alert.due_at == clocks.investigation_due(late_case)
    assert alert.body_id == late_case.body_id
    assert alert.responsible_id == legal_reviewer.pk  # the investigation team's leader
    assert late_case.number in alert.message
    assert first.counts["red"] == 1
    assert again.counts == {"yellow": 0, "red": 0, "superseded": 0, "resolved": 0, "failed_sources": 0}
    assert RecordAlert.objects.count() == 1
    assert AuditRecord.objects.filter(action="oversight.record_scan").count() == 1


def test_meeting_the_clock_resolves_the_red_alert_but_keeps_it_to_explain(late_case, inspector):
    late = after(clocks.investigation_due(late_case), seconds=1)
    with clock.as_of(late):
        records.scan()
        services.case_report(actor=inspector, acase=late_case, facts="f", conclusion="c", recommendation="r")
        result = records.scan()
    alert = RecordAlert.objects.get(clock_key=key(late_case))
    assert result.counts["resolved"] == 1
    assert alert.resolved_at == late
    assert alert.status == AlertStatus.OPEN  # OVS-2: the lateness is explained and closed, not erased
    with clock.as_of(after(late, hours=1)):
        assert records.scan().counts["resolved"] == 0


def test_yellow_within_the_warning_lead_then_superseded_by_red(late_case):
    due = clocks.investigation_due(late_case)
    day_before = dt.datetime.combine(
        add_working_days(date=clock.local(due).date(), n=-1), dt.time(9), tzinfo=clock.LOCAL_TZ
    )
    with clock.as_of(day_before):
        assert records.scan().counts["yellow"] == 1
    yellow = RecordAlert.objects.get(clock_key=key(late_case), level=AlertLevel.YELLOW)
    assert yellow.rule == "ACC-9"
    with clock.as_of(after(due, seconds=1)):
        result = records.scan()
    yellow.refresh_from_db()
    red = RecordAlert.objects.get(clock_key=key(late_case), level=AlertLevel.RED)
    assert result.counts["superseded"] == 1
    assert (yellow.status, yellow.superseded_by_id) == (AlertStatus.CLOSED, red.pk)


def test_the_bodys_own_warning_lead_applies(late_case, body):
    """OVS-1: a body whose lead is 0 working days gets no yellow alert the day before."""
    OversightSetting.objects.create(body=body, warning_lead_workdays=0)
    due = clocks.investigation_due(late_case)
    day_before = dt.datetime.combine(
        add_working_days(date=clock.local(due).date(), n=-1), dt.time(9), tzinfo=clock.LOCAL_TZ
    )
    with clock.as_of(day_before):
        assert records.scan().counts["yellow"] == 0


def test_an_extension_resolves_and_closes_the_yellow_alert(late_case, inspector, leader):
    due = clocks.investigation_due(late_case)
    morning = dt.datetime.combine(clock.local(due).date(), dt.time(9), tzinfo=clock.LOCAL_TZ)
    with clock.as_of(morning):
        records.scan()
        acase = services.case_extend(actor=inspector, acase=late_case, approved_by=leader, reason="案情复杂")
        records.scan()
    yellow = RecordAlert.objects.get(clock_key=key(acase), level=AlertLevel.YELLOW)
    assert yellow.resolved_at == morning
    assert yellow.status == AlertStatus.CLOSED
    assert not RecordAlert.objects.filter(clock_key=key(acase), due_at=clocks.investigation_due(acase))


def test_service_and_review_clocks_are_watched(inspector, body, clerk, leader, legal_reviewer):
    with clock.as_of(MONDAY):
        acase = decided(inspector, body, clerk, leader, legal_reviewer)
    with clock.as_of(after(clocks.service_due(acase), seconds=1)):
        records.scan()
    alert = RecordAlert.objects.get(clock_key=key(acase, "service"))
    assert (alert.level, alert.rule, alert.responsible_id) == (AlertLevel.RED, "ACC-10", inspector.pk)


def test_red_alert_notifies_the_responsible_and_the_discipline_office(late_case, legal_reviewer, inspector):
    with clock.as_of(after(clocks.investigation_due(late_case), seconds=1)):
        records.scan()
    alert = RecordAlert.objects.get()
    told = set(
        Notification.objects.filter(link__endswith=f"/records/{alert.pk}/").values_list(
            "recipient_id", flat=True
        )
    )
    assert told == {legal_reviewer.pk, inspector.pk}
    assert alert.notified_at is not None


def test_a_failing_source_resolves_nothing(late_case, inspector, monkeypatch):
    with clock.as_of(after(clocks.investigation_due(late_case), seconds=1)):
        records.scan()

        def broken(*, due_before):
            raise RuntimeError("source down")

        monkeypatch.setattr(records, "clock_sources", lambda: [broken])
        result = records.scan()
    assert result.counts["failed_sources"] == 1
    assert RecordAlert.objects.get().resolved_at is None


def test_handled_like_a_case_alert(late_case, legal_reviewer, inspector, clerk):
    """OVS-2: the responsible acknowledges and explains, the discipline office closes; each audited."""
    with clock.as_of(after(clocks.investigation_due(late_case), seconds=1)):
        records.scan()
    alert = RecordAlert.objects.get()
    with pytest.raises(NotPermitted):
        records.record_alert_acknowledge(actor=clerk, alert=alert)
    with pytest.raises(RuleViolated) as refused:
        records.record_alert_close(actor=inspector, alert=alert)
    assert refused.value.code == "alert_explanation_required"
    alert = records.record_alert_acknowledge(actor=legal_reviewer, alert=alert)
    with pytest.raises(InvalidInput) as empty:
        records.record_alert_explain(actor=legal_reviewer, alert=alert, explanation=" ")
    assert empty.value.field == "explanation"
    alert = records.record_alert_explain(actor=legal_reviewer, alert=alert, explanation="取证需要外调")
    alert = records.record_alert_close(actor=inspector, alert=alert, note="已核实")
    assert (alert.status, alert.closed_by_id) == (AlertStatus.CLOSED, inspector.pk)
    actions = list(
        AuditRecord.objects.filter(action__startswith="oversight.record_alert_")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "oversight.record_alert_acknowledge",
        "oversight.record_alert_explain",
        "oversight.record_alert_close",
    ]


def test_listed_in_the_discipline_offices_scope_only(late_case, inspector, other_body, legal_reviewer):
    from sunshine.org.tests.factories import account_with_role

    with clock.as_of(after(clocks.investigation_due(late_case), seconds=1)):
        records.scan()
    outsider = account_with_role("discipline_inspector", unit=other_body, username="other-inspector")
    assert selectors.record_alert_list(actor=inspector).count() == 1
    assert selectors.record_alert_list(actor=outsider).count() == 0
    alert = RecordAlert.objects.get()
    with pytest.raises(NotFound):
        selectors.record_alert_get(actor=outsider, pk=alert.pk)
    assert selectors.record_alert_get(actor=legal_reviewer, pk=alert.pk) == alert  # the named responsible


def test_the_database_refuses_a_second_alert_on_the_same_clock_level_and_due(late_case):
    with clock.as_of(after(clocks.investigation_due(late_case), seconds=1)):
        records.scan()
    alert = RecordAlert.objects.get()
    alert.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        alert.save(force_insert=True)


# --- Pages and API ---------------------------------------------------------------------------------


def client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_dashboard_lists_the_red_record_alert_and_its_page_takes_the_explanation(
    late_case, inspector, legal_reviewer
):
    with clock.as_of(after(clocks.investigation_due(late_case), seconds=1)):
        records.scan(notify_people=False)
    alert = RecordAlert.objects.get()
    page = client_for(inspector).get("/oversight/").content.decode()
    assert 'data-testid="record-alert-row" data-level="red"' in page
    assert f"/oversight/records/{alert.pk}/" in page
    person = client_for(legal_reviewer)
    assert 'data-testid="form-explain"' in person.get(f"/oversight/records/{alert.pk}/").content.decode()
    empty = person.post(f"/oversight/records/{alert.pk}/explain/", {"explain-explanation": ""})
    assert empty.status_code == 422
    done = person.post(f"/oversight/records/{alert.pk}/explain/", {"explain-explanation": "外调取证"})
    assert done.status_code == 302
    alert.refresh_from_db()
    assert alert.status == AlertStatus.EXPLAINED


def test_api_lists_record_alerts_in_scope(late_case, inspector, other_body):
    from sunshine.org.tests.factories import account_with_role

    with clock.as_of(after(clocks.investigation_due(late_case), seconds=1)):
        records.scan(notify_people=False)
    answer = client_for(inspector).get("/api/v1/oversight/record-alerts?level=red").json()
    assert [(r["clock_key"], r["rule"]) for r in answer["results"]] == [(key(late_case), "ACC-9")]
    outsider = account_with_role("discipline_inspector", unit=other_body, username="other-inspector")
    assert client_for(outsider).get("/api/v1/oversight/record-alerts").json()["results"] == []
    alert = RecordAlert.objects.get()
    missing = client_for(outsider).get(f"/api/v1/oversight/record-alerts/{alert.pk}")
    assert missing.status_code == 404
    refused = client_for(inspector).post(
        f"/api/v1/oversight/record-alerts/{alert.pk}/close", {}, content_type="application/json"
    )
    assert refused.json()["code"] == "alert_explanation_required"


def test_the_periodic_oversight_scan_runs_the_record_scan(late_case):
    from sunshine.oversight.tasks import oversight_scan

    with clock.as_of(after(clocks.investigation_due(late_case), seconds=1)):
        counts = oversight_scan.call()
    assert counts["records"]["red"] == 1
    assert RecordAlert.objects.get().created_by_id is None  # raised by the system
