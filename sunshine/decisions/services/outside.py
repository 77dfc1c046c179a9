"""An item at or above the body's 三重一大 threshold handled outside this module (issue #7 §1):
when another module records such an item (a case's decision with an amount at or above the body's
large-sum threshold) and no adopted collective decision names it (``Topic.source_ref``), the
discipline office is shown it as a DisciplineNotice (DEC-3, DEC-203: 以上 includes the threshold).
Once per item."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from sunshine.decisions.choices import NoticeKind, TopicStatus
from sunshine.decisions.models import DisciplineNotice, Topic
from sunshine.decisions.services._common import body_of, notice
from sunshine.decisions.services.scope import settings_for

ADOPTED = (TopicStatus.ADOPTED, TopicStatus.ADOPTED_WITH_CHANGES)


def large_item_check(*, actor, body, amount: Decimal | None, subject: str, source_ref: str):
    """Write a notice for the discipline office when ``amount`` reaches the body's large-sum
    threshold and no adopted topic names ``source_ref``; returns the notice or None. Runs in the
    caller's transaction (the item and its notice are kept together)."""
    if amount is None:
        return None
    body = body_of(body)
    threshold = settings_for(body).funds_threshold
    if amount < threshold:
        return None
    if Topic.objects.filter(body=body, source_ref=source_ref, status__in=ADOPTED).exists():
        return None
    action = f"outside:{source_ref}"[:100]
    if DisciplineNotice.objects.filter(body=body, kind=NoticeKind.OUTSIDE, action=action).exists():
        return None
    return notice(
        kind=NoticeKind.OUTSIDE,
        rule="DEC-3",
        body_id=body.pk,
        actor=actor,
        action=action,
        message=_("“%(subject)s”金额%(amount)s元，达到本单位大额资金标准%(threshold)s元，未见集体决策记录")
        % {"subject": subject, "amount": f"{amount:,.2f}", "threshold": f"{threshold:,.2f}"},
    )


def on_case_decision(sender, *, case, actor, decision, **kwargs) -> None:
    """cases.signals.decision_recorded: a penalty or decision with an amount (cases.Decision.amount)."""
    amount = getattr(decision, "amount", None)
    if amount is None:
        return
    large_item_check(
        actor=actor,
        body=case.body,
        amount=amount,
        subject=_("办件%(number)s的决定") % {"number": getattr(case, "number", case.pk)},
        source_ref=f"cases.case:{case.pk}",
    )
