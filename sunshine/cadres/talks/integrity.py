"""What talks and letters give to a cadre's integrity file (廉政档案, SUP-218, SUP-240, SUP-248) and
to electronic supervision (their open reply deadlines).

``entries`` is listed in ``CadresConfig.integrity_sources``; ``open_clocks`` in ``watched_clocks``.
Neither writes; both read through the indexes on (subject, kind) and (status, reply_due_at).
An entry carries the procedure, never the content: the file's readers are approved case by case,
the content stays with the discipline office (SUP-248).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from sunshine.cadres.file_sources import FileEntry
from sunshine.cadres.talks.choices import Kind, Outcome, Status
from sunshine.cadres.talks.models import Talk
from sunshine.core import clock
from sunshine.oversight.watched import WatchedClock


def _url(talk) -> str:
    return reverse("cadres:talks_detail", args=[talk.pk])


def _summary(talk) -> str:
    parts = [talk.get_status_display()]
    if talk.outcome:
        parts.append(Outcome(talk.outcome).label)
    if talk.reply_late:
        parts.append(_("逾期回复"))
    if talk.plan_late:
        parts.append(_("整改方案逾期"))
    return "；".join(str(part) for part in parts)  # labels are lazy translations


def entries(person, *, today: dt.date) -> Iterator[FileEntry]:
    """The person's talks and letters that took place (held, notified or later), as file entries.
    An admonition talk vetoes promotion until its effect period ends (SUP-116 (3))."""
    talks = (
        Talk.objects.filter(Q(subject=person) | Q(participants=person))
        .exclude(status__in=(Status.DRAFT, Status.APPROVED))
        .only(
            "pk",
            "kind",
            "status",
            "number",
            "outcome",
            "reply_late",
            "plan_late",
            "held_at",
            "notice_issued_at",
            "effect_until",
            "subject_id",
        )
        .distinct()
        .order_by("pk")
    )
    for talk in talks:
        occurred = clock.local(talk.held_at or talk.notice_issued_at).date()
        admonition = talk.kind == Kind.ADMONITION and talk.effect_until is not None
        yield FileEntry(
            section="letters" if talk.kind == Kind.INQUIRY else "talks",
            occurred_on=occurred,
            title=f"{Kind(talk.kind).label} {talk.number}",
            summary=_summary(talk)
            + (_("；诫勉影响期至%(day)s") % {"day": talk.effect_until.isoformat()} if admonition else ""),
            source=f"cadres.talk:{talk.pk}",
            url=_url(talk),
            vetoes_until=talk.effect_until if admonition else None,
            rule="SUP-116(3)" if admonition else "",
        )


def open_clocks(*, due_before: dt.datetime) -> Iterator[WatchedClock]:
    """The letters awaiting their written reply whose deadline (with any consented extension) falls
    before ``due_before`` (SUP-247): the oversight scan warns yellow and red on them."""
    talks = Talk.objects.filter(status=Status.NOTIFIED, kind=Kind.INQUIRY, reply_due_at__lt=due_before).only(
        "pk", "body_id", "reply_due_at", "subject_id", "number"
    )
    for talk in talks.order_by("reply_due_at", "pk"):
        yield WatchedClock(
            key=f"cadres.talk:{talk.pk}:reply",
            body_id=talk.body_id,
            due_at=talk.reply_due_at,
            rule="SUP-247",
            label=_("函询书面回复（%(number)s）") % {"number": talk.number},
            url=_url(talk),
            responsible_id=talk.subject_id,
        )
