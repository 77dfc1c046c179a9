"""The printable half-yearly summary of absences (外出请示报备半年汇总表, SUP-18): one table per body
and half-year — who, post, where, from/to, days, approved by whom, notes — in the Chinese font of
catalog.book."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from sunshine.catalog.book import book_font
from sunshine.core import clock


def summary_pdf(body, year: int, half: int, rows: list[dict]) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = book_font()
    base = ParagraphStyle("base", fontName=font, fontSize=9, leading=13, wordWrap="CJK")
    title = ParagraphStyle("title", parent=base, fontSize=18, leading=26, alignment=TA_CENTER)
    right = ParagraphStyle("right", parent=base, alignment=TA_RIGHT, fontSize=10)

    def p(text, style=base):
        return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)

    half_label = _("上半年") if half == 1 else _("下半年")
    heading = _("%(body)s%(year)d年%(half)s领导干部外出请示报备汇总表") % {
        "body": body.name,
        "year": year,
        "half": half_label,
    }
    header = [
        _("序号"),
        _("姓名"),
        _("职务"),
        _("事由"),
        _("外出地点"),
        _("起止日期"),
        _("天数"),
        _("代理人"),
        _("审批人"),
        _("备注"),
    ]
    data = [[p(h) for h in header]]
    for i, r in enumerate(rows, start=1):
        data.append(
            [
                p(i),
                p(r["name"]),
                p(r["post"]),
                p(r["kind"]),
                p(r["destination"]),
                p(f"{r['start']:%Y-%m-%d}\n{r['end']:%Y-%m-%d}"),
                p(r["days"]),
                p(r["stand_in"]),
                p(r["approvers"]),
                p("；".join(x for x in (r["filed"], r["notes"]) if x)),
            ]
        )
    if not rows:
        data.append([p(_("本半年度无外出请示报备。"))] + [p("")] * (len(header) - 1))
    widths = [11, 18, 28, 18, 30, 22, 12, 18, 67, 43]
    table = Table(data, colWidths=[w * mm for w in widths], repeatRows=1)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f3f3")),
    ]
    if not rows:
        style.append(("SPAN", (0, 1), (-1, 1)))
    table.setStyle(TableStyle(style))
    total = sum(r["days"] for r in rows)
    story = [
        p(heading, title),
        Spacer(1, 4 * mm),
        p(_("共%(n)d人次，合计%(d)d天（含节假日和双休日，SUP-228）") % {"n": len(rows), "d": total}),
        Spacer(1, 3 * mm),
        table,
        Spacer(1, 6 * mm),
        p(_("报送：上级组织部门（SUP-18）"), right),
        p(clock.today().strftime("%Y年%m月%d日"), right),
    ]
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        title=heading,
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
    ).build(story)
    return buffer.getvalue()
