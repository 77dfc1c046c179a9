"""Reads of the petitions app: ordered, scope-filtered querysets (STYLE §2).

What a member of staff sees: the items of the units in their scope for ``petitions.view`` and the
items assigned to them; never a report on a leader unless they belong to the discipline office
(``petitions.discipline``, PTN-4), and never an item that accuses them (PET-11).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from sunshine.core import clock
from sunshine.core.errors import NotFound
from sunshine.core.permissions import scope_q
from sunshine.petitions.choices import OPEN_STATUSES
from sunshine.petitions.models import Petition, PetitionAlert, PetitionAssignment


def visible_q(actor, prefix: str = "") -> Q:
    """The items ``actor`` may read (see the module's docstring)."""
    assigned = Exists(
        PetitionAssignment.objects.filter(
            petition=OuterRef(f"{prefix}pk" if prefix else "pk"), handler=actor, ended_at__isnull=True
        )
    )
    readable = scope_q(actor, "petitions.view", f"{prefix}unit") | Q(assigned)
    wall = Q(**{f"{prefix}discipline_only": False}) | scope_q(actor, "petitions.discipline", f"{prefix}unit")
    accused = Q(**{f"{prefix}accused_person__user": actor})
    return readable & wall & ~accused


def petition_list(
    *, actor, status: str = "", kind: str = "", late: bool = False, mine: bool = False
) -> QuerySet[Petition]:
    qs = Petition.objects.filter(visible_q(actor)).select_related("body", "unit")
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if late:
        qs = qs.filter(status__in=OPEN_STATUSES, due_at__lt=clock.now())
    if mine:
        qs = qs.filter(assignments__handler=actor, assignments__ended_at__isnull=True)
    return qs.order_by("-received_at", "-id")


def petition_get(*, actor, pk: int) -> Petition:
    petition = (
        Petition.objects.filter(visible_q(actor), pk=pk)
        .select_related("body", "unit", "registered_by", "accused_person")
        .first()
    )
    if petition is None:
        raise NotFound("not_found", _("记录不存在或不在您的数据范围内"), rule="SEC-7")
    return petition


def current_handlers(petition: Petition):
    return [a.handler for a in petition.assignments.filter(ended_at__isnull=True).select_related("handler")]


def alert_list(*, actor, level: str = "", include_resolved: bool = False) -> QuerySet[PetitionAlert]:
    """Alerts of the items the actor may read, for holders of ``petitions.supervise`` in scope."""
    qs = PetitionAlert.objects.filter(visible_q(actor, "petition__")).filter(
        scope_q(actor, "petitions.supervise", "petition__unit")
    )
    if not include_resolved:
        qs = qs.filter(resolved_at__isnull=True)
    if level:
        qs = qs.filter(level=level)
    return qs.select_related("petition", "petition__body", "petition__unit").order_by("level", "due_at", "id")


def alert_counts(*, actor) -> dict[str, int]:
    qs = alert_list(actor=actor)
    return {
        "red": qs.filter(level="red").count(),
        "yellow": qs.filter(level="yellow").count(),
    }
