"""Demo data of the petitions app: a few items per demo body in every state, filed and handled
through the services on their own dates (core.clock.as_of), then one scan so that the late ones
show as alerts. Idempotent: a body that already has items gets none.

Per body (prefix = eco, safety, town): an anonymous complaint just filed on the portal; a named
visit registered by the office and assigned to a clerk; an answered complaint waiting for closing;
a closed suggestion rated by the reporter; a late request (red alert); an anonymous report on the
principal leader, seen by the discipline office only (PTN-4). The work-safety bureau also transfers
one item to the township (CASE-19).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from sunshine.core import clock
from sunshine.org.models import Unit
from sunshine.petitions import services
from sunshine.petitions.models import Petition

BODIES = {"ECO": "eco", "SAFETY": "safety", "TOWN": "town"}


def has_data() -> bool:
    return Petition.all_objects.exists()


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


def _days_ago(n: int, hour: int = 10) -> dt.datetime:
    day = clock.local(clock.now()).date() - dt.timedelta(days=n)
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=clock.LOCAL_TZ)


def _file(body, at, **kwargs):
    with clock.as_of(at):
        fields = {"actor": None, "body": body, "channel": "portal", "anonymous": True}
        petition, _secret = services.petition_file(**{**fields, **kwargs})
    return petition


def _load_body(body: Unit, prefix: str) -> int:
    office, clerk, inspector = (
        _user(f"{prefix}.office"),
        _user(f"{prefix}.clerk"),
        _user(f"{prefix}.inspector"),
    )
    if not (office and clerk and inspector):
        return 0
    created = 0
    _file(
        body,
        _days_ago(1),
        kind="complaint",
        subject="办事窗口中午无人值守",
        content="工作日中午十二点到窗口办理业务，窗口无人，等候四十分钟。",
    )
    created += 1

    visit = _file(
        body,
        _days_ago(5),
        actor=office,
        channel="visit",
        anonymous=False,
        name="王建华",
        phone="13900001111",
        kind="complaint",
        subject="许可申请多次被要求补充材料",
        content="申请许可时先后三次被要求补充不同材料，没有一次性告知。",
    )
    with clock.as_of(_days_ago(4)):
        services.petition_assign(actor=office, petition=visit, handler=clerk, note="请核实是否一次性告知")
    created += 1

    answered = _file(
        body,
        _days_ago(12),
        anonymous=False,
        name="刘晓燕",
        phone="13700002222",
        kind="complaint",
        subject="咨询电话长期无人接听",
        content="公布的咨询电话连续三天无人接听，无法咨询办事要求。",
    )
    with clock.as_of(_days_ago(11)):
        answered = services.petition_assign(actor=office, petition=answered, handler=clerk)
    with clock.as_of(_days_ago(6)):
        services.petition_answer(
            actor=clerk, petition=answered, text="经核查，值班电话线路故障，已于本周修复并安排专人接听。"
        )
    created += 1

    closed = _file(
        body,
        _days_ago(30),
        kind="suggestion",
        subject="建议公开办事流程图",
        content="建议在大厅张贴各类事项的办事流程图和承诺时限，方便群众办事。",
    )
    with clock.as_of(_days_ago(29)):
        closed = services.petition_assign(actor=office, petition=closed, handler=clerk)
    with clock.as_of(_days_ago(20)):
        closed = services.petition_answer(
            actor=clerk, petition=closed, text="感谢建议，流程图已在大厅和网站公布。"
        )
        closed = services.petition_rate(petition=closed, satisfaction="satisfied")
    with clock.as_of(_days_ago(19)):
        services.petition_close(actor=office, petition=closed)
    created += 1

    late = _file(
        body,
        _days_ago(25),
        kind="request",
        subject="咨询补办证照需要哪些材料",
        content="证照遗失需要补办，请告知需要提交哪些材料和办理地点。",
    )
    with clock.as_of(_days_ago(24)):
        services.petition_assign(actor=office, petition=late, handler=clerk)
    created += 1

    report = _file(
        body,
        _days_ago(3),
        kind="report",
        subject="反映单位主要负责人违规接受宴请",
        content="反映该单位主要负责人多次接受管理对象宴请，时间地点附后。",
        accused_is_leader=True,
        accused_name="主要负责人",
    )
    with clock.as_of(_days_ago(2)):
        services.petition_assign(actor=inspector, petition=report, handler=inspector, note="纪检组直接核查")
    created += 1

    if prefix == "safety":
        town = Unit.objects.filter(code="TOWN").first()
        if town is not None:
            moved = _file(
                body,
                _days_ago(4),
                kind="complaint",
                subject="村道路灯损坏无人维修",
                content="村口道路的路灯损坏两个月无人维修，夜间通行不安全。",
            )
            with clock.as_of(_days_ago(3)):
                services.petition_transfer(
                    actor=office, petition=moved, to_body=town, reason="属乡人民政府职责"
                )
            created += 1
    return created


def load() -> dict[str, int]:
    if has_data():
        return {}
    created = 0
    for code, prefix in BODIES.items():
        body = Unit.objects.filter(code=code).first()
        if body is not None:
            created += _load_body(body, prefix)
    if not created:
        return {}
    counts = services.petitions_scan()
    return {"petitions": created, "petition alerts": counts["raised"]}
