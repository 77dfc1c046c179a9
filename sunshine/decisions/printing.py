"""The printable minutes (重大事项集体决策会议纪要, DEC-58, DEC-110, DEC-225) as PDF (reportlab, the
Chinese TrueType font of catalog.book embedded) and Word (python-docx), drawn from the minutes'
stored content, so that the printed text is the signed one; addenda are printed after it.

Both documents carry the same parts, built once by ``sections`` (the way supervision orders print,
oversight.orders.printing)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from sunshine.catalog.book import book_font
from sunshine.core import clock

DATETIME = "%Y年%m月%d日 %H:%M"


def _when(value) -> str:
    return clock.local(value).strftime(DATETIME) if value else "—"


def _item_lines(item: dict) -> list[tuple[str, str]]:
    lines = []
    if item.get("urgent"):
        lines.append((_("临时动议"), item.get("urgent_reason", "")))
    for r in item.get("recusals", []):
        lines.append((_("回避"), f"{r['name']}（{r['reason']}）"))
    for o in item.get("opinions", []):
        lines.append((_("发言%(n)s") % {"n": o["seq"]}, f"{o['name']}：{o['position']}。{o['reason']}"))
    vote = item.get("vote")
    if vote:
        counts = _("赞成 %(yes)s，反对 %(no)s，弃权 %(abstain)s，应到会成员 %(due)s") % {
            "yes": vote["yes"],
            "no": vote["no"],
            "abstain": vote["abstain"],
            "due": vote["members_due"],
        }
        lines.append((_("表决"), f"{vote['method']}：{counts}"))
        if vote.get("ballots"):
            lines.append((_("记名表决"), "；".join(f"{b['name']}：{b['choice']}" for b in vote["ballots"])))
    outcome = item.get("outcome") or "—"
    if item.get("outcome_reason"):
        outcome += f"（{item['outcome_reason']}）"
    if item.get("changes"):
        outcome += "　" + _("修改意见") + "：" + item["changes"]
    lines.append((_("结果"), outcome))
    return lines


def sections(minutes) -> dict:
    content = minutes.content
    absent = "；".join(
        f"{a['name']}（{a['reason']}）"
        + (f"，{_('书面意见')}：{a['written_opinion']}" if a.get("written_opinion") else "")
        for a in content.get("absent", [])
    )
    rows = [
        (_("会议名称"), f"{content['title']}（{content['kind']}）"),
        (_("时间地点"), f"{content['starts_at']}　{content['place']}"),
        (_("主持人"), content["chair"]),
        (_("记录人"), content["recorder"]),
        (_("出席"), "、".join(content.get("present", [])) or "—"),
        (_("缺席"), absent or "—"),
        (_("列席"), "、".join(content.get("non_voting", [])) or "—"),
    ]
    items = [
        (
            _("议题%(n)s：%(title)s（%(kind)s）") % {"n": i["order"], "title": i["title"], "kind": i["kind"]},
            _item_lines(i),
        )
        for i in content.get("items", [])
    ]
    addenda = [
        (f"{_when(a.at)} {a.author.full_name or a.author.username}", f"{a.text}（{_('理由')}：{a.reason}）")
        for a in minutes.addenda.select_related("author")
    ]
    return {
        "title": _("重大事项集体决策会议纪要"),
        "number": minutes.number,
        "confidentiality": _("密级") + "：" + minutes.get_confidentiality_display(),
        "rows": rows,
        "items": items,
        "signatures": [
            (_("主持人签发"), f"{content['chair']}　{_when(minutes.chair_signed_at)}"),
            (_("记录人签名"), f"{content['recorder']}　{_when(minutes.recorder_signed_at)}"),
        ],
        "addenda": addenda,
    }


def minutes_pdf(minutes) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = book_font()
    doc = sections(minutes)
    base = ParagraphStyle("base", fontName=font, fontSize=11, leading=18, wordWrap="CJK")
    title = ParagraphStyle("title", parent=base, fontSize=20, leading=30, alignment=TA_CENTER)
    center = ParagraphStyle("center", parent=base, alignment=TA_CENTER)
    right = ParagraphStyle("right", parent=base, alignment=TA_RIGHT)
    head = ParagraphStyle("head", parent=base, fontSize=13, leading=20, spaceBefore=10, spaceAfter=4)

    def p(text, style=base):
        return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)

    def table(rows):
        t = Table([[p(k), p(v)] for k, v in rows], colWidths=[30 * mm, 140 * mm])
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
        p(doc["title"], title),
        p(doc["number"], center),
        p(doc["confidentiality"], right),
        Spacer(1, 4 * mm),
    ]
    story.append(table(doc["rows"]))
    for heading, lines in doc["items"]:
        story += [p(heading, head), table(lines)]
    story += [Spacer(1, 6 * mm), table(doc["signatures"])]
    if doc["addenda"]:
        story += [p(_("更正记录"), head), table(doc["addenda"])]
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer, pagesize=A4, title=f"{doc['title']} {doc['number']}", leftMargin=20 * mm, rightMargin=20 * mm
    ).build(story)
    return buffer.getvalue()


def minutes_docx(minutes) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = sections(minutes)
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")

    def para(text, *, align=None, size=None, bold=False):
        paragraph = document.add_paragraph()
        run = paragraph.add_run(text)
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

    para(doc["title"], align=WD_ALIGN_PARAGRAPH.CENTER, size=20, bold=True)
    para(doc["number"], align=WD_ALIGN_PARAGRAPH.CENTER)
    para(doc["confidentiality"], align=WD_ALIGN_PARAGRAPH.RIGHT)
    table(doc["rows"])
    for heading, lines in doc["items"]:
        para(heading, size=14, bold=True)
        table(lines)
    para("")
    table(doc["signatures"])
    if doc["addenda"]:
        para(_("更正记录"), size=14, bold=True)
        table(doc["addenda"])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def quarter_sections(record) -> dict:
    """The quarterly record (SUP-112) as labelled rows and tables, shared by the page and the PDF."""
    c = record.counts
    counts = [
        (_("召开会议"), c["meetings"]),
        (_("作出结果的议题"), c["decided"]),
        (_("通过"), c["adopted"]),
        (_("未通过"), c["rejected"]),
        (_("暂缓或退回"), c["deferred"]),
        (_("人事事项无记名投票"), c["personnel_secret"]),
        (_("被拒绝的违规操作"), c["refused"]),
        (_("临时动议（紧急议题）"), c["urgent"]),
        (_("主持人裁定与表决结果不一致"), c["departures"]),
        (_("未达到法定人数作出的结果"), c["without_quorum"]),
        (_("分解落实任务"), c["tasks"]),
        (_("完成跟踪评估"), c["evaluations"]),
        (_("待上会议题前置程序不全"), c["missing"]),
        (_("办公室审核超期"), c["late_checks"]),
    ]
    items = [
        [
            clock.local(r["item"].decided_at).strftime("%Y-%m-%d"),
            r["item"].meeting.body.name,
            r["item"].topic.title,
            r["item"].topic.get_kind_display(),
            (
                f"{r['vote'].get_method_display()} {r['vote'].yes}/{r['vote'].members_due}"
                if r["vote"] is not None and r["vote"].closed_at
                else "—"
            ),
            r["item"].get_outcome_display() + ("（" + _("临时动议") + "）" if r["item"].urgent else ""),
        ]
        for r in record.items
    ]
    notices = [
        [clock.local(n.at).strftime("%Y-%m-%d"), n.body.name, n.get_kind_display(), n.rule, n.message]
        for n in record.notices
    ]
    return {
        "title": _("三重一大决策制度执行情况季度检查"),
        "period": f"{record.label}（{record.start:%Y-%m-%d} — {record.end:%Y-%m-%d}）",
        "counts": counts,
        "items": items,
        "notices": notices,
    }


def quarter_pdf(record) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = book_font()
    doc = quarter_sections(record)
    base = ParagraphStyle("base", fontName=font, fontSize=10, leading=15, wordWrap="CJK")
    title = ParagraphStyle("title", parent=base, fontSize=18, leading=28, alignment=TA_CENTER)
    center = ParagraphStyle("center", parent=base, alignment=TA_CENTER)
    head = ParagraphStyle("head", parent=base, fontSize=13, leading=20, spaceBefore=10, spaceAfter=4)

    def p(text, style=base):
        return Paragraph(escape(str(text)), style)

    def table(rows, widths):
        t = Table(
            [[p(cell) for cell in row] for row in rows], colWidths=[w * mm for w in widths], repeatRows=1
        )
        t.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f3f3")),
                ]
            )
        )
        return t

    story = [p(doc["title"], title), p(doc["period"], center), Spacer(1, 4 * mm)]
    story += [p(_("统计"), head), table([[_("项目"), _("数量")], *doc["counts"]], [120, 50])]
    story.append(p(_("议题清单"), head))
    if doc["items"]:
        headers = [_("日期"), _("单位"), _("议题"), _("类别"), _("表决"), _("结果")]
        story.append(table([headers, *doc["items"]], [24, 30, 48, 24, 24, 20]))
    else:
        story.append(p(_("本季度无")))
    story.append(p(_("纪检提示"), head))
    if doc["notices"]:
        story.append(
            table(
                [[_("日期"), _("单位"), _("类别"), _("规则"), _("说明")], *doc["notices"]],
                [24, 30, 30, 18, 68],
            )
        )
    else:
        story.append(p(_("本季度无")))
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer, pagesize=A4, title=f"{doc['title']} {doc['period']}", leftMargin=15 * mm, rightMargin=15 * mm
    ).build(story)
    return buffer.getvalue()
