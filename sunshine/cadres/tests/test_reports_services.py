"""外出请示报备 and 个人重大事项报告 (issue #9 §5): routing by rank and length at the SUP-17 edges
(3/4, 7/8 days), SUP-14 consent first, SUP-226 stand-in, SUP-227 heads away together, SUP-229 oral
reports completed late, SUP-233 timing, SUP-235 confidentiality, the SUP-18 summary, SUP-234 list
and the integrity-file entries."""

from __future__ import annotations

import datetime as dt

import pytest

from sunshine.cadres.file_sources import sources
from sunshine.cadres.reports import routing, services
from sunshine.cadres.reports.models import AbsenceStatus, MatterStatus, Rank, StepKind
from sunshine.core import clock
from sunshine.core.errors import DomainError, NotFound, NotPermitted
from sunshine.core.models import AuditRecord
from sunshine.org.choices import DataScope, PostKind
from sunshine.org.tests.factories import (
    PersonFactory,
    PostFactory,
    PostHoldingFactory,
    UnitFactory,
    account_with_role,
)

# A Monday (2026-03-02); its week has no public holiday.
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=clock.LOCAL_TZ)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def frozen():
    with clock.as_of(NOW):
        yield


def cadre(unit, kind, username, role, *, name=None, body=None, scope=DataScope.OWN_BODY):
    user = account_with_role(
        role, unit=body or unit, username=username, full_name=name or username, scope=scope
    )
    person = PersonFactory(unit=unit, name=user.full_name, user=user)
    post = PostFactory(unit=unit, name=f"{name or username}岗", kind=kind)
    PostHoldingFactory(person=person, post=post, start_date=dt.date(2024, 1, 1))
    return user


@pytest.fixture
def bureau(body, department):
    """The sample body with its principal, two deputies, a section head, a clerk, the office and the
    discipline office; the first deputy is in charge of the department."""
    from sunshine.org.models import Person, Portfolio

    people = {
        "chief": cadre(body, PostKind.PRINCIPAL, "chief", "principal_leader", name="李局长"),
        "deputy": cadre(body, PostKind.DEPUTY_LEADER, "deputy", "deputy_leader", name="孙副局长"),
        "deputy2": cadre(body, PostKind.DEPUTY_LEADER, "deputy2", "deputy_leader", name="周副局长"),
        "head": cadre(
            department, PostKind.SECTION_HEAD, "head", "section_head", name="钱股长", body=department
        ),
        "staff": cadre(department, PostKind.CLERK, "staff", "clerk", name="张科员", body=department),
        "office": cadre(body, PostKind.OFFICE, "office", "office_clerk", name="郑办公室"),
        "inspector": cadre(body, PostKind.DISCIPLINE, "insp", "discipline_inspector", name="王纪检"),
    }
    portfolio = Portfolio.objects.create(
        body=body, leader=Person.objects.get(user=people["deputy"]), area="other"
    )
    portfolio.departments.add(department)
    return people


def file(actor, stand_in, *, start=None, days=3, **kwargs):
    start = start or TODAY + dt.timedelta(days=10)
    fields = {
        "kind": "leave",
        "destination": "成都市",
        "reason": "探亲",
        "start_date": start,
        "end_date": start + dt.timedelta(days=days - 1),
        "contact_phone": "13800000001",
        "stand_in": stand_in,
        "stand_in_phone": "13800000002",
    }
    return services.absence_file(actor=actor, **{**fields, **kwargs})


def route(request):
    return [
        (s.kind, s.assignee.username if s.assignee else "office") for s in request.steps.order_by("order")
    ]


def rule_of(excinfo) -> str:
    return excinfo.value.rule


# --- Tiers (SUP-17), calendar days (SUP-228) -----------------------------------------------------------


