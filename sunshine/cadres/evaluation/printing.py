"""The printable result sheet of a counted evaluation (民主测评结果统计表, SUP-251; the 004 forms list
names the 民主测评 sheet with its grades and the attendance with each category): the meeting, the
attendance by category (SUP-250), the ballots, one row per cadre with the counts and rates, and the
outcomes triggered (SUP-11, SUP-253). PDF with reportlab and the Chinese font of catalog.book, as
the other printable documents."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from sunshine.cadres.evaluation import services
from sunshine.cadres.evaluation.choices import Grade, RoundStatus, grade_label
from sunshine.catalog.book import book_font
from sunshine.core import clock
from sunshine.core.errors import Conflict

DATE = "%Y年%m月%d日"


def sheet_pdf(evaluation) -> bytes:
    if evaluation.status != RoundStatus.COUNTED:
        raise Conflict("evaluation_not_counted", _("尚未计票，不能打印测评结果"), field="status")
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = book_font()
    base = ParagraphStyle("base", fontName=font, fontSize=10, leading=15, wordWrap="CJK")
    title = ParagraphStyle("title", parent=base, fontSize=18, leading=28, alignment=TA_CENTER)
    center = ParagraphStyle("center", parent=base, alignment=TA_CENTER)
    right = ParagraphStyle("right", parent=base, alignment=TA_RIGHT)
    head = ParagraphStyle("head", parent=base, fontSize=12, leading=18, spaceBefore=8, spaceAfter=4)

    def p(text, style=base):
        return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)

    def grid(rows, widths, header=True):
        t = Table([[p(c) for c in r] for r in rows], colWidths=[w * mm for w in widths], repeatRows=1)
        style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
        if header:
            style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")))
        t.setStyle(TableStyle(style))
        return t

    make_up = services.composition(evaluation)
    scale = evaluation.scale
    story = [
        p(
            _("%(body)s%(year)d年度民主测评结果统计表")
            % {"body": evaluation.body.name, "year": evaluation.year},
            title,
        ),
        p(evaluation.title, center),
        Spacer(1, 4 * mm),
    ]
    facts = [
        (_("会议日期"), evaluation.meeting_date.strftime(DATE)),
        (_("地点"), evaluation.place or "—"),
        (
            _("参会人员"),
            _(
                "共%(total)d人，其中离退休干部、普通干部职工和服务对象%(outside)d人（%(share)s%%，不少于10%%，SUP-250）"
            )
            % make_up
            + "；"
            + "，".join(f"{label}{n}人" for label, n in make_up["counts"].items() if n),
        ),
        (
            _("测评票"),
            _("收回%(all)d张（网上%(online)d张，纸质%(paper)d张），整张无效%(invalid)d张")
            % {
                "all": evaluation.ballots,
                "online": evaluation.ballots_online,
                "paper": evaluation.ballots_paper,
                "invalid": evaluation.ballots_invalid,
            },
        ),
        (_("优称率下限"), f"{evaluation.pass_rate_threshold}%（SUP-253）"),
    ]
    story.append(grid(facts, [35, 222], header=False))
    story.append(p(_("测评结果"), head))
    over_third = _("%(poor)s票超过三分之一") % {"poor": grade_label(scale, Grade.POOR)}
    header = [
        _("序号"), _("姓名"), _("职务"), *[grade_label(scale, g) for g in Grade],
        _("无效"), _("有效票"), _("优称率"), over_third, _("民主评议"),
    ]  # fmt: skip
    rows = [header]
    for entry in evaluation.cadres.select_related("cadre").order_by("seq"):
        rows.append(
            [
                entry.seq,
                entry.cadre.full_name or entry.cadre.username,
                entry.position or "—",
                entry.excellent,
                entry.competent,
                entry.basic,
                entry.poor,
                entry.invalid,
                entry.valid,
                f"{entry.pass_rate}%" if entry.pass_rate is not None else "—",
                _("是") if entry.poor_over_third else _("否"),
                _("问题突出、意见集中") if entry.complaints_concentrated else "—",
            ]
        )
    story.append(grid(rows, [12, 24, 30, 17, 17, 19, 17, 14, 17, 20, 26, 44]))
    story.append(p(_("触发事项"), head))
    outcomes = [[_("干部"), _("处理"), _("依据"), _("触发情况")]]
    for o in evaluation.outcomes.select_related("cadre"):
        outcomes.append([o.cadre.full_name or o.cadre.username, o.get_kind_display(), o.rule, o.reason])
    if len(outcomes) == 1:
        outcomes.append(["—", _("无"), "", ""])
    story.append(grid(outcomes, [30, 30, 22, 175]))
    counted = clock.local(evaluation.counted_at).strftime(DATE) if evaluation.counted_at else ""
    story += [
        Spacer(1, 8 * mm),
        p(evaluation.body.name, right),
        p(_("计票日期：%(d)s") % {"d": counted}, right),
    ]
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        title=f"{evaluation.title}",
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
    ).build(story)
    return buffer.getvalue()
