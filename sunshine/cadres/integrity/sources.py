"""The integrity-file entries of the apps that existed before the cadres app (cadres.file_sources):
accountability outcomes, alerts and supervision orders, decisions and petitions reports naming the
cadre. Each function is listed on its own app's AppConfig (``integrity_sources``), reads through an
index on the person and writes nothing.

Veto periods (SUP-116) come from the sanction's name in the accountability catalogue
(accountability.catalogue.SANCTIONS), counted in calendar months from the decision:

* SUP-116(3): a Party sanction's no-promotion period (警告 12 months, 严重警告 18, 党纪处分 without
  its kind 24, the longest short of expulsion) and an admonition (诫勉) until lifted: the body's
  ``admonition_effect_months`` (the talks area's setting, 6 months by default), the body being that of
  the cadre's unit, so that an admonition recorded as a sanction and an admonition talk agree;
* SUP-116(4): a lighter outcome (通报批评, a written self-criticism, a public apology...) for half a
  year: the last day of the half year still vetoes ("尚未超过半年");
* SUP-116(6): held accountable by organisational handling (调整岗位、停职、引咎辞职、免职...) for 12
  months, the period of the accountability regulations for such cadres.

A sanction a body added with another name falls back on its severity tier (minor 6, serious 12,
grave 24). Where each figure comes from (the seed gives only SUP-116(4)'s half year; 警告/严重警告
are the Party disciplinary regulations' periods; the rest are product defaults):
docs/decisions/0020-integrity-sanction-periods.md.

An accountability case still being investigated vetoes until it is concluded (SUP-116(2)); one in
preliminary verification suggests deferral (SUP-118(1)).
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from sunshine.cadres.file_sources import FileEntry
from sunshine.core import clock

# name → (months, SUP-116 clause); sources of each figure: docs/decisions/0020-integrity-sanction-periods.md
SANCTION_PERIODS: dict[str, tuple[int, str]] = {
    "责令书面检查": (6, "SUP-116(4)"),
    "责令公开检讨": (6, "SUP-116(4)"),
    "诫勉谈话": (6, "SUP-116(3)"),
    "集体诫勉谈话": (6, "SUP-116(3)"),
    "取消当年评优评先资格": (6, "SUP-116(4)"),
    "公开道歉": (6, "SUP-116(4)"),
    "通报批评": (6, "SUP-116(4)"),
    "年度考核确定为不称职": (12, "SUP-116(6)"),
    "警告": (12, "SUP-116(3)"),
    "严重警告": (18, "SUP-116(3)"),
    "调整工作岗位": (12, "SUP-116(6)"),
    "停职检查": (12, "SUP-116(6)"),
    "劝其引咎辞职": (12, "SUP-116(6)"),
    "责令辞职": (12, "SUP-116(6)"),
    "建议免职": (12, "SUP-116(6)"),
    "组织处理": (12, "SUP-116(6)"),
    "党纪处分": (24, "SUP-116(3)"),
}
# Product defaults (ADR 0020): a sanction a body added, by its catalogue tier.
TIER_PERIODS: dict[str, tuple[int, str]] = {
    "minor": (6, "SUP-116(4)"),
    "serious": (12, "SUP-116(6)"),
    "grave": (24, "SUP-116(6)"),
}


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; the month's last day when it has no such day (31 Aug + 6 → 28/29
    Feb), so that "half a year" never reaches into the following month."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# The admonitions whose period is the body's setting, not the table's 6 months (SUP-116(3)).
ADMONITIONS = frozenset({"诫勉谈话", "集体诫勉谈话"})


def sanction_period(name: str, tier: str, *, admonition_months: int | None = None) -> tuple[int, str]:
    """``(months, clause)`` of a sanction; an admonition's months are ``admonition_months`` (the body's
    ``admonition_effect_months``) when given, else the table's product default."""
    if name in ADMONITIONS and admonition_months is not None:
        return admonition_months, "SUP-116(3)"
    return SANCTION_PERIODS.get(name) or TIER_PERIODS.get(tier, (12, "SUP-116(6)"))


