"""Demo reports (issue #9 §8): for each demo body, a year of absence requests (外出请示报备) of its
leaders and section heads — short, middle-tier and long leaves, a trip abroad, an emergency reported
orally and completed in writing late — each run through its computed route and returned from; and
personal major-matter reports, one of them written after an oral report past its limit. Filed,
approved and returned on their own dates (clock.as_of), through the services. Idempotent."""

from __future__ import annotations

import datetime as dt

from sunshine.cadres.reports import routing, services
from sunshine.cadres.reports.models import AbsenceRequest, AbsenceStatus, Rank
from sunshine.core import clock
from sunshine.core.errors import DomainError
from sunshine.core.models import User
from sunshine.org.choices import PostKind, UnitKind
from sunshine.org.models import Person, Unit
from sunshine.org.selectors import current_holdings

PLACES = ["兰州市", "成都市", "北京市", "西安市", "重庆市", "上海市"]
# (days before today the absence starts, length in days, kind, abroad, oral)
PLAN = [
    (330, 2, "business", False, False),
    (260, 5, "leave", False, False),
    (200, 9, "study", False, False),
    (150, 6, "leave", True, False),
    (95, 1, "emergency", False, True),
    (40, 3, "business", False, False),
]


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=clock.LOCAL_TZ)


def _cadres(body: Unit) -> list[tuple[User, str]]:
    """Accounts of the body's principal, deputies and section heads, with their rank."""
    found: dict[int, tuple[User, str]] = {}
    holdings = (
        current_holdings()
        .filter(
            post__unit__body=body,
            post__kind__in=[PostKind.PRINCIPAL, PostKind.DEPUTY_LEADER, PostKind.SECTION_HEAD],
            person__user__isnull=False,
            person__user__is_active=True,
        )
        .select_related("person__user", "person__unit")
        .order_by("post__unit__path", "post__sort_order", "id")
    )
    for h in holdings:
        user = h.person.user
        if user.pk not in found:
            found[user.pk] = (user, routing.rank_of(h.person, body))
    return list(found.values())


def _stand_in(body: Unit, user: User, start: dt.date, end: dt.date) -> User | None:
    people = Person.objects.filter(unit__path__startswith=body.path, user__isnull=False, user__is_active=True)
    for person in people.exclude(user=user).select_related("user").order_by("unit__path", "sort_order", "id"):
        busy = services.overlapping(AbsenceRequest.objects.filter(person=person.user), start, end).exists()
        if not busy:
            return person.user
    return None


def _run_route(request: AbsenceRequest, when: dt.datetime) -> AbsenceRequest:
    """Each step by its approver (or someone of the office), an hour apart."""
    from sunshine.core.permissions import has_permission
    from sunshine.org.models import RoleAssignment

    for _step in range(8):
        step = services.current_step(request)
        if step is None:
            break
        when += dt.timedelta(hours=1)
        actor = step.assignee
        if actor is None:
            ids = RoleAssignment.objects.filter(unit__path__startswith=step.office_body.path).values_list(
                "user_id", flat=True
            )
            actor = next(
                (
                    u
                    for u in User.objects.filter(pk__in=ids, is_active=True).order_by("id")
                    if has_permission(u, services.ORGANISE, step.office_body)
                ),
                None,
            )
            if actor is None:
                break
        with clock.as_of(when):
            request = services.absence_decide(actor=actor, request=request, approve=True, opinion="同意")
    return request


def _file(filed: dt.datetime, **fields) -> AbsenceRequest:
    """File on its date; the Party and administrative heads away together give their reason (SUP-227)."""
    with clock.as_of(filed):
        try:
            return services.absence_file(**fields)
        except DomainError as error:
            if error.rule != "SUP-227":
                raise
            return services.absence_file(**fields, overlap_reason="同赴上级机关参加会议")