def test_calendar_days_count_weekends_and_both_ends():
    # Friday to Monday: four calendar days, the weekend included (SUP-228).
    assert routing.calendar_days(dt.date(2026, 3, 6), dt.date(2026, 3, 9)) == 4
    assert [routing.tier(n) for n in (1, 3, 4, 7, 8, 30)] == [1, 1, 2, 2, 3, 3]


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (3, [("approve", "chief"), ("file", "office")]),
        (4, [("approve", "chief"), ("file", "office")]),
        (7, [("approve", "chief"), ("file", "office")]),
        (8, [("agree", "chief"), ("approve", "office"), ("file", "office")]),
    ],
)
def test_deputy_route_by_length(bureau, days, expected):
    request = file(bureau["deputy"], bureau["deputy2"], days=days)
    assert request.rank == Rank.DEPUTY_LEADER
    assert request.days == days
    assert route(request) == expected
    rules = [s.rule for s in request.steps.order_by("order")]
    assert rules[0] == "SUP-17"
    labels = [s.label for s in request.steps.order_by("order")]
    if days <= 3:
        assert "3天以内" in labels[0]
        assert labels[1] == "办公室备案"
    elif days <= 7:
        assert "4至7天" in labels[0]
        assert labels[1] == "报上级组织部门备案"
    else:
        assert "上级分管领导" in labels[1]


def test_eight_days_goes_to_the_superior_leader_when_in_the_system(bureau, body):
    """An affiliated unit's principal (SUP-222) is routed to the bureau's principal; its deputy's
    8-day leave to the bureau's leader in charge (here the principal: no personnel portfolio)."""
    station = UnitFactory(name="监测站", code="ST-1", parent=body)
    station_head = cadre(station, PostKind.PRINCIPAL, "sthead", "principal_leader", name="站长")
    station_deputy = cadre(station, PostKind.DEPUTY_LEADER, "stdep", "deputy_leader", name="副站长")
    long = file(station_deputy, station_head, days=8)
    assert route(long) == [("agree", "sthead"), ("approve", "chief"), ("file", "office")]
    own = file(station_head, station_deputy, days=2, start=TODAY + dt.timedelta(days=30))
    assert own.rank == Rank.PRINCIPAL
    assert route(own) == [("approve", "chief"), ("file", "office")]


def test_section_head_route_by_short_days(bureau):
    two = file(bureau["head"], bureau["staff"], days=2)
    assert route(two) == [("approve", "deputy"), ("file", "office")]
    three = file(bureau["head"], bureau["staff"], days=3, start=TODAY + dt.timedelta(days=20))
    assert route(three) == [("approve", "deputy"), ("approve", "chief"), ("file", "office")]


def test_staff_go_to_their_section_head(bureau):
    assert route(file(bureau["staff"], bureau["head"], days=1)) == [("approve", "head")]


# --- Abroad (SUP-14) -------------------------------------------------------------------------------------


def test_abroad_needs_consent_before_any_other_step(bureau):
    request = file(bureau["head"], bureau["staff"], days=5, abroad=True)
    assert route(request)[0] == ("consent", "chief")
    assert route(request)[1] == ("approve", "deputy")
    with pytest.raises(DomainError) as excinfo:
        services.absence_decide(actor=bureau["deputy"], request=request, approve=True)
    assert rule_of(excinfo) == "SUP-14"
    services.absence_decide(actor=bureau["chief"], request=request, approve=True)
    services.absence_decide(actor=bureau["deputy"], request=request, approve=True)
    request = services.absence_decide(actor=bureau["chief"], request=request, approve=True)
    request = services.absence_decide(actor=bureau["office"], request=request, approve=True)
    assert request.status == AbsenceStatus.APPROVED


def test_abroad_consent_and_approval_by_the_same_leader_are_one_step(bureau):
    request = file(bureau["deputy"], bureau["deputy2"], days=3, abroad=True)
    assert route(request) == [("consent", "chief"), ("file", "office")]


# --- Approvals in order, refusal, return (SUP-17, SUP-224) ------------------------------------------------


