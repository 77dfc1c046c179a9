"""Demo talks and letters (issue #9 §8): for each demo body whose discipline office and leader have
accounts, a year of talks and letters replayed through the services on their dates (clock.as_of):
the yearly collective integrity talk, an individual integrity talk, an admonition talk still in its
effect period, a summons talk under rectification, and three inquiry letters — one answered on time,
one answered late, one awaiting its reply. Idempotent: a body that has talks is skipped."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sunshine.cadres.talks import services
from sunshine.cadres.talks.choices import Kind, Outcome, SourceKind
from sunshine.cadres.talks.models import Talk
from sunshine.core import clock
from sunshine.core.errors import DomainError
from sunshine.core.models import User
from sunshine.core.permissions import has_permission
from sunshine.org.models import RoleAssignment, Unit


def _people(body) -> list[User]:
    ids = (
        RoleAssignment.objects.filter(unit__body_id=body.pk).order_by("id").values_list("user_id", flat=True)
    )
    return list(User.objects.filter(pk__in=list(dict.fromkeys(ids)), is_active=True).order_by("id"))


def _at(days_ago: int, hour: int = 10) -> dt.datetime:
    # The real today, not clock.today(): this is also called inside clock.as_of blocks.
    day = timezone.now().astimezone(clock.LOCAL_TZ).date() - dt.timedelta(days=days_ago)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=clock.LOCAL_TZ)


def load() -> dict[str, int]:
    made = 0
    for body in Unit.objects.filter(kind="body").order_by("id"):
        # Talks an evaluation count opened (evaluation.demo runs first) are not this demo's.
        if Talk.objects.filter(body=body).exclude(source_kind=SourceKind.EVALUATION).exists():
            continue
        people = _people(body)
        inspector = next((u for u in people if has_permission(u, services.SUPERVISE, body)), None)
        leader = next(
            (u for u in people if has_permission(u, services.APPROVE, body) and u != inspector), None
        )
        cadres = [u for u in people if u not in (inspector, leader)]
        if inspector is None or leader is None or len(cadres) < 2:
            continue
        try:
            made += _year(body, inspector, leader, cadres)
        except DomainError:
            continue
    return {"talks and letters": made} if made else {}


def _talk(body, inspector, leader, kind, *, days_ago, subject=None, participants=(), reason, outline=""):
    with clock.as_of(_at(days_ago, 9)):
        talk = services.talk_register(
            actor=inspector,
            body=body,
            kind=kind,
            subject=subject,
            participants=participants,
            reason=reason,
            outline=outline,
            talker=leader,
        )
        talk = services.talk_approve(actor=leader, talk=talk, opinion="同意")
        talk = services.talk_notify(
            actor=inspector, talk=talk, scheduled_at=_at(days_ago - 2, 15), place="局党组会议室"
        )
    with clock.as_of(_at(days_ago - 2, 17)):
        return services.talk_record(
            actor=inspector,
            talk=talk,
            held_at=_at(days_ago - 2, 15),
            talker=leader,
            content=f"{outline or reason}。谈话对象汇报了本人及分管工作的党风廉政建设情况。",
            problems="对分管领域廉政风险排查不够深入" if kind != Kind.INTEGRITY_COLLECTIVE else "",
            requirements="一个月内制定整改措施报纪检组备案" if kind != Kind.INTEGRITY_COLLECTIVE else "",
        )


def _rectify(inspector, talk, *, days_ago, conclude: bool):
    with clock.as_of(_at(days_ago, 11)):
        talk = services.rectification_plan(
            actor=inspector, talk=talk, plan="一、建立分管领域廉政风险台账；二、每月开展一次廉政提醒。"
        )
    with clock.as_of(_at(days_ago - 20, 11)):
        services.follow_up_add(
            actor=inspector, talk=talk, method="return_visit", finding="已建立台账，按月提醒。"
        )
    if conclude:
        with clock.as_of(_at(days_ago - 21, 11)):
            services.talk_conclude(
                actor=inspector,
                talk=Talk.objects.get(pk=talk.pk),
                outcome=Outcome.RECTIFIED,
                conclusion="整改到位。",
            )


def _letter(body, inspector, leader, subject, *, days_ago, reply_after_days=None, conclude=False):
    with clock.as_of(_at(days_ago, 9)):
        talk = services.talk_register(
            actor=inspector,
            body=body,
            kind=Kind.INQUIRY,
            subject=subject,
            reason="群众来信反映",
            questions=["是否在审批中接受申请人宴请", "配偶是否在管理服务对象企业任职"],
            source_kind="petition",
        )
        talk = services.talk_approve(actor=leader, talk=talk, opinion="同意函询")
        talk = services.talk_notify(actor=inspector, talk=talk)
    if reply_after_days is None:
        return 1
    with clock.as_of(_at(days_ago - reply_after_days, 16)):
        talk = services.inquiry_reply(
            actor=subject,
            talk=talk,
            answers=[
                "未接受宴请，仅在工作餐时按规定缴费。",
                "配偶在该企业任会计，已于本年报告个人有关事项。",
            ],
            measures="今后严格执行回避制度。",
        )
    if conclude:
        with clock.as_of(_at(days_ago - reply_after_days - 3, 10)):
            services.talk_conclude(
                actor=inspector, talk=talk, outcome=Outcome.CLARIFIED, conclusion="说明清楚，予以了结。"
            )
    return 1


def _year(body, inspector, leader, cadres) -> int:
    first, second = cadres[0], cadres[1]
    collective = _talk(
        body, inspector, leader, Kind.INTEGRITY_COLLECTIVE, days_ago=330, participants=cadres[:6],
        reason="年度集体廉政谈话（SUP-237）", outline="传达上级党风廉政建设部署，分析本单位突出问题",
    )  # fmt: skip
    _rectify(inspector, collective, days_ago=320, conclude=True)
    individual = _talk(
        body,
        inspector,
        leader,
        Kind.INTEGRITY,
        days_ago=250,
        subject=second,
        reason="任前廉政谈话（SUP-119）",
    )
    with clock.as_of(_at(247, 10)):
        services.talk_conclude(
            actor=inspector, talk=individual, outcome=Outcome.CLOSED, conclusion="谈话完毕。"
        )
    admonition = _talk(
        body,
        inspector,
        leader,
        Kind.ADMONITION,
        days_ago=120,
        subject=first,
        reason="民主测评优称率低于规定比例（SUP-253）",
    )
    _rectify(inspector, admonition, days_ago=110, conclude=True)
    summons = _talk(
        body,
        inspector,
        leader,
        Kind.SUMMONS,
        days_ago=60,
        subject=second,
        reason="落实“一岗双责”不到位（SUP-242）",
    )
    _rectify(inspector, summons, days_ago=50, conclude=False)
    _letter(body, inspector, leader, first, days_ago=200, reply_after_days=7, conclude=True)
    _letter(body, inspector, leader, second, days_ago=150, reply_after_days=40)  # answered late (SUP-247)
    _letter(body, inspector, leader, first, days_ago=3)  # awaiting its reply
    return 7


def has_data() -> bool:
    return Talk.objects.exclude(source_kind=SourceKind.EVALUATION).exists()
