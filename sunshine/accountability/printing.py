"""The printable documents of an accountability case, as PDF and Word, rendered by
oversight.orders.printing's document renderers (same layout as 督办通知书): the opening notice
(启动问责通知书, ACC-6..8), the investigation report (问责调查报告, ACC-9), the decision (问责决定书,
ACC-10) with the person's rights (ACC-11), and the review decision (复核决定书, ACC-11). Each is
printable once its step is done; ``DOCUMENTS`` names them for the print page."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunshine.accountability import clocks
from sunshine.accountability.choices import Share
from sunshine.core import clock
from sunshine.core.errors import Conflict
from sunshine.oversight.orders.printing import render_docx, render_pdf

DATE = "%Y年%m月%d日"


def rights_text(acase) -> str:
    """The rights the decision states to the person (ACC-10): the appeal and its window (ACC-11)."""
    return _(
        "如不服本决定，可自收到本决定书之日起%(n)d个工作日内向%(body)s提出申诉；申诉期间不停止本决定的执行（ACC-11）。"
    ) % {"n": clocks.APPEAL_DAYS, "body": acase.deciding_body}


def sections(acase) -> dict:
    """问责决定书: the matter, facts, grounds, responsibility, tier and sanctions, and the rights."""
    if acase.decided_at is None:
        raise Conflict("not_decided", _("尚未作出问责决定，不能打印决定书（ACC-10）"), rule="ACC-10")
    shares = [
        f"{r.user.full_name or r.user.username}：{Share(r.share).label}"
        for r in acase.responsibilities.filter(superseded_at__isnull=True).exclude(share=Share.NONE)
    ]
    rows = [
        (_("问责事项"), acase.subject),
        (_("具体事实"), acase.report_facts),
        (_("基本结论"), acase.report_conclusion),
        (_("问责情形"), "\n".join(f"{g.rule}（{g.number}）{g.text}" for g in acase.grounds.all()) or "—"),
        (_("责任认定"), "\n".join(shares) or "—"),
        (_("认定情节"), acase.get_tier_display()),
        (_("问责方式"), "、".join(s.name for s in acase.sanctions.order_by("rank"))),
        (_("决定内容"), acase.decision_text),
    ]
    if acase.transfer_note:
        rows.append((_("移送纪律审查或司法机关"), acase.transfer_note))
    rights = [(_("申诉权利"), rights_text(acase))]
    return {
        "title": _("问责决定书"),
        "number": acase.number,
        "to": _("%(name)s：") % {"name": acase.target_name},
        "intro": _("经调查核实，根据有关规定，现作出如下问责决定："),
        "rows": rows,
        "replies": [(_("告知事项"), rights)],
        "issuer": acase.deciding_body,
        "date": clock.local(acase.decided_at).strftime(DATE),
    }


def _name(user) -> str:
    return (user.full_name or user.username) if user else "—"


def _date(value) -> str:
    return clock.local(value).strftime(DATE) if value else "—"


def _team(acase) -> str:
    members = acase.members.filter(withdrawn_at__isnull=True).select_related("user")
    return "、".join(_name(m.user) + (_("（组长）") if m.is_leader else "") for m in members) or "—"


def opening_sections(acase) -> dict:
    """启动问责通知书 (ACC-6): the matter, who decided to open it, the team, the investigation clock
    (ACC-9); the person's duty to cooperate (ACC-7) and right to state and defend (ACC-8)."""
    if acase.opened_at is None:
        raise Conflict("not_opened", _("尚未启动问责，不能打印启动通知书（ACC-6）"), rule="ACC-6")
    rows = [
        (_("问责事项"), acase.subject),
        (_("线索来源"), acase.get_source_display()),
        (_("初步核实情况"), acase.verification),
        (_("问责情形"), "\n".join(f"{g.rule}（{g.number}）{g.text}" for g in acase.grounds.all()) or "—"),
        (_("启动决定人"), f"{_name(acase.opened_by)}　{_date(acase.opened_at)}"),
        (_("调查组"), _team(acase)),
        (_("调查期限"), _date(clocks.investigation_due(acase))),
    ]
    notices = [
        (
            _("配合调查"),
            _("被调查人应当如实说明情况、提供有关材料；干扰、阻碍调查的，可按程序暂停其职务（ACC-7）。"),
        ),
        (
            _("陈述申辩"),
            _("你有权进行陈述和申辩，调查组将听取并核实；理由成立的予以采纳，不因申辩而加重问责（ACC-8）。"),
        ),
        (_("回避"), _("调查组成员与你有利害关系、可能影响公正调查的，你可以申请其回避（ACC-12）。")),
    ]
    return {
        "title": _("启动问责通知书"),
        "number": acase.number,
        "to": _("%(name)s：") % {"name": acase.target_name},
        "intro": _("经初步核实，反映的问题基本属实，经研究决定对下列事项启动问责程序："),
        "rows": rows,
        "replies": [(_("告知事项"), notices)],
        "issuer": acase.body.name,
        "date": _date(acase.opened_at),
    }


