"""Rows of the discipline office's dashboard of open cadre matters (CadresConfig.open_matters): each
function takes the actor and returns ``services.OpenMatter`` rows of its area in the actor's scope."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from sunshine.cadres.integrity.services import OpenMatter, name_of
from sunshine.core import clock


def accountability(actor):
    """Open accountability cases with the clock each runs on (ACC-9..11)."""
    from sunshine.accountability import clocks, selectors
    from sunshine.core.permissions import has_permission

    if not has_permission(actor, "accountability.manage"):
        return []
    rows = []
    for acase in selectors.case_list(actor=actor, open_only=True)[:500]:
        running = clocks.current(acase)
        rows.append(
            OpenMatter(
                area=_("问责案件"),
                title=f"{acase.number} {acase.subject}",
                person=acase.target_name,
                clock_label=running.label if running else acase.get_status_display(),
                due=running.due if running else None,
                late=bool(running and running.late),
                url=reverse("accountability:detail", args=[acase.pk]),
                rule=running.rule if running else "",
            )
        )
    return rows


def opinions(actor):
    """Pre-promotion opinions still to answer, with their due time (SUP-115)."""
    from sunshine.cadres.integrity.models import OpinionStatus, PromotionOpinion
    from sunshine.core.permissions import scope_filter

    pending = scope_filter(
        PromotionOpinion.objects.filter(status=OpinionStatus.REQUESTED), actor, "cadres.supervise", "body"
    ).select_related("cadre")
    now = clock.now()
    return [
        OpenMatter(
            area=_("拟提拔任用干部征求意见"),
            title=_("拟任%(post)s") % {"post": o.proposed_post},
            person=name_of(o.cadre),
            clock_label=_("党风廉政意见回复（%(n)d个工作日）") % {"n": o.workdays},
            due=o.due_at,
            late=now > o.due_at,
            url=reverse("cadres:integrity_opinion", args=[o.pk]),
            rule="SUP-115",
        )
        for o in pending[:500]
    ]
