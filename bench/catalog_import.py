#!/usr/bin/env python3
"""Benchmark: import a 5,000-item catalogue workbook (issue: under 30 s).

A throwaway SQLite database is migrated; a body with three departments, their posts and an office
clerk (the built-in role that may import) are set up through the org services as the system. A workbook
in the import layout is generated: 5,000 items of varied kinds (every tenth a penalty), each with a
legal basis, a material, a responsibility and a risk point with a prevention measure (about 25,000
rows in all). The timed part is catalog.workbook.import_workbook on the file's bytes: reading and
checking every row, then writing everything in one transaction through the catalog services (which
audit each change), the template flowchart included. Prints a human line and
``RESULT catalog.import_5000_rows_s <seconds> s``. BENCH_QUICK=1: 500 items.
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import QUICK, sqlite_django


def setup():
    """The body, its departments and posts, and an importing account (as the system, like the demo)."""
    from sunshine.core.system import system_actor
    from sunshine.org import services as org
    from sunshine.org.models import Role

    with system_actor("bench"):
        body = org.unit_create(actor=None, name="示范县应急管理局", kind="body", code="BENCH-BODY")
        departments = [
            org.unit_create(actor=None, name=name, kind="department", code=f"BENCH-D{i}", parent=body)
            for i, name in enumerate(("安全生产监管股", "危险化学品监管股", "执法大队"), start=1)
        ]
        for department in departments:
            for kind, name in (("clerk", "承办岗"), ("reviewer", "审核岗")):
                org.post_create(actor=None, unit=department, name=f"{department.name}{name}", kind=kind)
        user = org.account_create(
            actor=None,
            username="bench-office",
            full_name="导入员",
            password="Bench#Import-2026",
            must_change_password=False,
        )
        org.role_assignment_create(
            actor=None, user=user, role=Role.objects.get(code="office_clerk"), unit=body, data_scope="body"
        )
    return body, departments, user


def workbook_bytes(size: int, departments) -> bytes:
    """A workbook of ``size`` items in the import layout (written streaming: it is input, not timed)."""
    from openpyxl import Workbook

    from sunshine.catalog.workbook import SHEETS

    workbook = Workbook(write_only=True)
    sheets = {}
    for sheet in SHEETS:
        sheets[sheet.key] = workbook.create_sheet(sheet.title)
        sheets[sheet.key].append([c.header for c in sheet.columns])
        sheets[sheet.key].append([c.key for c in sheet.columns])
    kinds = [
        "行政许可",
        "行政检查",
        "行政确认",
        "行政给付",
        "行政奖励",
        "其他行政权力",
        "行政强制",
        "行政征收",
        "行政裁决",
    ]
    for n in range(1, size + 1):
        code = f"QL-{n:05d}"
        penalty = n % 10 == 0
        category = "行政处罚" if penalty else kinds[n % len(kinds)]
        department = departments[n % len(departments)]
        sheets["items"].append(
            [
                code,
                f"第{n}项职权事项（{category}）",
                category,
                "对外公开",
                department.name,
                "申请人符合法定条件",
                20,
                "工作日",
                10,
                "工作日",
                "不收费",
                "",
                "门户网站、政务服务大厅",
                "是",
                "陈述、申辩、申请行政复议、提起行政诉讼",
                "县纪委监委举报电话 12388",
            ]
        )
        sheets["legal_bases"].append([code, "行政法规", "安全生产许可证条例", f"第{n % 30 + 1}条", ""])
        sheets["materials"].append([code, "申请书", 1, "是", ""])
        sheets["responsibilities"].append([code, "承办", f"{department.name}承办岗", "", ""])
        step = "调查取证" if penalty else "审查"
        sheets["risk_points"].append(
            [code, step, "降低标准、吃拿卡要", "", 3, 2, 2, "是", "审查标准公开，科室负责人复核"]
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def main() -> None:
    workdir = sqlite_django()
    from sunshine.catalog.models import PowerVersion, RiskPoint
    from sunshine.catalog.workbook import import_workbook
    from sunshine.core.models import AuditRecord

    size = 500 if QUICK else 5_000
    body, departments, user = setup()
    data = workbook_bytes(size, departments)
    rows = size * 5
    audits = AuditRecord.objects.count()

    started = time.perf_counter()
    result = import_workbook(user, body, data)
    elapsed = time.perf_counter() - started

    if not result.ok:
        raise SystemExit(f"the import refused the workbook: {[e.as_dict() for e in result.errors[:5]]}")
    if PowerVersion.objects.count() != size or RiskPoint.objects.count() != size:
        raise SystemExit("the import did not write every item: the benchmark measured nothing")
    scaled = elapsed * (5_000 / size)
    print(
        f"import {size:,} items ({rows:,} rows, {len(data) / 1e6:.1f} MB, "
        f"{AuditRecord.objects.count() - audits:,} audit records): {elapsed:.2f} s"
        f"{f', scaled to 5,000 items {scaled:.2f} s' if size != 5_000 else ''} (target < 30 s)"
    )
    print(f"RESULT catalog.import_5000_rows_s {scaled:.2f} s")
    workdir.cleanup()


if __name__ == "__main__":
    main()