def _absences(body: Unit, today: dt.date) -> int:
    count = 0
    for i, (user, rank) in enumerate(_cadres(body)[:6]):
        for j, (ago, days, kind, abroad, oral) in enumerate(PLAN):
            if rank == Rank.SECTION_HEAD and j % 2:
                continue
            start = today - dt.timedelta(days=ago + 7 * i)
            end = start + dt.timedelta(days=days - 1)
            stand_in = _stand_in(body, user, start, end)
            if stand_in is None:
                continue
            filed = _at(start, 8) - dt.timedelta(hours=2) if oral else _at(start - dt.timedelta(days=5))
            try:
                request = _file(
                    filed,
                    actor=user,
                    kind=kind,
                    abroad=abroad,
                    destination="新加坡" if abroad else PLACES[(i + j) % len(PLACES)],
                    reason={
                        "business": "参加上级业务会议",
                        "leave": "休年假探亲",
                        "study": "参加干部培训班",
                    }.get(kind, "家中突发急事"),
                    start_date=start,
                    end_date=end,
                    contact_phone="13900000000",
                    stand_in=stand_in,
                    stand_in_phone="13900000001",
                    oral=oral,
                    oral_reported_at=filed if oral else None,
                )
                request = _run_route(request, filed)
                if oral:  # completed in writing two days after its limit (SUP-229)
                    with clock.as_of(_at(request.written_due + dt.timedelta(days=2))):
                        request = services.absence_complete_in_writing(actor=user, request=request)
                if request.status == AbsenceStatus.APPROVED and end < today:
                    with clock.as_of(_at(end + dt.timedelta(days=1), 18)):
                        services.absence_return(
                            actor=user, request=request, returned_on=end + dt.timedelta(days=1)
                        )
                count += 1
            except DomainError:
                continue
    return count


def _matters(body: Unit, today: dt.date) -> int:
    count = 0
    for i, (user, _rank) in enumerate(_cadres(body)[:4]):
        matter_day = today - dt.timedelta(days=60 + 45 * i)
        try:
            with clock.as_of(_at(matter_day - dt.timedelta(days=10))):
                report = services.matter_report(
                    actor=user,
                    matter_type=["ceremony", "housing", "family_abroad", "business"][i % 4],
                    matter_date=matter_day,
                    description=[
                        "儿子结婚，在家中宴请亲属",
                        "配偶购买商品住房一套",
                        "女儿自费赴英国留学",
                        "配偶开办个体商店",
                    ][i % 4],
                    place="本县",
                    funds_source="家庭自有资金",
                    handling="从简办理，不收受礼金",
                )
            if report.leader_id:
                with clock.as_of(_at(matter_day - dt.timedelta(days=8))):
                    services.matter_acknowledge(actor=report.leader, report=report, opinion="已阅，注意从简")
            count += 1
            if i == 0:  # a funeral reported orally first, in writing after its limit (SUP-233)
                sudden = today - dt.timedelta(days=30)
                with clock.as_of(_at(sudden, 7)):
                    oral = services.matter_report(
                        actor=user,
                        matter_type="ceremony",
                        matter_date=sudden,
                        description="父亲病故，办理丧事",
                        oral=True,
                        oral_reported_at=_at(sudden, 7),
                    )
                with clock.as_of(_at(oral.written_due + dt.timedelta(days=3))):
                    services.matter_complete_in_writing(
                        actor=user,
                        report=oral,
                        place="老家",
                        funds_source="家庭自有资金",
                        handling="丧事从简",
                    )
                count += 1
        except DomainError:
            continue
    return count


def load() -> dict[str, int]:
    if AbsenceRequest.objects.exists():
        return {}
    today = clock.today()
    absences = matters = 0
    for body in Unit.objects.filter(kind=UnitKind.BODY).order_by("pk"):  # org.demo order
        absences += _absences(body, today)
        matters += _matters(body, today)
    return {"外出请示报备": absences, "个人重大事项报告": matters}
