"""The state of 加签 and 会签/或签 that cases.services and cases.selectors consult (ADR 0006,
TASK-6/7): whether the owner may complete a step yet, the completion held for "after" co-signers,
the signers a countersign step opens with, and a signer's "my tasks". Imports only models and the
engine's chart reader: cases.services imports this module; the actions are in cases.actions.sign."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _

from sunshine.cases import pinned
from sunshine.cases.action_models import ActionKind
from sunshine.cases.actions import access
from sunshine.cases.signer_models import HeldCompletion, Signature, SignPhase
from sunshine.core.errors import Conflict, RuleViolated
from sunshine.core.permissions import has_permission
from sunshine.flows.engine import executor

COUNTERSIGN = (SignPhase.ALL, SignPhase.ANY)


def _flag(task, name: str):
    """A fact read with the step's lock (cases.locks.lock_step_later), None when the task has not it."""
    return getattr(task, f"flag_{name}", None)


def pending(task, *phases) -> list[Signature]:
    rows = Signature.objects.filter(task=task, signed_at__isnull=True, withdrawn_at__isnull=True)
    if phases:
        rows = rows.filter(phase__in=phases)
    return list(rows.select_related("signer").order_by("pk"))


def signature_for(actor, rows) -> tuple[Signature | None, object | None]:
    """The pending signature ``actor`` may give among ``rows``: their own, else that of a person
    they stand in for today (代理, TASK-5), with that person; (None, None) when neither."""
    pending_rows = [r for r in rows if r.is_pending]
    own = next((r for r in pending_rows if r.signer_id == actor.pk), None)
    if own is not None:
        return own, None
    people = set(access.principals(actor))
    other = next((r for r in pending_rows if r.signer_id in people), None)
    return (other, other.signer) if other is not None else (None, None)


def is_countersign(task) -> bool:
    if (known := _flag(task, "countersign")) is not None:
        return known
    return Signature.objects.filter(task=task, phase__in=COUNTERSIGN).exists()


def held(task) -> HeldCompletion | None:
    return HeldCompletion.objects.filter(task=task).select_related("owner", "on_behalf_of").first()


def blocks_owner(task) -> bool:
    """Nobody handles the step as its owner (access.may_handle): it is a countersign step (its
    signers sign it), or its owner has done it and it waits for the "after" co-signers."""
    return is_countersign(task) or _is_held(task)


def _is_held(task) -> bool:
    if (known := _flag(task, "held")) is not None:
        return known
    return HeldCompletion.objects.filter(task=task).exists()


def _names(signatures) -> str:
    return "、".join(s.signer.full_name or s.signer.get_username() for s in signatures)


def refuse_completion(task) -> None:
    """task_complete's refusals (TASK-6, TASK-7): a countersign step is completed by its signatures;
    a step waiting for its "after" co-signers is done already; "before" co-signers sign first."""
    if is_countersign(task):
        raise RuleViolated(
            "countersign_step",
            _("该环节为会签（或签）环节，由签署人签署，不能直接办理"),
            rule="TASK-7",
        )
    if _is_held(task):
        raise Conflict("awaiting_co_signers", _("该环节已办理，待后加签人签署后流程继续"), rule="TASK-6")
    if _flag(task, "before") is False:
        return
    if before := pending(task, SignPhase.BEFORE):
        raise RuleViolated(
            "before_signers_pending",
            _("前加签人%(names)s尚未签署，签署后才能办理该环节") % {"names": _names(before)},
            rule="TASK-6",
        )


def has_after_signers(task) -> bool:
    if (known := _flag(task, "after")) is not None:
        return known
    return Signature.objects.filter(
        task=task, phase=SignPhase.AFTER, signed_at__isnull=True, withdrawn_at__isnull=True
    ).exists()


def hold_completion(*, case, task, actor, principal, opinion: str, choice: str) -> HeldCompletion:
    """后加签: the owner's opinion and way out kept; the last "after" signature completes the step
    with them (cases.actions.sign.signature_sign). The step stays open meanwhile."""
    completion = HeldCompletion.objects.create(
        task=task,
        owner=actor,
        on_behalf_of=principal,
        opinion=opinion,
        choice=choice,
        created_by=actor,
    )
    access.record(
        case=case,
        task=task,
        kind=ActionKind.SIGN,
        actor=actor,
        on_behalf_of=principal,
        reason=_("已办理，待后加签人签署：%(names)s") % {"names": _names(pending(task, SignPhase.AFTER))}
        + (f"\n{opinion}" if opinion else ""),
    )
    return completion


def countersign_mode(case, element_id: str) -> str | None:
    """sunshine:countersign of the step in the case's chart (flows.engine.model.countersign_mode)."""
    step = executor.prepared(pinned.xml(case)).diagram.step(element_id)
    return step.countersign if step is not None else None


def post_holders(task) -> list:
    """The accounts holding the step's post now that may handle cases: a countersign step's
    default signers."""
    if task.post_id is None:
        return []
    users = get_user_model().objects.filter(
        is_active=True, person__holdings__post_id=task.post_id, person__holdings__end_date__isnull=True
    )
    return [u for u in users.distinct().order_by("pk") if has_permission(u, "cases.handle", task)]


def open_countersign(case, tasks) -> None:
    """A countersign step opens with every current holder of its post as a signer (TASK-7); the
    handler may name others before anyone signs. A post nobody holds: a plain step."""
    for task in tasks:
        mode = countersign_mode(case, task.element_id)
        if mode is None:
            continue
        Signature.objects.bulk_create(
            [Signature(task=task, signer=user, phase=mode) for user in post_holders(task)]
        )


def awaited_signatures(actor):
    """The signatures (加签, 会签/或签) awaited from ``actor``, or from a person they stand in for
    today (代理): "my tasks" lists their steps."""
    people = access.stand_ins_for(actor).values("person_id")
    return Signature.objects.filter(
        Q(signer=actor) | Q(signer__in=people), signed_at__isnull=True, withdrawn_at__isnull=True
    )
