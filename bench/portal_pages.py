#!/usr/bin/env python3
"""Benchmark: the public portal's pages over HTTP on loopback (issue #8 §10: at least 500 requests/s
for cached pages, p95 under 100 ms uncached, with 5,000 published items).

A scratch SQLite database gets one body with 20 departments and 5,000 published power items (plus
drafts the portal must not show), written in bulk. gunicorn serves the application on 127.0.0.1 (2
processes of 4 threads: this machine has 2 cores), and a load loop in Python threads (no load tool
is installed here; each thread keeps one HTTP/1.1 connection open) sends:

- for ``TIME`` seconds, GET /public/ (the catalogue's first page), answered from the page cache
  (every response is checked to be a cache hit): requests per second;
- one at a time, catalogue searches that all miss the cache (each has a query never asked before:
  keyword, body, category and combinations): the 95th percentile of their latency;
- the same two measures for the decisions under public notice (200 topics put out for comment,
  half closed with their answers): one topic's page from the cache, and the list and topic pages
  uncached.

The load loop runs on the same 2 cores as the server, so the figure is a floor. Prints human lines
and ``RESULT portal.cached_rps <n> requests/s``, ``RESULT portal.search_uncached_p95_ms <ms> ms``,
``RESULT portal.consultation_cached_rps`` and ``RESULT portal.consultation_uncached_p95_ms``.
Only loopback is used; the loop stops after a fixed time and count.
"""

from __future__ import annotations

import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import QUICK, ROOT, sqlite_django

WORDS = ["烟花爆竹", "危险化学品", "非煤矿山", "建设项目", "职业卫生", "安全生产", "排污", "环境影响", "救助"]
KINDS = ["经营许可", "行政处罚", "监督检查", "审查", "备案", "征收", "确认"]
PUBLIC_KINDS = ["permit", "penalty", "compulsory", "levy", "inspection", "confirmation", "other"]
THREADS = 8
TIME = 3.0 if QUICK else 10.0
SEARCHES = 40 if QUICK else 200