def test_steps_go_in_order_and_return_is_reported(bureau):
    request = file(bureau["deputy"], bureau["deputy2"], days=5)
    with pytest.raises(DomainError) as excinfo:
        services.absence_decide(actor=bureau["office"], request=request, approve=True)
    assert rule_of(excinfo) == "SUP-17"
    with pytest.raises(NotPermitted):
        services.absence_decide(actor=bureau["deputy2"], request=request, approve=True)
    request = services.absence_decide(actor=bureau["chief"], request=request, approve=True, opinion="同意")
    assert request.status == AbsenceStatus.PENDING
    request = services.absence_decide(actor=bureau["office"], request=request, approve=True)
    assert request.status == AbsenceStatus.APPROVED
    with pytest.raises(DomainError) as excinfo:
        services.absence_return(actor=bureau["deputy"], request=request, returned_on=request.start_date)
    assert excinfo.value.field == "returned_on"  # in the future: today is before the absence
    with clock.as_of(NOW + dt.timedelta(days=20)):
        request = services.absence_return(
            actor=bureau["deputy"], request=request, returned_on=request.end_date
        )
    assert request.status == AbsenceStatus.RETURNED
    assert not request.returned_late
    actions = set(AuditRecord.objects.filter(object_id=str(request.pk)).values_list("action", flat=True))
    assert {"cadres.absence_file", "cadres.absence_decide", "cadres.absence_return"} <= actions


def test_refusal_needs_an_opinion_and_closes_the_rest(bureau):
    request = file(bureau["deputy"], bureau["deputy2"], days=5)
    with pytest.raises(DomainError) as excinfo:
        services.absence_decide(actor=bureau["chief"], request=request, approve=False)
    assert excinfo.value.field == "opinion"
    request = services.absence_decide(
        actor=bureau["chief"], request=request, approve=False, opinion="工作需要"
    )
    assert request.status == AbsenceStatus.REFUSED
    assert set(request.steps.values_list("status", flat=True)) == {"refused", "closed"}


# --- Notice, stand-in, heads together -------------------------------------------------------------------


def test_notice_edge_for_a_deputy(bureau):
    # Default notice for team members: 2 days (SUP-222); exactly 2 is enough, 1 is not.
    file(bureau["deputy"], bureau["deputy2"], start=TODAY + dt.timedelta(days=2), days=1)
    with pytest.raises(DomainError) as excinfo:
        file(bureau["deputy"], bureau["deputy2"], start=TODAY + dt.timedelta(days=1), days=1)
    assert (rule_of(excinfo), excinfo.value.field) == ("SUP-222", "start_date")


def test_stand_in_required_not_self_not_away(bureau):
    for stand_in, code in ((None, "stand_in_required"), (bureau["deputy"], "stand_in_self")):
        with pytest.raises(DomainError) as excinfo:
            file(bureau["deputy"], stand_in)
        assert (excinfo.value.code, excinfo.value.rule, excinfo.value.field) == (code, "SUP-226", "stand_in")
    file(bureau["deputy2"], bureau["chief"], days=3)
    with pytest.raises(DomainError) as excinfo:
        file(bureau["deputy"], bureau["deputy2"], days=3)
    assert (excinfo.value.code, excinfo.value.rule) == ("stand_in_away", "SUP-226")


def test_party_and_administrative_heads_not_away_together(body):
    secretary = cadre(body, PostKind.PRINCIPAL, "secretary", "principal_leader", name="党委书记")
    mayor = cadre(body, PostKind.PRINCIPAL, "mayor", "principal_leader", name="乡长")
    deputy = cadre(body, PostKind.DEPUTY_LEADER, "dep", "deputy_leader", name="副乡长")
    file(secretary, deputy, days=3)
    with pytest.raises(DomainError) as excinfo:
        file(mayor, deputy, days=3, start=TODAY + dt.timedelta(days=12))
    assert (excinfo.value.rule, excinfo.value.field) == ("SUP-227", "overlap_reason")
    # The day after the secretary is back: no clash.
    file(mayor, deputy, days=3, start=TODAY + dt.timedelta(days=13), destination="兰州市")
    # With a reason, allowed.
    both = file(
        mayor, deputy, days=1, start=TODAY + dt.timedelta(days=10), overlap_reason="共同赴市委参加会议"
    )
    assert both.overlap_reason


# --- Oral reports (SUP-229) -----------------------------------------------------------------------------


