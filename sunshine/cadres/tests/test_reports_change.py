"""行程变更 while away (SUP-229: "外出期间如调整行程，应及时补充请示报备"): a change within the approved
route is a supplementary report; a length that needs other approvers (SUP-17 7/8 days) is a
supplementary request, refused → the itinerary approved before stands."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from sunshine.cadres.reports import services
from sunshine.cadres.reports.models import AbsenceStatus, ChangeStatus, StepStatus
from sunshine.cadres.tests.test_reports_services import NOW, bureau, file, frozen  # noqa: F401
from sunshine.core import clock
from sunshine.core.errors import Conflict, InvalidInput, NotPermitted
from sunshine.core.models import AuditRecord

AWAY = NOW + dt.timedelta(days=11)  # the day after the absence began (it starts on day 10)


def approved(bureau, days=5):  # noqa: F811
    request = file(bureau["deputy"], bureau["deputy2"], days=days)
    services.absence_decide(actor=bureau["chief"], request=request, approve=True)
    return services.absence_decide(actor=bureau["office"], request=request, approve=True)


def test_a_change_within_the_approved_route_is_a_supplementary_report(bureau):  # noqa: F811
    """5 → 7 days: still the principal's approval and the office's filing (SUP-17 ≤ 7)."""
    request = approved(bureau)
    with clock.as_of(AWAY):
        change = services.absence_change(
            actor=bureau["deputy"],
            request=request,
            reason="会议延期两天",
            destination="成都市、绵阳市",
            end_date=request.end_date + dt.timedelta(days=2),
        )
    request.refresh_from_db()
    assert change.status == ChangeStatus.REPORTED
    assert (change.old_days, change.new_days) == (5, 7)
    assert (request.status, request.days, request.destination) == (
        AbsenceStatus.APPROVED,
        7,
        "成都市、绵阳市",
    )
    assert request.steps.count() == 2  # nothing added
    record = AuditRecord.objects.get(action="cadres.absence_change")
    assert record.data["note"] == "会议延期两天"


def test_a_change_past_seven_days_needs_the_eight_day_route(bureau):  # noqa: F811
    """5 → 8 days: the ≥ 8 route adds the principal's agreement and the superior's approval (SUP-17);
    the office's filing was done already. Approved in order, the new itinerary stands."""
    request = approved(bureau)
    with clock.as_of(AWAY):
        change = services.absence_change(
            actor=bureau["deputy"],
            request=request,
            reason="任务增加",
            end_date=request.end_date + dt.timedelta(days=3),
        )
        request.refresh_from_db()
        assert change.status == ChangeStatus.PENDING
        assert request.status == AbsenceStatus.PENDING
        added = list(change.steps.order_by("order").values_list("kind", "status"))
        assert added == [("agree", StepStatus.WAITING), ("approve", StepStatus.WAITING)]
        services.absence_decide(actor=bureau["chief"], request=request, approve=True)
        request = services.absence_decide(actor=bureau["office"], request=request, approve=True)
    change.refresh_from_db()
    assert (request.status, request.days, change.status) == (AbsenceStatus.APPROVED, 8, ChangeStatus.APPROVED)


def test_a_refused_supplementary_request_leaves_the_approved_itinerary(bureau):  # noqa: F811
    request = approved(bureau)
    old_end = request.end_date
    with clock.as_of(AWAY):
        change = services.absence_change(
            actor=bureau["deputy"],
            request=request,
            reason="任务增加",
            end_date=old_end + dt.timedelta(days=5),
        )
        request = services.absence_decide(
            actor=bureau["chief"], request=request, approve=False, opinion="按原计划返岗"
        )
    change.refresh_from_db()
    assert (request.status, request.end_date, request.days) == (AbsenceStatus.APPROVED, old_end, 5)
    assert change.status == ChangeStatus.REFUSED
    assert not request.steps.filter(status=StepStatus.WAITING).exists()


def test_only_the_traveller_and_only_an_approved_absence(bureau):  # noqa: F811
    pending = file(bureau["deputy"], bureau["deputy2"], days=5)
    with pytest.raises(Conflict) as refused:
        services.absence_change(actor=bureau["deputy"], request=pending, reason="x", destination="绵阳市")
    assert refused.value.rule == "SUP-229"
    request = approved(bureau)
    with pytest.raises(NotPermitted):
        services.absence_change(actor=bureau["deputy2"], request=request, reason="x", destination="绵阳市")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"reason": "", "destination": "绵阳市"}, "reason"),
        ({"reason": "x"}, "destination"),  # nothing changes
        ({"reason": "x", "end_date": "before"}, "end_date"),
    ],
)
def test_bad_changes_are_refused_naming_the_field(bureau, changes, field):  # noqa: F811
    request = approved(bureau)
    if changes.get("end_date") == "before":
        changes["end_date"] = clock.local(AWAY).date() - dt.timedelta(days=1)
    with clock.as_of(AWAY), pytest.raises(InvalidInput) as refused:
        services.absence_change(actor=bureau["deputy"], request=request, **changes)
    assert refused.value.field == field


def test_the_api_and_the_page_action(bureau, client):  # noqa: F811
    request = approved(bureau)
    api = APIClient()
    api.force_authenticate(bureau["deputy"])
    with clock.as_of(AWAY):
        answer = api.post(
            f"/api/v1/cadres/reports/absences/{request.pk}/change",
            {"reason": "改道绵阳", "destination": "绵阳市", "version": request.version + 0},
            format="json",
        )
        assert answer.status_code == 200, answer.content
        assert answer.json()["changes"][0]["new_destination"] == "绵阳市"
        client.force_login(bureau["deputy"])
        page = client.get(f"/cadres/reports/absences/{request.pk}/")
        assert "绵阳市" in page.content.decode()
        assert "absence-change" in page.content.decode()
