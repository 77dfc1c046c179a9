#!/usr/bin/env python3
"""Benchmark: catalogue search with 5,000 power items and 50,000 risk points (target p95 < 150 ms).

A scratch SQLite database gets one body with 20 departments, 5,000 items (each with its latest
version, a legal basis and ten risk points on steps of its flowchart: 50,000 in all), written in bulk
(the benchmark measures reading, not the services). The timed part is what the list page and
GET /api/v1/catalog/items do for one request: catalog.selectors.version_search for an editor with
body-wide scope, the count and the first page of 50 rows, over a mix of searches (keyword, category,
department, risk level, state, combinations). Prints a human line and
``RESULT catalog.search_p95_ms <ms> ms``.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import QUICK, sqlite_django

WORDS = [
    "烟花爆竹",
    "危险化学品",
    "非煤矿山",
    "建设项目",
    "职业卫生",
    "安全生产",
    "排污",
    "环境影响",
    "低保",
    "救助",
]
KINDS = ["经营许可", "行政处罚", "监督检查", "审查", "备案", "资金审批", "征收", "确认"]


def build(items: int, risks_per_item: int):
    from sunshine.catalog.choices import Category
    from sunshine.catalog.models import LegalBasis, PowerItem, PowerVersion, RiskPoint
    from sunshine.org.choices import DataScope, UnitKind
    from sunshine.org.models import Unit
    from sunshine.org.tests.factories import account_with_role

    body = Unit.objects.create(name="县应急管理局", code="B1", kind=UnitKind.BODY, path="/")
    Unit.objects.filter(pk=body.pk).update(body=body, path=f"/{body.pk}/")
    body.refresh_from_db()
    departments = []
    for n in range(20):
        dept = Unit.objects.create(
            name=f"业务{n}股", code=f"D{n}", kind=UnitKind.DEPARTMENT, parent=body, body=body, depth=1
        )
        Unit.objects.filter(pk=dept.pk).update(path=f"{body.path}{dept.pk}/")
        departments.append(dept)
    rng = random.Random(5)
    categories = list(Category.values)
    made = PowerItem.objects.bulk_create([PowerItem(body=body, code=f"QL-{n:05d}") for n in range(items)])
    versions = PowerVersion.objects.bulk_create(
        [
            PowerVersion(
                item=item,
                number=1,
                status=rng.choice(["draft", "published", "published", "published"]),
                risk_level=rng.choice("ABCCC"),
                name=f"{rng.choice(WORDS)}{rng.choice(KINDS)}{n}",
                category=rng.choice(categories),
                department=rng.choice(departments),
            )
            for n, item in enumerate(made)
        ],
        batch_size=1000,
    )
    for item, version in zip(made, versions, strict=True):
        item.latest = version
    PowerItem.objects.bulk_update(made, ["latest"], batch_size=1000)
    LegalBasis.objects.bulk_create(
        [LegalBasis(version=v, statute="中华人民共和国安全生产法") for v in versions], batch_size=1000
    )
    RiskPoint.objects.bulk_create(
        [
            RiskPoint(
                version=v,
                step_id=f"Task_{k}",
                description="审查环节降低标准",
                level=rng.choice("ABCCC"),
                sort_order=k,
            )
            for v in versions
            for k in range(risks_per_item)
        ],
        batch_size=2000,
    )
    actor = account_with_role("section_head", unit=body, scope=DataScope.OWN_BODY, username="bench")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return actor, departments


def main() -> None:
    workdir = sqlite_django()
    from django.core.paginator import Paginator

    from sunshine.catalog.selectors import version_search

    items = 500 if QUICK else 5000
    actor, departments = build(items, 10)
    rng = random.Random(9)
    searches = [
        {"q": rng.choice(WORDS)},
        {"q": rng.choice(KINDS), "category": "permit"},
        {"category": "penalty"},
        {"department": departments[3].pk},
        {"risk_level": "A"},
        {"risk_level": "B", "department": departments[7].pk},
        {"status": "draft"},
        {"q": "QL-01"},
        {},
    ]
    timings = []
    for round_ in range(30 if not QUICK else 5):
        for params in searches:
            started = time.perf_counter()
            page = Paginator(version_search(actor=actor, **params), 50).page(1)
            rows = [(v.item.code, v.name, v.department.name, v.risk_level) for v in page.object_list]
            count = page.paginator.count
            elapsed = (time.perf_counter() - started) * 1000
            if round_:  # the first round warms the caches
                timings.append(elapsed)
            assert count >= len(rows)
    p95 = statistics.quantiles(timings, n=20)[-1]
    print(
        f"catalogue search over {items:,} items and {items * 10:,} risk points: "
        f"median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms ({len(timings)} searches)"
    )
    print(f"RESULT catalog.search_p95_ms {p95:.1f} ms")
    workdir.cleanup()


if __name__ == "__main__":
    main()