def admonition_months(person, case_body) -> int:
    """The admonition's effect period of the body of the cadre's unit (the case's body when the
    cadre has no unit): the talks area's setting, also used by admonition talks (SUP-116(3))."""
    from sunshine.cadres.integrity.services import body_of, cadre_body
    from sunshine.cadres.talks.services import settings_of

    body = cadre_body(person) or body_of(case_body)
    return settings_of(body).admonition_effect_months


def _day(value: dt.datetime | None) -> dt.date | None:
    return clock.local(value).date() if value else None


_MARK = 987654321


def _urls(name: str):
    """``pk -> url`` of a page named ``name``, resolved once per call of a source rather than once
    per entry (a file of hundreds of alerts spent a tenth of its time in reverse())."""
    before, after = reverse(name, args=[_MARK]).split(str(_MARK))
    return lambda pk: f"{before}{pk}{after}"


# --- accountability ---------------------------------------------------------------------------------


def accountability(person, *, today: dt.date):
    """问责: outcomes with their veto periods (SUP-116), open investigations (SUP-116(2)), preliminary
    verification (SUP-118(1)). Reads by the (person, decided_at) index."""
    from sunshine.accountability.choices import ReviewOutcome, Status
    from sunshine.accountability.models import AccountabilityCase

    cases = (
        AccountabilityCase.objects.filter(person=person)
        .only(
            "id",
            "number",
            "status",
            "subject",
            "created_at",
            "opened_at",
            "decided_at",
            "tier",
            "body",
            "deciding_body",
            "decision_text",
            "review_outcome",
            "review_decided_at",
            "dismissed_reason",
            "transfer_note",
        )
        .prefetch_related("sanctions")
    )
    url_of = _urls("accountability:detail")
    admonition = None
    for c in cases:
        url = url_of(c.pk)
        source = f"accountability.accountabilitycase:{c.pk}"
        status = Status(c.status)
        if status == Status.VERIFYING:
            yield FileEntry(
                section="accountability",
                occurred_on=_day(c.created_at),
                title=_("问责线索初步核实中：%(s)s") % {"s": c.subject},
                summary=_("%(n)s，纪检监察机构尚在初核") % {"n": c.number},
                source=source,
                url=url,
                defers=True,
                rule="SUP-118(1)",
            )
        elif status in (Status.INVESTIGATING, Status.REPORTED):
            yield FileEntry(
                section="accountability",
                occurred_on=_day(c.opened_at or c.created_at),
                title=_("已启动问责调查：%(s)s") % {"s": c.subject},
                summary=_("%(n)s，%(st)s，尚未作出决定") % {"n": c.number, "st": status.label},
                source=source,
                url=url,
                veto_open=True,
                rule="SUP-116(2)",
            )
        elif status == Status.DISMISSED:
            yield FileEntry(
                section="accountability",
                occurred_on=_day(c.created_at),
                title=_("经初核不予问责：%(s)s") % {"s": c.subject},
                summary=f"{c.number}　{c.dismissed_reason}",
                source=source,
                url=url,
            )
        else:
            decided = _day(c.decided_at)
            names = []
            until, rule = None, ""
            revoked = c.review_outcome == ReviewOutcome.REVOKED
            for s in c.sanctions.all():
                if s.name in ADMONITIONS and admonition is None:  # read once, and only when needed
                    admonition = admonition_months(person, c.body)
                months, clause = sanction_period(s.name, s.tier or c.tier, admonition_months=admonition)
                end = add_months(decided, months)
                names.append(
                    _("%(name)s（%(m)d个月，至%(end)s，%(rule)s）")
                    % {"name": s.name, "m": months, "end": end.isoformat(), "rule": clause}
                )
                if until is None or end > until:
                    until, rule = end, clause
            summary = _("%(n)s，%(body)s决定：%(names)s") % {
                "n": c.number,
                "body": c.deciding_body or "—",
                "names": "；".join(names) or "—",
            }
            if revoked:
                summary += "　" + _("经申诉复核撤销原决定")
                until, rule = None, ""
            if c.transfer_note:
                summary += "　" + _("移送：%(t)s") % {"t": c.transfer_note}
            yield FileEntry(
                section="accountability",
                occurred_on=decided,
                title=_("受到问责：%(s)s") % {"s": c.subject},
                summary=summary,
                source=source,
                url=url,
                vetoes_until=until,
                rule=rule,
            )


