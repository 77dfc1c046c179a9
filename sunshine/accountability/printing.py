"""The printable accountability decision (问责决定书, ACC-10) with the person's rights (ACC-11), as PDF
and Word, rendered by oversight.orders.printing's document renderers (same layout as 督办通知书)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sunshine.accountability import clocks
from sunshine.accountability.choices import Share
from sunshine.core import clock
from sunshine.core.errors import Conflict
from sunshine.oversight.orders.printing import render_docx, render_pdf

DATE = "%Y年%m月%d日"


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
    rights = [
        (
            _("申诉权利"),
            _(
                "如不服本决定，可自收到本决定书之日起%(n)d个工作日内向%(body)s提出申诉；申诉期间不停止本决定的执行（ACC-11）。"
            )
            % {"n": clocks.APPEAL_DAYS, "body": acase.deciding_body},
        )
    ]
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


def decision_pdf(acase) -> bytes:
    return render_pdf(sections(acase))


def decision_docx(acase) -> bytes:
    return render_docx(sections(acase))
