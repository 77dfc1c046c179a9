"""Reads of talks and letters, within the actor's scope and the confidentiality of SUP-248."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from sunshine.cadres.talks.choices import OPEN_STATUSES, Kind, Status
from sunshine.cadres.talks.models import Talk
from sunshine.cadres.talks.services import APPROVE, SUPERVISE, audience, require_supervise
from sunshine.core.errors import NotFound
from sunshine.core.permissions import has_permission, scope_filter

RELATED = ("body", "subject", "talker", "approver", "extension_by", "recorder", "replied_by")


def talk_list(*, actor, open_only: bool = False, kind: str = "", status: str = "") -> QuerySet[Talk]:
    """The discipline office's talks and letters of its bodies, newest first (SUP-240), without
    those in which the actor is himself the subject or a participant."""
    require_supervise(actor)
    talks = (
        scope_filter(Talk.objects.all(), actor, SUPERVISE, "body")
        .exclude(subject=actor)
        .exclude(participants=actor)
        .select_related(*RELATED)
        .prefetch_related("participants")
    )
    if open_only:
        talks = talks.filter(status__in=OPEN_STATUSES)
    if kind:
        talks = talks.filter(kind=kind)
    if status:
        talks = talks.filter(status=status)
    return talks.order_by("-created_at", "-id")


def awaiting_approval(*, actor) -> QuerySet[Talk]:
    """The approval forms the competent leader may approve: his bodies', never his own (SUP-244)."""
    if not has_permission(actor, APPROVE):
        return Talk.objects.none()
    return (
        scope_filter(Talk.objects.filter(status=Status.DRAFT), actor, APPROVE, "body")
        .exclude(subject=actor)
        .exclude(participants=actor)
        .select_related(*RELATED)
        .prefetch_related("participants")
        .order_by("created_at", "id")
    )


def my_letters(*, actor) -> QuerySet[Talk]:
    """The letters sent to the actor (SUP-248: his own letter and reply), once the notice is out."""
    return (
        Talk.objects.filter(Q(subject=actor), kind=Kind.INQUIRY, notice_issued_at__isnull=False)
        .select_related(*RELATED)
        .prefetch_related("participants")
        .order_by("-notice_issued_at", "-id")
    )


def talk_get(*, actor, pk: int) -> Talk:
    """One talk as far as the actor may see it (SUP-248); anyone else gets "not found" (SEC-7)."""
    talk = Talk.objects.select_related(*RELATED).filter(pk=pk).first()
    if talk is None or audience(actor, talk) is None:
        raise NotFound("not_found", _("记录不存在或不在您的数据范围内"), rule="SEC-7")
    return talk
