"""The integrity file as Word (python-docx) and PDF (reportlab with catalog.book's Chinese font), and
《拟提拔任用干部征求意见表》 (SUP-117) as PDF, the way decisions.printing prints minutes: the parts are
built once (``file_parts``/``opinion_parts``) and drawn by both writers."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunshine.cadres.integrity.services import name_of
from sunshine.catalog.book import book_font
from sunshine.core import clock

KINDS = {"veto": gettext_lazy("否决"), "defer": gettext_lazy("建议暂缓"), "issue": gettext_lazy("如实反映")}


def _finding_rows(findings) -> list[tuple[str, str]]:
    rows = []
    for f in findings:
        f = f if isinstance(f, dict) else f.as_dict()
        until = _("（至%(d)s）") % {"d": f["until"]} if f.get("until") else ""
        rows.append((f"{KINDS[f['kind']]}　{f['rule']}", f"{f['title']}{until}\n{f['detail']}".strip()))
    return rows


def file_parts(file) -> dict:
    body = file.body.name if file.body else "—"
    return {
        "title": _("领导干部廉政档案"),
        "subtitle": f"{name_of(file.cadre)}　{body}",
        "note": _("本档案由系统根据各业务记录于%(day)s自动生成，不得转录（SUP-218、IFL-1）")
        % {"day": file.today.isoformat()},
        "findings": _finding_rows(file.findings) or [(_("审核情况"), _("无否决、暂缓情形"))],
        "sections": [
            (s.label, [(e.occurred_on.isoformat(), f"{e.title}\n{e.summary}".strip()) for e in s.entries])
            for s in file.sections
        ],
    }


def _day(moment) -> str:
    return clock.local(moment).strftime("%Y年%m月%d日")


def opinion_parts(opinion) -> dict:
    rows = [
        (_("姓名"), name_of(opinion.cadre)),
        (_("单位"), opinion.body.name),
        (_("现任职务"), opinion.current_post),
        (_("拟任职务"), opinion.proposed_post),
        (_("征求意见说明"), opinion.note or "—"),
        (_("征求时间"), _day(opinion.requested_at)),
        (_("回复期限"), _day(opinion.due_at)),
    ]
    answer = []
    if opinion.answered_at:
        answer = [
            (_("纪委意见"), opinion.get_conclusion_display()),
            (
                _("否决理由"),
                "\n".join(f"{f['rule']} {f['title']}" for f in opinion.findings if f["kind"] == "veto")
                or "—",
            ),
            (_("纪委集体讨论意见"), opinion.collective_opinion),
            (_("集体讨论日期"), opinion.discussed_on.strftime("%Y年%m月%d日")),
            (_("回复人、时间"), f"{name_of(opinion.answered_by)}　{_day(opinion.answered_at)}"),
        ]
    return {
        "title": _("拟提拔任用干部征求意见表"),
        "subtitle": _("（党风廉政意见回复）"),
        "note": _("依据：纪委同级监督实施办法第十一至十四条（SUP-115至SUP-119）"),
        "findings": _finding_rows(opinion.findings) if opinion.answered_at else [],
        "sections": [(_("征求意见"), rows), *([(_("纪委回复"), answer)] if answer else [])],
    }


def _pdf(parts: dict) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = book_font()
    base = ParagraphStyle("base", fontName=font, fontSize=10.5, leading=16, wordWrap="CJK")
    title = ParagraphStyle("title", parent=base, fontSize=20, leading=30, alignment=TA_CENTER)
    center = ParagraphStyle("center", parent=base, alignment=TA_CENTER)
    head = ParagraphStyle("head", parent=base, fontSize=13, leading=20, spaceBefore=10, spaceAfter=4)

    def p(text, style=base):
        return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)

    def table(rows):
        t = Table([[p(k), p(v)] for k, v in rows], colWidths=[38 * mm, 132 * mm])
        t.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f3f3f3")),
                ]
            )
        )
        return t

    story = [
        p(parts["title"], title),
        p(parts["subtitle"], center),
        p(parts["note"], center),
        Spacer(1, 4 * mm),
    ]
    if parts["findings"]:
        story += [p(_("审核情况"), head), table(parts["findings"])]
    for heading, rows in parts["sections"]:
        story += [p(heading, head), table(rows or [("—", _("无记录"))])]
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer, pagesize=A4, title=parts["title"], leftMargin=20 * mm, rightMargin=20 * mm
    ).build(story)
    return buffer.getvalue()


def _docx(parts: dict) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.font.size = Pt(11)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")

    def para(text, *, align=None, size=None, bold=False):
        paragraph = document.add_paragraph()
        run = paragraph.add_run(str(text))
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        if align is not None:
            paragraph.alignment = align

    def table(rows):
        t = document.add_table(rows=0, cols=2)
        t.style = "Table Grid"
        for label, value in rows:
            cells = t.add_row().cells
            cells[0].text, cells[1].text = str(label), str(value)

    para(parts["title"], align=WD_ALIGN_PARAGRAPH.CENTER, size=20, bold=True)
    para(parts["subtitle"], align=WD_ALIGN_PARAGRAPH.CENTER)
    para(parts["note"], align=WD_ALIGN_PARAGRAPH.CENTER, size=9)
    if parts["findings"]:
        para(_("审核情况"), size=14, bold=True)
        table(parts["findings"])
    for heading, rows in parts["sections"]:
        para(heading, size=14, bold=True)
        table(rows or [("—", _("无记录"))])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def file_pdf(file) -> bytes:
    return _pdf(file_parts(file))


def file_docx(file) -> bytes:
    return _docx(file_parts(file))


def opinion_pdf(opinion) -> bytes:
    return _pdf(opinion_parts(opinion))
