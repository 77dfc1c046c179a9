"""抄送 (TASK-5): the person doing a step copies the case to readers of the body. A reader may
read that case (an exception to the data scope, SEC-7: selectors.case_get lets them in), never
handle it; the case is listed under 抄送我的 with a read mark."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from sunshine.cases.action_models import ActionKind, CaseCopy
from sunshine.cases.actions import access, common
from sunshine.cases.models import Case, CaseTask
from sunshine.core import clock
from sunshine.core.audit import audit_record
from sunshine.core.errors import InvalidInput, NotFound, RuleViolated
from sunshine.core.permissions import has_permission


def candidates(case: Case, *, exclude=()) -> list:
    """The body's people with an account that may view cases at all (not the ones excluded)."""
    users = (
        get_user_model()
        .objects.filter(is_active=True, person__unit__path__startswith=case.body.path)
        .exclude(pk__in=[u.pk for u in exclude if u is not None])
        .order_by("pk")
    )
    return [u for u in users if has_permission(u, "cases.view")]


@transaction.atomic
def case_copy(*, actor, task: CaseTask, readers, note: str = "") -> list[CaseCopy]:
    """Copy the case of ``task`` to ``readers``; those who already have it are left as they are."""
    case, task, principal = common.locked_for_owner(actor, task)
    people = [common.account(r, field="readers") for r in readers or []]
    if not people:
        raise InvalidInput("readers_required", _("请选择抄送对象"), field="readers")
    note = common.reason(note, field="note", label=_("抄送说明"), required=False)[:500]
    allowed = {u.pk for u in candidates(case, exclude=[actor])}
    for person in people:
        if person.pk not in allowed:
            raise RuleViolated(
                "not_a_reader",
                _("“%(name)s”不能查阅办件，不能抄送给他") % {"name": common.name_of(person)},
                field="readers",
                rule="TASK-5",
            )
    have = set(CaseCopy.objects.filter(case=case).values_list("reader_id", flat=True))
    copies = []
    for person in people:
        if person.pk in have:
            continue
        copies.append(
            CaseCopy.objects.create(
                case=case, task=task, reader=person, sent_by=actor, note=note, created_by=actor
            )
        )
        access.record(
            case=case,
            task=task,
            kind=ActionKind.COPY,
            actor=actor,
            on_behalf_of=principal,
            person=person,
            reason=note,
        )
    return copies


@transaction.atomic
def copy_mark_read(*, actor, case: Case) -> CaseCopy:
    copy = CaseCopy.objects.select_for_update().filter(case=case, reader=actor).first()
    if copy is None:
        raise NotFound("no_copy", _("该办件没有抄送给您"))
    if copy.read_at is None:
        copy.read_at = clock.now()
        copy.version += 1
        copy.save()
        audit_record(actor=actor, action="cases.copy_read", target=copy)
    return copy


def copies_for(actor):
    """抄送我的: the cases copied to ``actor``, unread first, newest first."""
    return (
        CaseCopy.objects.filter(reader=actor)
        .select_related("case", "task", "sent_by")
        .order_by("read_at", "-created_at")
    )
