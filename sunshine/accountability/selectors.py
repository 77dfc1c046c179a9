"""Reads of accountability cases, always within the actor's scope (ACT-1, SEC-7)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from sunshine.accountability.choices import OPEN_STATUSES
from sunshine.accountability.models import AccountabilityCase
from sunshine.accountability.services import MANAGE, require_manage
from sunshine.core.errors import NotFound
from sunshine.core.permissions import scope_filter

RELATED = ("body", "person", "team", "opened_by", "extension_approved_by", "alert", "order", "case")


def case_list(*, actor, open_only: bool = False, status: str = "") -> QuerySet[AccountabilityCase]:
    """The cases of the bodies whose discipline office the actor belongs to, newest first."""
    require_manage(actor)
    cases = scope_filter(AccountabilityCase.objects.all(), actor, MANAGE, "body").select_related(*RELATED)
    if open_only:
        cases = cases.filter(status__in=OPEN_STATUSES)
    if status:
        cases = cases.filter(status=status)
    return cases


def case_get(*, actor, pk: int) -> AccountabilityCase:
    acase = case_list(actor=actor).filter(pk=pk).first()
    if acase is None:
        raise NotFound("not_found", _("记录不存在或不在您的数据范围内"), rule="SEC-7")
    return acase


def cases_of_alert(*, actor, alert) -> QuerySet[AccountabilityCase]:
    return case_list(actor=actor).filter(alert=alert)


def cases_of_order(*, actor, order) -> QuerySet[AccountabilityCase]:
    return case_list(actor=actor).filter(order=order)