def test_oral_report_completed_in_writing_late_is_flagged(bureau):
    oral_at = NOW - dt.timedelta(hours=1)
    request = file(
        bureau["deputy"],
        bureau["deputy2"],
        start=TODAY,
        days=2,
        kind="emergency",
        oral=True,
        oral_reported_at=oral_at,
    )
    assert request.written_at is None
    assert request.written_due == dt.date(2026, 3, 5)  # 3 calendar days after 2 March (a Thursday)
    assert not request.written_missing(dt.date(2026, 3, 5))
    assert request.written_missing(dt.date(2026, 3, 6))
    with clock.as_of(dt.datetime(2026, 3, 6, 9, 0, tzinfo=clock.LOCAL_TZ)):
        request = services.absence_complete_in_writing(actor=bureau["deputy"], request=request)
    assert request.written_late
    entry = next(e for e in services_entries(bureau["deputy"]) if e.section == "absence")
    assert "书面手续逾期补办" in entry.summary


def test_oral_written_on_the_last_day_is_not_late(bureau):
    request = file(
        bureau["deputy"],
        bureau["deputy2"],
        start=TODAY,
        days=2,
        oral=True,
        oral_reported_at=NOW - dt.timedelta(hours=1),
    )
    with clock.as_of(dt.datetime(2026, 3, 5, 18, 0, tzinfo=clock.LOCAL_TZ)):
        request = services.absence_complete_in_writing(actor=bureau["deputy"], request=request)
    assert not request.written_late


def services_entries(user):
    return [e for source in sources() for e in source(user, today=clock.today())]


# --- Half-year summary (SUP-18) ------------------------------------------------------------------------


def test_half_year_summary(bureau, body):
    request = file(bureau["deputy"], bureau["deputy2"], days=5)
    services.absence_decide(actor=bureau["chief"], request=request, approve=True)
    services.absence_decide(actor=bureau["office"], request=request, approve=True)
    file(bureau["deputy2"], bureau["chief"], days=2, start=TODAY + dt.timedelta(days=30))  # pending: left out
    july = file(bureau["head"], bureau["staff"], days=1, start=dt.date(2026, 7, 1))
    services.absence_decide(actor=bureau["deputy"], request=july, approve=True)
    services.absence_decide(actor=bureau["office"], request=july, approve=True)
    rows = services.half_year_summary(actor=bureau["office"], body=body, year=2026, half=1)
    assert [(r["name"], r["days"], r["destination"]) for r in rows] == [("孙副局长", 5, "成都市")]
    assert "李局长" in rows[0]["approvers"]
    second = services.half_year_summary(actor=bureau["inspector"], body=body, year=2026, half=2)
    assert [r["name"] for r in second] == ["钱股长"]
    with pytest.raises(NotPermitted):
        services.half_year_summary(actor=bureau["staff"], body=body, year=2026, half=1)


# --- Personal major matters (SUP-233..235) ---------------------------------------------------------------


def matter(actor, **kwargs):
    fields = {
        "matter_type": "ceremony",
        "matter_date": TODAY + dt.timedelta(days=3),
        "description": "儿子结婚",
        "place": "县城",
        "funds_source": "家庭自有资金",
        "handling": "仅邀请亲属，不收礼金",
    }
    return services.matter_report(actor=actor, **{**fields, **kwargs})


def test_matter_written_before_edge(bureau):
    report = matter(bureau["deputy"])  # exactly 3 days before: in time
    assert report.leader == bureau["chief"]
    assert report.leading_cadre
    with pytest.raises(DomainError) as excinfo:
        matter(bureau["deputy"], matter_date=TODAY + dt.timedelta(days=2))
    assert (excinfo.value.rule, excinfo.value.field) == ("SUP-233", "matter_date")
    with pytest.raises(DomainError) as excinfo:
        matter(bureau["deputy"], funds_source="")
    assert (excinfo.value.rule, excinfo.value.field) == ("SUP-233", "funds_source")