def build(items: int) -> list[int]:
    """``items`` published items (and a tenth as many drafts); returns the body's id."""
    from django.db import connection

    from sunshine.catalog.models import PowerItem, PowerVersion
    from sunshine.core import clock
    from sunshine.org.choices import UnitKind
    from sunshine.org.models import Unit

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
    drafts = items // 10
    made = PowerItem.objects.bulk_create(
        [PowerItem(body=body, code=f"QL-{n:05d}") for n in range(items + drafts)], batch_size=1000
    )
    now = clock.now()
    versions = PowerVersion.objects.bulk_create(
        [
            PowerVersion(
                item=item,
                number=1,
                status="published" if n < items else "draft",
                published_at=now if n < items else None,
                risk_level=rng.choice("ABCCC"),
                name=f"{rng.choice(WORDS)}{rng.choice(KINDS)}{n}",
                category=rng.choice(PUBLIC_KINDS),
                department=rng.choice(departments),
                promised_limit=rng.randint(5, 20),
                statutory_limit=20,
            )
            for n, item in enumerate(made)
        ],
        batch_size=1000,
    )
    for item, version in zip(made, versions, strict=True):
        item.latest = version
        item.current = version if version.status == "published" else None
    PowerItem.objects.bulk_update(made, ["latest", "current"], batch_size=1000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return [body.pk]


def build_consultations(body_id: int, periods: int) -> list[int]:
    """``periods`` topics put out for public comment (PUB-12): half open, half closed with five
    answered comments each; returns the ids of one open and one closed period."""
    import datetime as dt

    from sunshine.core import clock
    from sunshine.core.models import User
    from sunshine.decisions.models import PublicComment, PublicCommentEntry, Topic
    from sunshine.org.models import Unit

    body = Unit.objects.get(pk=body_id)
    department = Unit.objects.filter(parent=body).first()
    staff = User.objects.create(username="bench-proposer", full_name="周科长")
    today = clock.today()
    topics = Topic.objects.bulk_create(
        [
            Topic(
                body=body,
                department=department,
                title=f"关于修订第{n}号管理办法的决定",
                kind="decision",
                background="现行办法已不适应工作需要。" * 20,
                draft_decision="同意印发修订后的管理办法。" * 60,
                legal_basis="《中华人民共和国预算法》",
                responsible_leader=staff,
                proposer=staff,
                status="adopted" if n % 4 == 0 else "draft",
            )
            for n in range(periods)
        ]
    )
    made = PublicComment.objects.bulk_create(
        [
            PublicComment(
                topic=topic,
                published_on=today - dt.timedelta(days=2 if n % 2 else 30),
                closes_on=today + dt.timedelta(days=12) if n % 2 else today - dt.timedelta(days=10),
                document=topic.draft_decision,
                explanation=topic.background,
            )
            for n, topic in enumerate(topics)
        ]
    )
    PublicCommentEntry.objects.bulk_create(
        [
            PublicCommentEntry(
                period=period,
                commenter="王五",
                contact="13900000000",
                via_portal=True,
                text=f"第{k}条意见：建议明确过渡期。",
                answer="" if n % 2 else "已采纳。",
            )
            for n, period in enumerate(made)
            for k in range(5)
        ]
    )
    open_ = next(p for n, p in enumerate(made) if n % 2)
    closed = next(p for n, p in enumerate(made) if not n % 2)
    return [open_.pk, closed.pk]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(conn: http.client.HTTPConnection, path: str) -> tuple[int, str, bytes]:
    conn.request("GET", path, headers={"Accept-Language": "zh-CN"})
    response = conn.getresponse()
    return response.status, response.getheader("X-Portal-Cache", ""), response.read()


def wait_ready(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped (exit {server.returncode})")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            status, _, _ = get(conn, "/public/checkpoints/")
            conn.close()
            if status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer within 60 s")


def cached_load(
    port: int, seconds: float, *, strict: bool = True, path: str = "/public/"
) -> tuple[float, int]:
    """Requests/s of GET ``path`` from the page cache, THREADS connections for ``seconds``; with
    ``strict``, every answer must be a cache hit."""
    counts = [0] * THREADS
    misses = []
    start = threading.Barrier(THREADS + 1)
    stop_at: list[float] = []

    def worker(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        start.wait()
        n = 0
        while time.monotonic() < stop_at[0] and n < 1_000_000:
            status, cache, _ = get(conn, path)
            if status != 200 or cache != "hit":
                misses.append((status, cache))
            n += 1
        counts[i] = n
        conn.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    began = time.monotonic()
    stop_at.append(began + seconds)
    start.wait()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - began
    # A worker process that the warm-up's connections did not reach renders the page once per thread
    # that asks for it before the first answer is kept: at most THREADS misses, anything more is a bug.
    if strict and (len(misses) > THREADS or any(status != 200 for status, _ in misses)):
        raise SystemExit(f"{len(misses)} responses were not cache hits: {misses[:3]}")
    return sum(counts) / elapsed, sum(counts)


def uncached_searches(port: int, body_id: int) -> list[float]:
    rng = random.Random(9)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    timings = []
    for n in range(SEARCHES):
        params = rng.choice(
            [
                {"q": rng.choice(WORDS)},
                {"q": rng.choice(KINDS), "category": "permit"},
                {"category": rng.choice(PUBLIC_KINDS)},
                {"body": body_id, "q": rng.choice(WORDS)},
                {"q": f"QL-0{rng.randint(0, 49):02d}"},
                {"page": rng.randint(2, 20)},
            ]
        )
        params["v"] = n  # a query never asked before: a cache miss
        path = "/public/?" + urllib.parse.urlencode(params)
        started = time.perf_counter()
        status, cache, body = get(conn, path)
        elapsed = (time.perf_counter() - started) * 1000
        if status != 200 or cache != "miss" or (b"power-row" not in body and b"no-results" not in body):
            raise SystemExit(f"search {path}: {status} {cache}")
        timings.append(elapsed)
    conn.close()
    return timings


def uncached_pages(port: int, paths: list[str], marker: bytes, count: int) -> list[float]:
    """Latencies (ms) of ``count`` GETs of ``paths`` in turn, each with a query never asked before (a
    cache miss); every answer must hold ``marker``."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    timings = []
    for n in range(count):
        path = f"{paths[n % len(paths)]}?v={n}"
        started = time.perf_counter()
        status, cache, body = get(conn, path)
        elapsed = (time.perf_counter() - started) * 1000
        if status != 200 or cache != "miss" or marker not in body:
            raise SystemExit(f"{path}: {status} {cache}")
        timings.append(elapsed)
    conn.close()
    return timings


def main() -> None:
    workdir = sqlite_django()
    items = 500 if QUICK else 5000
    (body_id,) = build(items)
    periods = 50 if QUICK else 200
    open_id, closed_id = build_consultations(body_id, periods)
    from django.db import connections

    connections.close_all()
    port = free_port()
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="sunshine.settings_test", PYTHONPATH=str(ROOT))
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "sunshine.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            "--keep-alive",
            "30",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_ready(port, server)
        cached_load(port, 1.0, strict=False)  # each worker process fills its own cache
        rps, total = cached_load(port, TIME)
        timings = uncached_searches(port, body_id)
        # decisions under public notice (issue #8 §3): the list and one topic's page from the cache,
        # then uncached (the list, an open topic, a closed one with its answers)
        topic_path = f"/public/consultations/{open_id}/"
        cached_load(port, 1.0, strict=False, path=topic_path)
        topic_rps, topic_total = cached_load(port, TIME, path=topic_path)
        consultation_timings = uncached_pages(
            port,
            ["/public/consultations/", topic_path, f"/public/consultations/{closed_id}/"],
            b'data-testid="consultation',
            SEARCHES,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    p95 = statistics.quantiles(timings, n=20)[-1]
    load = os.getloadavg()[0]
    print(
        f"portal over {items:,} published items, gunicorn 2x4 on loopback, load average {load:.1f}: "
        f"cached catalogue page {rps:,.0f} requests/s ({total:,} requests, {THREADS} connections, "
        f"{TIME:.0f} s); uncached search median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms "
        f"({len(timings)} searches)"
    )
    c_p95 = statistics.quantiles(consultation_timings, n=20)[-1]
    print(
        f"decisions under public notice ({periods} topics, 5 comments each): cached topic page "
        f"{topic_rps:,.0f} requests/s ({topic_total:,} requests); uncached list and topic pages median "
        f"{statistics.median(consultation_timings):.1f} ms, p95 {c_p95:.1f} ms "
        f"({len(consultation_timings)} pages)"
    )
    print(f"RESULT portal.cached_rps {rps:.0f} requests/s")
    print(f"RESULT portal.search_uncached_p95_ms {p95:.1f} ms")
    print(f"RESULT portal.consultation_cached_rps {topic_rps:.0f} requests/s")
    print(f"RESULT portal.consultation_uncached_p95_ms {c_p95:.1f} ms")
    workdir.cleanup()


if __name__ == "__main__":
    main()
