"""Demo data of routine disclosure and information requests (issue #8 §4, §5), through the services
on their own dates (core.clock.as_of). Idempotent: nothing is added once any plan exists.

Per demo body (prefix = eco, safety, town): this year's plan with three items (budget execution and
penalties quarterly, the year's targets yearly), the quarters already due published on time except
the penalties of the last quarter due, which is late (the discipline office sees it); two
information requests, one answered and one assigned and open.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from sunshine.core import clock
from sunshine.disclosure import services
from sunshine.disclosure.models import DisclosurePlan
from sunshine.org.choices import UnitKind
from sunshine.org.models import Unit

BODIES = {"ECO": "eco", "SAFETY": "safety", "TOWN": "town"}


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=clock.LOCAL_TZ)


def _load_body(body: Unit, prefix: str) -> dict[str, int]:
    office, clerk = _user(f"{prefix}.office"), _user(f"{prefix}.clerk")
    if not (office and clerk):
        return {}
    department = Unit.objects.filter(body=body, kind=UnitKind.DEPARTMENT).order_by("path").first() or body
    today = clock.today()
    year_start = _at(dt.date(today.year, 1, 5))
    with clock.as_of(year_start):
        plan = services.plan_create(actor=office, body=body, year=today.year, note="按照公开目录定期公开。")
        add = {"actor": office, "plan": plan, "department": department, "channel": "门户网站、公开栏"}
        finance = services.plan_item_add(
            title="财政预算执行情况", category="finance", frequency="quarterly", **add
        )
        penalties = services.plan_item_add(
            title="行政处罚案件办理结果", category="enforcement", frequency="quarterly", **add
        )
        services.plan_item_add(title="年度工作目标及完成情况", category="targets", frequency="yearly", **add)
    published = 0
    now = clock.now()
    due = [r for r in services.due_rows([finance, penalties]) if r.due_at < now]
    last_penalty = max((r for r in due if r.item == penalties), key=lambda r: r.due_at, default=None)
    for row in due:
        if row is last_penalty:
            continue  # late: left for the discipline office
        with clock.as_of(row.due_at - dt.timedelta(days=5)):
            services.publication_publish(
                actor=office,
                item=row.item,
                period=row.period.key,
                title=f"{row.period.label}{row.item.title}",
                text=f"{body.name}{row.period.label}{row.item.title}：详见附表，欢迎监督。",
            )
        published += 1

    requests = 0
    with clock.as_of(_at(today - dt.timedelta(days=20))):
        answered, _secret = services.request_file(
            actor=None,
            body=body,
            channel="portal",
            name="陈志强",
            contact="13600003333",
            description="本单位上一年度行政事业性收费项目及收费标准",
            delivery_form="online",
        )
        answered = services.request_assign(actor=office, request=answered, handler=clerk)
    with clock.as_of(_at(today - dt.timedelta(days=12))):
        services.request_answer(
            actor=clerk,
            request=answered,
            kind="already_public",
            text="该信息已在本单位门户网站“政务公开—收费项目”栏目主动公开，可直接查阅。",
        )
    requests += 1
    with clock.as_of(_at(today - dt.timedelta(days=3))):
        open_request, _secret = services.request_file(
            actor=office,
            body=body,
            channel="letter",
            name="林秀英",
            contact="13500004444",
            address="示范县东风路8号",
            description="本村2025年惠农补贴发放名单及金额",
            delivery_form="post",
        )
        services.request_assign(actor=office, request=open_request, handler=clerk)
    requests += 1
    return {"plans": 1, "publications": published, "requests": requests}


def load() -> dict[str, int]:
    if DisclosurePlan.all_objects.exists():
        return {}
    totals: dict[str, int] = {}
    for code, prefix in BODIES.items():
        body = Unit.objects.filter(code=code).first()
        if body is None:
            continue
        for key, n in _load_body(body, prefix).items():
            totals[key] = totals.get(key, 0) + n
    return {f"disclosure {k}": v for k, v in totals.items()}
