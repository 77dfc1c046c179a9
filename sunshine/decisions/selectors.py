"""Reads of collective decisions, scope-checked (SEC-7): topics by the proposing department,
meetings and minutes by the body, refused attempts for the discipline office. A record outside the
actor's scope is "not found", so its existence does not leak."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from sunshine.core.errors import NotFound
from sunshine.core.permissions import has_permission, require_permission, scope_q
from sunshine.decisions.models import AgendaItem, DisciplineNotice, Meeting, Minutes, Topic, Vote


def _not_found() -> NotFound:
    return NotFound("not_found", _("记录不存在或不在您的数据范围内"), rule="SEC-7")


def topic_list(*, actor, status: str = "", kind: str = "") -> QuerySet[Topic]:
    require_permission(actor, "decisions.view")
    topics = Topic.objects.filter(scope_q(actor, "decisions.view", "department"))
    if status:
        topics = topics.filter(status=status)
    if kind:
        topics = topics.filter(kind=kind)
    return topics.select_related("department", "responsible_leader", "proposer").order_by(
        "-created_at", "-id"
    )


def topic_get(*, actor, pk: int) -> Topic:
    topic = (
        Topic.objects.select_related("body", "department", "responsible_leader", "proposer")
        .filter(pk=pk)
        .first()
    )
    if topic is not None and actor is not None and actor.is_authenticated:
        if has_permission(actor, "decisions.view", topic) or has_permission(
            actor, "decisions.office", topic.body
        ):
            return topic
        if has_permission(actor, "decisions.legal_review", topic.body):
            return topic
        if topic.consultations.filter(consultee=actor).exists():
            return topic
    raise _not_found()


def _meeting_q(actor) -> Q:
    return scope_q(actor, "decisions.view", "body") | Q(participants__user=actor)


def meeting_list(*, actor) -> QuerySet[Meeting]:
    require_permission(actor, "decisions.view")
    ids = Meeting.objects.filter(_meeting_q(actor)).values("pk")
    return (
        Meeting.objects.filter(pk__in=ids).select_related("chair", "recorder").order_by("-starts_at", "-id")
    )


def meeting_get(*, actor, pk: int) -> Meeting:
    meeting = Meeting.objects.select_related("body", "chair", "recorder").filter(pk=pk).first()
    visible = (
        meeting is not None
        and actor is not None
        and actor.is_authenticated
        and (
            has_permission(actor, "decisions.view", meeting)
            or meeting.participants.filter(user=actor).exists()
        )
    )
    if visible:
        return meeting
    raise _not_found()


def item_get(*, actor, pk: int) -> AgendaItem:
    item = AgendaItem.objects.select_related("meeting", "topic").filter(pk=pk).first()
    if item is None:
        raise _not_found()
    meeting_get(actor=actor, pk=item.meeting_id)
    return item


def evaluation_get(*, actor, pk: int):
    """One tracking evaluation, within the scope of its decision's meeting."""
    from sunshine.decisions.models import Evaluation

    evaluation = Evaluation.objects.filter(pk=pk).first()
    if evaluation is None:
        raise _not_found()
    item_get(actor=actor, pk=evaluation.item_id)
    return evaluation


def vote_of(item: AgendaItem) -> Vote | None:
    return Vote.objects.filter(item=item).first()


def minutes_get(*, actor, pk: int) -> Minutes:
    minutes = Minutes.objects.select_related("meeting", "body").filter(pk=pk).first()
    if minutes is None:
        raise _not_found()
    meeting_get(actor=actor, pk=minutes.meeting_id)
    return minutes


def notice_list(*, actor) -> QuerySet[DisciplineNotice]:
    """What the discipline office sees (DEC-60..DEC-65, DEC-211, DEC-223)."""
    require_permission(actor, "decisions.oversee")
    return (
        DisciplineNotice.objects.filter(scope_q(actor, "decisions.oversee", "body"))
        .select_related("actor", "topic", "meeting")
        .order_by("-at", "-id")
    )


def expert_list(*, actor) -> QuerySet:
    """The expert registers of the bodies in scope (DEC-22)."""
    from sunshine.decisions.models import Expert

    require_permission(actor, "decisions.view")
    return Expert.objects.filter(scope_q(actor, "decisions.view", "body")).order_by("body", "name", "id")


def expert_get(*, actor, pk: int):

    expert = expert_list(actor=actor).filter(pk=pk).first()
    if expert is None:
        raise _not_found()
    return expert


def topic_part_get(*, actor, model, pk: int, topic_path: str = "topic"):
    """A record attached to a topic (argumentation, consultation, public comment…), found through
    its topic's scope (404 outside it)."""
    topic_id = model.objects.filter(pk=pk).values_list(topic_path, flat=True).first()
    if topic_id is None:
        raise _not_found()
    topic_get(actor=actor, pk=topic_id)
    return model.objects.get(pk=pk)
