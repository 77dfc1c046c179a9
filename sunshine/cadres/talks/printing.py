"""The printable documents of talks and letters (SUP-244, SUP-247), as PDF and Word, with the layout of
oversight.orders.printing (the Chinese font embedded):

* the notice (通知书): 约谈通知书 / 谈话通知书 with time, place and topic; 函询通知 with the questions and
  the reply deadline, followed, once replied, by the point-by-point reply (the reply form);
* the approval form (审批表): the subject, the reason, the outline or questions, the approval.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from sunshine.cadres.talks.choices import Kind
from sunshine.core import clock
from sunshine.core.errors import Conflict
from sunshine.oversight.orders.printing import render_docx, render_pdf

DATE = "%Y年%m月%d日"
DATETIME = "%Y年%m月%d日 %H:%M"


def _when(value, fmt=DATETIME) -> str:
    return clock.local(value).strftime(fmt) if value else "—"


def _name(user) -> str:
    return (user.full_name or user.username) if user else "—"


def _half_day(value) -> str:
    return _("上午") if clock.local(value).hour < 12 else _("下午")


def notice_sections(talk, *, with_reply: bool) -> dict:
    if talk.notice_issued_at is None:
        raise Conflict("not_notified", _("尚未发出通知书（SUP-244）"), rule="SUP-244")
    replies = []
    if talk.kind == Kind.INQUIRY:
        title = _("关于%(name)s同志有关问题的函询通知") % {"name": talk.subject_name}
        intro = _(
            "根据%(basis)s，现就下列问题向你函询。请于回复期限前，对所列问题逐条作出书面说明，并提出整改措施；"
            "因特殊情况不能按时回复的，须经纪检组同意延期。"
        ) % {"basis": _("《工作函询及约谈制度》")}
        rows = [(_("问题%(n)d") % {"n": i}, q) for i, q in enumerate(talk.questions, start=1)]
        rows.append((_("回复期限"), _when(talk.reply_due_at, DATE)))
        if talk.extension_workdays:
            rows.append((_("同意延期"), _("%(n)d个工作日") % {"n": talk.extension_workdays}))
        if with_reply and talk.replied_at:
            lines = [
                (_("被函询人"), f"{talk.subject_name}　{talk.subject_post}".strip()),
                *[(_("对问题%(n)d的说明") % {"n": i}, a) for i, a in enumerate(talk.reply_answers, start=1)],
                (_("整改措施"), talk.reply_measures or "—"),
                (_("回复时间"), _when(talk.replied_at) + (_("（逾期）") if talk.reply_late else "")),
            ]
            if talk.conclusion:
                lines.append((_("纪检组意见"), talk.conclusion))
            replies.append((_("函询回复"), lines))
    else:
        title = _("约谈通知书") if talk.kind == Kind.SUMMONS else _("谈话通知书")
        intro = _("根据%(basis)s，经批准，定于下列时间、地点与你谈话，请准时参加，不得借故推托、拖延。") % {
            "basis": _("《工作函询及约谈制度》") if talk.kind == Kind.SUMMONS else _("《廉政、诫勉谈话制度》")
        }
        rows = [
            (_("谈话类别"), Kind(talk.kind).label),
            (
                _("时间"),
                f"{_when(talk.scheduled_at, DATE)}（{_half_day(talk.scheduled_at)}）"
                f"{_when(talk.scheduled_at, '%H:%M')}",
            ),
            (_("地点"), talk.place),
            (_("事由"), talk.reason),
        ]
    return {
        "title": title,
        "number": talk.number,
        "to": _("%(name)s同志：") % {"name": talk.subject_name},
        "intro": intro,
        "rows": rows,
        "replies": replies,
        "issuer": talk.body.name,
        "date": _when(talk.notice_issued_at, DATE),
    }


def approval_sections(talk, *, with_content: bool) -> dict:
    rows = [
        (_("对象"), talk.subject_name),
        (_("单位及职务"), talk.subject_post or "—"),
        (_("类别"), Kind(talk.kind).label),
        (_("事由"), talk.reason),
    ]
    if talk.kind == Kind.INQUIRY:
        rows += [(_("问题%(n)d") % {"n": i}, q) for i, q in enumerate(talk.questions, start=1)]
    else:
        rows.append((_("谈话提纲"), talk.outline or "—"))
        rows.append((_("谈话人"), _name(talk.talker)))
    rows.append((_("拟办人"), f"{_name(talk.created_by)}　{_when(talk.created_at)}"))
    approval = _("待审批")
    if talk.approved_at:
        approval = f"{talk.approval_opinion}　{_name(talk.approver)}　{_when(talk.approved_at)}"
    rows.append((_("领导审批意见"), approval))
    if with_content and talk.held_at:
        rows.append((_("谈话情况小结"), talk.record_content))
    return {
        "title": _("%(kind)s呈报审批表") % {"kind": Kind(talk.kind).label},
        "number": talk.number,
        "to": "",
        "intro": _("依据%(basis)s第五条，报请审批。") % {"basis": _("《工作函询及约谈制度》")},
        "rows": rows,
        "replies": [],
        "issuer": talk.body.name,
        "date": _when(talk.created_at, DATE),
    }


def render(doc: dict, fmt: str) -> bytes:
    return render_pdf(doc) if fmt == "pdf" else render_docx(doc)
