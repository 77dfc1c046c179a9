"""The printable decision document (决定书) as PDF: 行政处罚决定书, 准予行政许可决定书 or 不予行政许可
决定书, with the reasons, the legal basis and the rights statement (CASE-33, CASE-153). The Chinese
font is the catalogue book's (catalog.book.book_font), not a copy of its lookup."""

from __future__ import annotations

import io
from urllib.parse import quote
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from sunshine.cases.models import Decision
from sunshine.cases.outcome import decisions
from sunshine.cases.outcome.choices import DecisionKind, PenaltyMeasure
from sunshine.catalog.book import book_font
from sunshine.core import clock

TITLES = {
    DecisionKind.PENALTY: "行政处罚决定书",
    DecisionKind.APPROVE: "准予行政许可决定书",
    DecisionKind.REFUSE: "不予行政许可决定书",
}


def _styles(font: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=font, fontSize=12, leading=20, wordWrap="CJK", firstLineIndent=24)
    return {
        "body": base,
        "plain": ParagraphStyle("plain", parent=base, firstLineIndent=0),
        "org": ParagraphStyle(
            "org", parent=base, fontSize=16, leading=24, alignment=TA_CENTER, firstLineIndent=0
        ),
        "title": ParagraphStyle(
            "title",
            parent=base,
            fontSize=22,
            leading=32,
            alignment=TA_CENTER,
            firstLineIndent=0,
            spaceAfter=4,
        ),
        "number": ParagraphStyle("number", parent=base, alignment=TA_RIGHT, firstLineIndent=0, spaceAfter=12),
        "sign": ParagraphStyle("sign", parent=base, alignment=TA_RIGHT, firstLineIndent=0),
    }


def _p(text: str, style) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def decision_text(decision: Decision) -> str:
    """What is decided, in the document's words."""
    if decision.kind == DecisionKind.APPROVE:
        return _("经审查，申请符合法定条件、标准，决定准予行政许可。")
    if decision.kind == DecisionKind.REFUSE:
        return _("经审查，申请不符合法定条件、标准，决定不予行政许可。")
    parts = []
    if decision.measure == PenaltyMeasure.FINE and decision.amount is not None:
        parts.append(_("罚款人民币%(amount)s元") % {"amount": f"{decision.amount:,.2f}"})
    elif decision.measure:
        parts.append(str(PenaltyMeasure(decision.measure).label))
    if decision.measure_text:
        parts.append(decision.measure_text)
    return _("决定给予如下行政处罚：%(what)s。") % {"what": "；".join(parts)}


def render_decision(decision: Decision) -> tuple[bytes, str]:
    """The PDF and its file name (URL-quoted for Content-Disposition)."""
    font = book_font()
    s = _styles(font)
    case = decision.case
    title = TITLES[decision.kind]
    party = _("当事人") if decision.kind == DecisionKind.PENALTY else _("申请人")
    story = [
        _p(case.body.name, s["org"]),
        _p(title, s["title"]),
        _p(_("文号：%(n)s") % {"n": case.number}, s["number"]),
        _p(f"{party}：{case.applicant_name}", s["plain"]),
    ]
    if case.applicant_id_number:
        story.append(_p(_("证件号码：%(n)s") % {"n": case.applicant_id_number}, s["plain"]))
    story += [
        _p(_("事由：%(s)s（%(item)s）") % {"s": case.subject, "item": case.power_version.name}, s["plain"]),
        Spacer(0, 6),
        _p(_("事实和理由：%(r)s") % {"r": decision.reasons}, s["body"]),
        _p(_("依据：%(b)s") % {"b": decision.legal_basis}, s["body"]),
    ]
    if decision.tier is not None:
        story.append(
            _p(
                _("裁量情节：%(tier)s（%(circ)s）")
                % {
                    "tier": decisions.tier_label(decision.tier),
                    "circ": decision.tier.circumstances,
                },
                s["body"],
            )
        )
    story.append(_p(decision_text(decision), s["body"]))
    if decision.rights:
        story.append(_p(decision.rights, s["body"]))
    story += [
        Spacer(0, 36),
        _p(case.body.name + _("（印章）"), s["sign"]),
        _p(
            clock.local(decision.decided_at)
            .strftime("%Y年%m月%d日")
            .replace("年0", "年")
            .replace("月0", "月"),
            s["sign"],
        ),
    ]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=28 * mm,
        rightMargin=26 * mm,
        topMargin=30 * mm,
        bottomMargin=28 * mm,
        title=f"{title} {case.number}",
        author=case.body.name,
    )
    doc.build(story)
    return buffer.getvalue(), quote(f"{title}-{case.number}.pdf")
