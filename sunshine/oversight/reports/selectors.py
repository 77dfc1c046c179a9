"""Who may read which report (SEC-7): the bodies a viewer can report on, and the report itself
within the viewer's data scope. A leader or the discipline office (oversight.view over the body)
sees the whole body at every level; a section head (scope: their department) sees their department
by department, post and person, never the body as a whole."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from sunshine.core.errors import InvalidInput, NotFound, NotPermitted
from sunshine.core.permissions import has_permission, require_permission, scope_q
from sunshine.org.choices import UnitKind
from sunshine.org.models import Unit
from sunshine.oversight.reports import periods, queries

PERM = queries.PERM


def bodies_for(actor) -> QuerySet[Unit]:
    """Bodies holding at least one unit in the actor's oversight.view scope."""
    require_permission(actor, PERM)
    seen = Unit.objects.filter(scope_q(actor, PERM, ""))
    return Unit.objects.filter(kind=UnitKind.BODY).filter(
        Q(pk__in=seen.values("body_id")) | Q(pk__in=seen.values("pk"))
    )


def body_for(actor, body_id) -> Unit:
    """The body a report asks for (by default the first the actor may see)."""
    bodies = bodies_for(actor)
    if body_id in (None, ""):
        body = bodies.order_by("path").first()
    else:
        try:
            body = bodies.filter(pk=int(body_id)).first()
        except (TypeError, ValueError):
            raise InvalidInput("body_invalid", _("请选择单位"), field="body") from None
    if body is None:
        raise NotFound("not_found", _("记录不存在或不在您的数据范围内"), rule="SEC-7")
    return body


def whole_body(actor, body) -> bool:
    return has_permission(actor, PERM, body)


def report_for(*, actor, body, period: periods.Period, level: str, with_trend: bool = True) -> dict:
    """The report of ``body`` over ``period`` at ``level``, limited to the actor's scope."""
    if level not in queries.LEVELS:
        raise InvalidInput("level_invalid", _("统计层级不正确，请重新选择"), field="level")
    if not bodies_for(actor).filter(pk=body.pk).exists():
        raise NotFound("not_found", _("记录不存在或不在您的数据范围内"), rule="SEC-7")
    if level == "body" and not whole_body(actor, body):
        raise NotPermitted(
            "report_scope", _("您的数据范围不含整个单位，请按科室、岗位或人员查看"), rule="SEC-7"
        )
    return queries.report(body, period, level, actor=actor, with_trend=with_trend)
