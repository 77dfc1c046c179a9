"""Leaders' portfolios (分管): who in a body's leadership is in charge of which area and departments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from sunshine.core.audit import audit_record, audit_snapshot
from sunshine.core.errors import Conflict, InvalidInput
from sunshine.core.models import User
from sunshine.core.permissions import require_permission
from sunshine.core.services import versioned_update
from sunshine.org import errors
from sunshine.org.choices import PortfolioArea, UnitKind
from sunshine.org.models import Person, Portfolio, Unit
from sunshine.org.services._common import alive, choice, date_or_today, text
from sunshine.org.services.leadership import refuse_barred_portfolio_for_principal


def _departments(body: Unit, departments: Iterable[Unit]) -> list[Unit]:
    units = list({u.pk: u for u in departments}.values())
    for unit in units:
        alive(unit, field="departments")
        if unit.body_id != body.pk or unit.pk == body.pk:
            raise InvalidInput(
                errors.PORTFOLIO_DEPARTMENT_OUTSIDE_BODY,
                _("“%(unit)s”不是%(body)s的内设机构") % {"unit": unit.name, "body": body.name},
                field="departments",
            )
    return units


@transaction.atomic
def portfolio_assign(
    *,
    actor: User | None,
    body: Unit,
    leader: Person,
    area: str,
    title: str = "",
    departments: Iterable[Unit] = (),
    start_date: dt.date | None = None,
) -> Portfolio:
    """Put ``leader`` in charge of ``area`` (and the given departments) in ``body``.

    Each of the five areas has one leader per body (DEC-67..DEC-71), and the principal leader may
    hold none of them (五个不直接分管, DEC-72; 八不准 一, DEC-59).
    """
    require_permission(actor, "org.manage", alive(body, field="body"))
    alive(leader, field="leader")
    if body.kind != UnitKind.BODY:
        raise InvalidInput(errors.PORTFOLIO_NOT_A_BODY, _("领导分工只能设在单位一级"), field="body")
    area = choice(area, PortfolioArea, field="area", label=_("分管领域"))
    if leader.unit.body_id != body.pk:
        raise InvalidInput(
            errors.PORTFOLIO_LEADER_OUTSIDE_BODY,
            _("%(name)s不是%(body)s的人员") % {"name": leader.name, "body": body.name},
            field="leader",
        )
    Person.objects.select_for_update().filter(pk=leader.pk).first()  # see post_holding_assign
    refuse_barred_portfolio_for_principal(leader=leader, body_id=body.pk, area=area)
    if area != PortfolioArea.OTHER:
        current = (
            Portfolio.objects.filter(body=body, area=area, end_date__isnull=True)
            .select_related("leader")
            .first()
        )
        if current is not None:
            raise Conflict(
                errors.AREA_ALREADY_ASSIGNED,
                _("%(body)s的%(area)s工作已由%(name)s分管，请先结束其分管")
                % {"body": body.name, "area": PortfolioArea(area).label, "name": current.leader.name},
                field="area",
            )
    units = _departments(body, departments)
    portfolio = Portfolio.objects.create(
        body=body,
        leader=leader,
        area=area,
        title=text(title, field="title", label=_("分工说明"), max_length=200, required=False),
        start_date=date_or_today(start_date),
        created_by=actor,
    )
    portfolio.departments.set(units)
    audit_record(actor=actor, action="org.portfolio_assign", target=portfolio)
    return portfolio


@transaction.atomic
def portfolio_update(
    *,
    actor: User | None,
    portfolio: Portfolio,
    expected_version: int,
    title: str | None = None,
    departments: Iterable[Unit] | None = None,
) -> Portfolio:
    """Change the wording of a portfolio or the departments it oversees. Leader and area do not
    change here: end the portfolio and assign a new one, so the record shows who was in charge when."""
    require_permission(actor, "org.manage", alive(portfolio, field="portfolio"))
    if portfolio.end_date is not None:
        raise Conflict(errors.PORTFOLIO_ENDED, _("该分工已结束，不能修改"))
    changes: dict = {}
    if title is not None:
        changes["title"] = text(title, field="title", label=_("分工说明"), max_length=200, required=False)
    units = _departments(portfolio.body, departments) if departments is not None else None
    before = audit_snapshot(portfolio)
    versioned_update(portfolio, expected_version=expected_version, **changes)
    if units is not None:
        portfolio.departments.set(units)
    audit_record(actor=actor, action="org.portfolio_update", target=portfolio, before=before)
    return portfolio


@transaction.atomic
def portfolio_end(
    *,
    actor: User | None,
    portfolio: Portfolio,
    expected_version: int,
    end_date: dt.date | None = None,
    note: str = "",
) -> Portfolio:
    """End a portfolio (the leader is no longer in charge); the row stays for the record."""
    require_permission(actor, "org.manage", alive(portfolio, field="portfolio"))
    if portfolio.end_date is not None:
        raise Conflict(errors.PORTFOLIO_ENDED, _("该分工已于%(date)s结束") % {"date": portfolio.end_date})
    end_date = date_or_today(end_date)
    if end_date < portfolio.start_date:
        raise InvalidInput(errors.DATES_OUT_OF_ORDER, _("结束日期不能早于起始日期"), field="end_date")
    before = audit_snapshot(portfolio)
    versioned_update(portfolio, expected_version=expected_version, end_date=end_date)
    audit_record(actor=actor, action="org.portfolio_end", target=portfolio, before=before, note=note)
    return portfolio