def report_sections(acase) -> dict:
    """问责调查报告 (ACC-9): the specific facts, the basic conclusion, the recommendation; with the
    team, the statement and defence heard, the responsibility found and the factors recorded."""
    if acase.reported_at is None:
        raise Conflict("not_reported", _("尚未提交调查报告，不能打印（ACC-9）"), rule="ACC-9")
    shares = [
        f"{_name(r.user)}：{Share(r.share).label}（{r.rule}）"
        for r in acase.responsibilities.filter(superseded_at__isnull=True).select_related("user")
    ]
    statements = [
        f"{_date(st.heard_at)}　{st.statement}" + (f"；申辩：{st.defence}" if st.defence else "")
        for st in acase.statements.all()
    ]
    factors = [f"{f.get_kind_display()}：{f.get_code_display()}（{f.reason}）" for f in acase.factors.all()]
    due = clocks.investigation_due(acase)
    timing = _("按期") if acase.reported_at <= due else _("逾期")
    rows = [
        (_("问责事项"), acase.subject),
        (_("被调查人"), acase.target_name),
        (_("调查组"), _team(acase)),
        (_("调查期限"), f"{_date(due)}（{timing}）"),
        (_("具体事实"), acase.report_facts),
        (_("陈述申辩"), "\n".join(statements) or "—"),
        (_("责任认定"), "\n".join(shares) or "—"),
        (_("从重从轻情节"), "\n".join(factors) or "—"),
        (_("基本结论"), acase.report_conclusion),
        (_("问责建议"), acase.report_recommendation),
    ]
    return {
        "title": _("问责调查报告"),
        "number": acase.number,
        "to": _("%(body)s：") % {"body": acase.deciding_body or acase.body.name},
        "intro": _("现将调查情况报告如下："),
        "rows": rows,
        "replies": [],
        "issuer": _("调查组"),
        "date": _date(acase.reported_at),
    }


def review_sections(acase) -> dict:
    """复核决定书 (ACC-11): the appeal, the review's outcome and text, within 30 working days."""
    if acase.review_decided_at is None:
        raise Conflict("not_reviewed", _("尚未作出复核决定，不能打印（ACC-11）"), rule="ACC-11")
    rows = [
        (_("原问责决定"), f"{acase.number}　{_date(acase.decided_at)}"),
        (_("申诉时间"), _date(acase.appealed_at)),
        (_("申诉理由"), acase.appeal_reason),
        (_("复核结论"), acase.get_review_outcome_display()),
        (_("复核决定"), acase.review_text),
    ]
    if acase.sanctions.exists():
        rows.append((_("问责方式"), "、".join(s.name for s in acase.sanctions.order_by("rank"))))
    return {
        "title": _("申诉复核决定书"),
        "number": acase.number,
        "to": _("%(name)s：") % {"name": acase.target_name},
        "intro": _("你对问责决定提出的申诉收悉，经复核，决定如下："),
        "rows": rows,
        "replies": [
            (_("告知事项"), [(_("其他救济"), _("对复核决定仍不服的，可依照有关法律法规提出（ACC-11）。"))])
        ],
        "issuer": acase.deciding_body or acase.body.name,
        "date": _date(acase.review_decided_at),
    }


# slug → (name shown, the sections builder, whether the case has reached it)
DOCUMENTS = {
    "opening": (gettext_lazy("启动问责通知书"), opening_sections, lambda a: a.opened_at is not None),
    "report": (gettext_lazy("问责调查报告"), report_sections, lambda a: a.reported_at is not None),
    "decision": (gettext_lazy("问责决定书"), sections, lambda a: a.decided_at is not None),
    "review": (gettext_lazy("申诉复核决定书"), review_sections, lambda a: a.review_decided_at is not None),
}


def available(acase) -> list[tuple[str, str]]:
    """The documents the case has reached: (slug, name)."""
    return [(slug, str(name)) for slug, (name, _build, ready) in DOCUMENTS.items() if ready(acase)]


def document(acase, slug: str, fmt: str) -> bytes:
    build = DOCUMENTS[slug][1]
    return render_pdf(build(acase)) if fmt == "pdf" else render_docx(build(acase))


def decision_pdf(acase) -> bytes:
    return document(acase, "decision", "pdf")


def decision_docx(acase) -> bytes:
    return document(acase, "decision", "docx")