# --- oversight --------------------------------------------------------------------------------------


def oversight(person, *, today: dt.date):
    """电子监察: the alerts and supervision orders naming the cadre as responsible person (the
    partial index on Alert.responsible, the foreign-key index on SupervisionOrder.responsible)."""
    from sunshine.oversight.models import Alert, SupervisionOrder

    alerts = (
        Alert.objects.filter(responsible=person)
        .values("id", "level", "kind", "status", "message", "raised_at", "case__number")
        .order_by("-raised_at")
    )
    levels = {"yellow": _("黄牌预警"), "red": _("红牌预警")}
    alert_url = _urls("oversight:alert_detail")
    for a in alerts:
        yield FileEntry(
            section="oversight",
            occurred_on=_day(a["raised_at"]),
            title=f"{levels.get(a['level'], a['level'])}：{a['case__number']}",
            summary=a["message"],
            source=f"oversight.alert:{a['id']}",
            url=alert_url(a["id"]),
        )
    orders = SupervisionOrder.objects.filter(responsible=person).values(
        "id", "number", "subject", "status", "issued_at", "replied_at", "reply_due"
    )
    order_url = _urls("oversight:order_detail")
    for o in orders:
        late = (o["replied_at"] or clock.now()) > o["reply_due"]
        yield FileEntry(
            section="oversight",
            occurred_on=_day(o["issued_at"]),
            title=_("督办通知书%(n)s：%(s)s") % {"n": o["number"], "s": o["subject"]},
            summary=_("逾期未答复") if late and not o["replied_at"] else (_("逾期答复") if late else ""),
            source=f"oversight.supervisionorder:{o['id']}",
            url=order_url(o["id"]),
        )


# --- decisions --------------------------------------------------------------------------------------


def decisions(person, *, today: dt.date):
    """三重一大: the topics the cadre was responsible leader of (分管领导)."""
    from sunshine.decisions.choices import TopicStatus
    from sunshine.decisions.models import Topic

    topics = Topic.objects.filter(responsible_leader=person).values(
        "id", "title", "status", "created_at", "decided_at", "kind"
    )
    topic_url = _urls("decisions:topic_detail")
    for t in topics:
        yield FileEntry(
            section="decisions",
            occurred_on=_day(t["decided_at"] or t["created_at"]),
            title=_("分管议题：%(t)s") % {"t": t["title"]},
            summary=str(TopicStatus(t["status"]).label),
            source=f"decisions.topic:{t['id']}",
            url=topic_url(t["id"]),
        )


# --- petitions --------------------------------------------------------------------------------------


def petitions(person, *, today: dt.date):
    """信访举报: the items whose named subject (被反映人, Petition.accused_person) is the cadre's staff
    record. An open report (举报) is a specific lead not yet concluded: deferral (SUP-118)."""
    from sunshine.org.models import Person
    from sunshine.petitions.choices import OPEN_STATUSES, PetitionKind
    from sunshine.petitions.models import Petition

    people = list(Person.objects.filter(user=person).values_list("id", flat=True))
    if not people:
        return
    items = Petition.objects.filter(accused_person__in=people).values(
        "id", "code", "kind", "subject", "status", "received_at"
    )
    petition_url = _urls("petitions:detail")
    for p in items:
        open_report = p["kind"] == PetitionKind.REPORT and p["status"] in OPEN_STATUSES
        yield FileEntry(
            section="petitions",
            occurred_on=_day(p["received_at"]),
            title=_("被反映：%(s)s") % {"s": p["subject"]},
            summary=f"{p['code']}　{PetitionKind(p['kind']).label}"
            + ("　" + _("尚在核查办理") if open_report else ""),
            source=f"petitions.petition:{p['id']}",
            url=petition_url(p["id"]),
            defers=open_report,
            rule="SUP-118(1)" if open_report else "",
        )
