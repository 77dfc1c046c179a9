"""What a step's card shows of 加签 and 会签/或签 (cases/_signatures.html): the signatures asked
and given, the owner's completion held for "after" co-signers, and the viewer's buttons. Reads
only; the rules are cases.actions.sign's."""

from __future__ import annotations

from django import template

from sunshine.cases import pinned
from sunshine.cases.actions import access, sign_state
from sunshine.cases.actions.send_back import is_acceptance
from sunshine.cases.signer_models import Signature, SignPhase
from sunshine.core.permissions import has_permission

register = template.Library()


@register.simple_tag
def task_signatures(task, user) -> dict:
    rows = list(
        Signature.objects.filter(task=task, withdrawn_at__isnull=True)
        .select_related("signer", "requested_by")
        .order_by("pk")
    )
    handler = has_permission(user, "cases.handle", task)
    countersign = next((r.phase for r in rows if r.phase in sign_state.COUNTERSIGN), None)
    held = sign_state.held(task)
    mine, principal = sign_state.signature_for(user, rows)  # 代理: a stand-in signs for them
    owner = handler and access.may_handle(user, task)
    xml = pinned.xml(task.case)
    return {
        "rows": rows,
        "countersign": countersign,
        "countersign_label": SignPhase(countersign).label if countersign else "",
        "held": held,
        "may_sign": handler and mine is not None and not (mine.phase == SignPhase.AFTER and held is None),
        "mine": mine,
        "signing_for": principal,
        "may_add": owner and not is_acceptance(xml, task.element_id),
        "may_set_signers": handler
        and countersign is not None
        and not any(r.signed_at for r in rows)
        and (access.holds(user.pk, task) or access.acting_for(user, task) is not None),
    }
