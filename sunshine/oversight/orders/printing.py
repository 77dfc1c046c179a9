"""The printable supervision order (督办通知书, CASE-15/17/21) with its written replies, as PDF
(reportlab, the Chinese TrueType font of catalog.book embedded) and as Word (python-docx).

Both documents carry the same parts, built once by ``sections``: the number, the addressee, the
matter and the requirement, the reply deadline, then each written reply with its verification.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from sunshine.catalog.book import book_font
from sunshine.core import clock

DATE = "%Y年%m月%d日"
DATETIME = "%Y年%m月%d日 %H:%M"


def _when(value, fmt=DATETIME) -> str:
    return clock.local(value).strftime(fmt) if value else "—"


def _name(user) -> str:
    return (user.full_name or user.username) if user else "—"


def sections(order) -> dict:
    """The document's text: title, number, addressee line, (label, value) rows, replies, footer."""
    source = order.case.number if order.case_id else order.get_source_display()
    rows = [
        (_("督办事项"), order.subject),
        (_("督办来源"), f"{order.get_source_display()}（{source}）" if order.case_id else source),
        (_("督办要求"), order.requirement),
        (_("答复期限"), _when(order.reply_due)),
        (_("督办人"), f"{_name(order.issued_by)}　{_when(order.issued_at)}"),
        (_("状态"), order.get_status_display()),
    ]
    if order.new_deadline:
        rows.append((_("承诺办结时间"), _when(order.new_deadline, DATE)))
    replies = []
    for i, reply in enumerate(order.replies.select_related("replied_by", "verified_by"), start=1):
        lines = [
            (_("答复人"), f"{_name(reply.replied_by)}　{_when(reply.replied_at)}"),
            (_("延误原因"), reply.reason),
            (_("办理进展"), reply.progress),
            (_("新的办结期限"), _when(reply.new_deadline, DATE)),
            (_("核实结果"), reply.get_verdict_display()),
        ]
        if reply.verified_at:
            note = f"　{reply.verify_note}" if reply.verify_note else ""
            lines.append((_("核实意见"), f"{_name(reply.verified_by)}　{_when(reply.verified_at)}{note}"))
        replies.append((_("第%(n)d次书面答复") % {"n": i}, lines))
    return {
        "title": _("督办通知书"),
        "number": order.number,
        "to": _("%(department)s　%(person)s：")
        % {"department": order.department.name, "person": _name(order.responsible)},
        "intro": _(
            "根据督办制度，现将下列事项交你办理。请于答复期限前书面报告延误原因、办理进展，并提出新的办结期限。"
        ),
        "rows": rows,
        "replies": replies,
        "issuer": order.body.name,
        "date": _when(order.issued_at, DATE),
    }


def order_pdf(order) -> bytes:
    return render_pdf(sections(order))


def order_docx(order) -> bytes:
    return render_docx(sections(order))


def render_pdf(doc_text: dict) -> bytes:
    """A document of the ``sections`` shape (title, number, to, intro, rows, replies, issuer, date)
    as PDF; other apps' printable documents (accountability decisions) use it too."""
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = book_font()
    base = ParagraphStyle("base", fontName=font, fontSize=11, leading=18, wordWrap="CJK")
    title = ParagraphStyle(
        "title", parent=base, fontSize=22, leading=32, alignment=TA_CENTER, textColor=colors.red
    )
    center = ParagraphStyle("center", parent=base, alignment=TA_CENTER)
    right = ParagraphStyle("right", parent=base, alignment=TA_RIGHT)
    head = ParagraphStyle("head", parent=base, fontSize=13, leading=20, spaceBefore=10, spaceAfter=4)

    def p(text, style=base):
        return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)

    def table(rows):
        t = Table([[p(k), p(v)] for k, v in rows], colWidths=[32 * mm, 138 * mm])
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

    story = [p(doc_text["title"], title), p(doc_text["number"], center), Spacer(1, 8 * mm)]
    indented = ParagraphStyle("indented", parent=base, firstLineIndent=22)
    story += [p(doc_text["to"]), p(doc_text["intro"], indented), Spacer(1, 4 * mm), table(doc_text["rows"])]
    story += [Spacer(1, 8 * mm), p(doc_text["issuer"], right), p(doc_text["date"], right)]
    for heading, lines in doc_text["replies"]:
        story += [p(heading, head), table(lines)]
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=f"{doc_text['title']} {doc_text['number']}",
        leftMargin=20 * mm,
        rightMargin=20 * mm,
    ).build(story)
    return buffer.getvalue()


def render_docx(doc_text: dict) -> bytes:
    """The same document as Word."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")  # Word picks the Chinese font here

    def para(text, *, align=None, size=None, bold=False, color=None):
        paragraph = document.add_paragraph()
        run = paragraph.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        if color:
            run.font.color.rgb = color
        if align is not None:
            paragraph.alignment = align
        return paragraph

    def table(rows):
        t = document.add_table(rows=0, cols=2)
        t.style = "Table Grid"
        for label, value in rows:
            cells = t.add_row().cells
            cells[0].text, cells[1].text = str(label), str(value)

    para(doc_text["title"], align=WD_ALIGN_PARAGRAPH.CENTER, size=22, bold=True, color=RGBColor(0xC0, 0, 0))
    para(doc_text["number"], align=WD_ALIGN_PARAGRAPH.CENTER)
    para(doc_text["to"])
    para("　　" + doc_text["intro"])
    table(doc_text["rows"])
    para(doc_text["issuer"], align=WD_ALIGN_PARAGRAPH.RIGHT)
    para(doc_text["date"], align=WD_ALIGN_PARAGRAPH.RIGHT)
    for heading, lines in doc_text["replies"]:
        para(heading, size=14, bold=True)
        table(lines)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