def test_matter_oral_first_then_written_late_is_flagged(bureau):
    report = matter(
        bureau["deputy"],
        matter_date=TODAY,
        oral=True,
        oral_reported_at=NOW - dt.timedelta(hours=2),
        funds_source="",
    )
    assert report.written_due == dt.date(
        2026, 3, 9
    )  # 5 calendar days: Saturday 7 March rolls to Monday (CAL-2)
    with clock.as_of(dt.datetime(2026, 3, 9, 17, 0, tzinfo=clock.LOCAL_TZ)):
        on_time = services.matter_complete_in_writing(
            actor=bureau["deputy"], report=report, place="县城", funds_source="自有", handling="从简"
        )
    assert not on_time.written_late
    late = matter(bureau["head"], matter_date=TODAY, oral=True, oral_reported_at=NOW - dt.timedelta(hours=2))
    assert late.written_missing(dt.date(2026, 3, 10))
    entries = [e for e in services_entries(bureau["head"]) if e.section == "personal_matters"]
    with clock.as_of(dt.datetime(2026, 3, 10, 9, 0, tzinfo=clock.LOCAL_TZ)):
        late = services.matter_complete_in_writing(
            actor=bureau["head"], report=late, place="县城", funds_source="自有", handling="从简"
        )
        entries = [e for e in services_entries(bureau["head"]) if e.section == "personal_matters"]
    assert late.written_late
    assert "逾期补报" in entries[0].summary


def test_matter_confidential(bureau, body):
    report = matter(bureau["deputy"])
    for reader in ("deputy", "chief", "inspector"):
        assert services.matter_get(actor=bureau[reader], pk=report.pk) == report
    for outsider in ("deputy2", "office", "head"):
        with pytest.raises(NotFound):
            services.matter_get(actor=bureau[outsider], pk=report.pk)
    assert list(services.matter_list(actor=bureau["office"])) == []
    with pytest.raises(NotPermitted):
        services.matter_acknowledge(actor=bureau["deputy2"], report=report)
    report = services.matter_acknowledge(actor=bureau["chief"], report=report, opinion="注意从简")
    assert report.status == MatterStatus.ACKNOWLEDGED


def test_democratic_life_meeting_list(bureau, body):
    leading = matter(bureau["deputy"])
    matter(bureau["staff"])  # not a leading cadre (SUP-231 default): not announced
    matter(bureau["chief"], matter_date=dt.date(2026, 8, 1))  # second half-year
    assert services.meeting_list(actor=bureau["inspector"], body=body, year=2026, half=1) == [leading]
    with pytest.raises(NotPermitted):
        services.meeting_list(actor=bureau["office"], body=body, year=2026, half=1)


def test_principal_has_no_reader_without_a_superior(bureau):
    report = matter(bureau["chief"])
    assert report.leader is None


def test_absence_steps_kinds_are_known(bureau):
    request = file(bureau["deputy"], bureau["deputy2"], days=9)
    assert {s.kind for s in request.steps.all()} <= set(StepKind.values)


def test_demo_year_of_reports(bureau, body):
    from sunshine.cadres.reports import demo
    from sunshine.cadres.reports.models import AbsenceRequest, PersonalMatterReport

    summary = demo.load()
    assert summary["外出请示报备"] >= 10
    assert summary["个人重大事项报告"] >= 3
    statuses = set(AbsenceRequest.objects.values_list("status", flat=True))
    assert statuses == {AbsenceStatus.RETURNED}
    assert AbsenceRequest.objects.filter(abroad=True, steps__kind=StepKind.CONSENT).exists()
    late = AbsenceRequest.objects.filter(oral=True).first()
    assert late.written_late
    assert PersonalMatterReport.objects.filter(oral=True).first().written_late
    first = AbsenceRequest.objects.order_by("start_date").first().start_date
    assert (TODAY - first).days <= 366
    assert demo.load() == {}  # idempotent


def test_open_clocks_for_supervision(bureau):
    from sunshine.oversight.watched import clock_sources

    oral = file(bureau["deputy"], bureau["deputy2"], start=TODAY, days=2, oral=True, oral_reported_at=NOW)
    late = dt.datetime(2026, 3, 6, 9, 0, tzinfo=clock.LOCAL_TZ)
    keys = {c.key: c for source in clock_sources() for c in source(due_before=late)}
    clock_ = keys[f"cadres.absencerequest:{oral.pk}:written"]
    assert (clock_.rule, clock_.due_at.date(), clock_.responsible_id) == (
        "SUP-229",
        dt.date(2026, 3, 5),
        bureau["deputy"].pk,
    )
    services.absence_complete_in_writing(actor=bureau["deputy"], request=oral)
    keys = {c.key for source in clock_sources() for c in source(due_before=late)}
    assert f"cadres.absencerequest:{oral.pk}:written" not in keys
