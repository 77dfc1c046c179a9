"""五个不直接分管 (DEC-72): the two checks that keep the principal leader of a body away from the
five barred portfolios, used when a portfolio is assigned and when someone is made principal."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sunshine.core.errors import RuleViolated
from sunshine.core.text import enumeration
from sunshine.org import errors
from sunshine.org.choices import PRINCIPAL_BARRED_AREAS, PortfolioArea, PostKind
from sunshine.org.models import Person, Portfolio, PostHolding


def is_principal_of(person: Person, body_id: int) -> bool:
    """``person`` holds a current principal post (主要负责人) in the body."""
    return PostHolding.objects.filter(
        person=person,
        end_date__isnull=True,
        post__deleted_at__isnull=True,
        post__kind=PostKind.PRINCIPAL,
        post__unit__body_id=body_id,
    ).exists()


def refuse_barred_portfolio_for_principal(*, leader: Person, body_id: int, area: str) -> None:
    """Assigning ``area`` to the body's principal leader is refused (DEC-72, DEC-59)."""
    if area in PRINCIPAL_BARRED_AREAS and is_principal_of(leader, body_id):
        raise RuleViolated(
            errors.PRINCIPAL_BARRED_PORTFOLIO,
            _("主要负责人不得直接分管%(area)s（五个不直接分管）") % {"area": PortfolioArea(area).label},
            field="area",
            rule="DEC-72",
        )


def refuse_principal_holding_barred_portfolio(*, person: Person, body_id: int, field: str = "person") -> None:
    """Making someone principal of a body while they hold a barred portfolio there is refused (DEC-72)."""
    barred = (
        Portfolio.objects.filter(
            leader=person, body_id=body_id, end_date__isnull=True, area__in=PRINCIPAL_BARRED_AREAS
        )
        .order_by("area")
        .values_list("area", flat=True)
    )
    if barred:
        areas = enumeration(PortfolioArea(a).label for a in barred)
        raise RuleViolated(
            errors.BARRED_PORTFOLIO_HOLDER_AS_PRINCIPAL,
            _("%(name)s现分管%(areas)s，主要负责人不得直接分管%(areas)s（五个不直接分管）；请先调整分工")
            % {"name": person.name, "areas": areas},
            field=field,
            rule="DEC-72",
        )
