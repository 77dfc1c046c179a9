"""A body's settings for every area of the cadres app on one page (issue #9 §3-§6): the numbers the
seeds leave to each body ("XX"), each with the product default a body without a row uses.

* talks (``TalkSettings``): the inquiry-letter reply limit in working days (SUP-247, default 15), the
  admonition's effect period (SUP-116 (3), 6 months), the rectification plan's days and the
  rectification period after a summons talk (SUP-246);
* evaluation (``EvaluationSettings``): the pass-rate threshold (SUP-253, default 60 %);
* reports (``ReportRules``): the days of notice before an absence (SUP-221..223, SUP-230), the section
  head's short absence (SUP-223), the written form after an oral report (SUP-229) and the personal
  matters' days before and after (SUP-233);
* integrity file (``IntegritySetting``): the limit for answering a pre-promotion opinion (SUP-115).

Who: the organisation office (``cadres.organise``) or the discipline office (``cadres.supervise``) of
the body, within its own scope (SEC-7: another body is "not found"). Each area's row carries its own
``version``; the page and the API send back the versions they read and a stale one is refused
(AUD-3), as oversight's and decisions' settings pages do. Each changed row is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunshine.cadres.evaluation.models import EvaluationSettings
from sunshine.cadres.integrity.models import IntegritySetting
from sunshine.cadres.reports.models import ReportRules
from sunshine.cadres.talks.models import TalkSettings
from sunshine.core.audit import audit_record, audit_snapshot
from sunshine.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from sunshine.core.permissions import has_permission

PERMISSIONS = ("cadres.organise", "cadres.supervise")


@dataclass(frozen=True)
class Area:
    key: str
    label: object
    model: type
    rule: str


@dataclass(frozen=True)
class Field:
    area: str
    name: str
    low: Decimal | int
    high: Decimal | int
    rule: str
    decimal: bool = False


AREAS = (
    Area("talks", gettext_lazy("谈话函询"), TalkSettings, "SUP-247"),
    Area("evaluation", gettext_lazy("民主测评"), EvaluationSettings, "SUP-253"),
    Area("reports", gettext_lazy("外出请示报备与个人重大事项报告"), ReportRules, "SUP-230"),
    Area("integrity", gettext_lazy("廉政档案"), IntegritySetting, "SUP-115"),
)
AREA = {a.key: a for a in AREAS}

# The bounds are the database's where it has them (talks, evaluation, integrity) and sanity bounds
# otherwise: a notice of more than 30 days or a written report more than 30 days late is no limit.
FIELDS = (
    Field("talks", "inquiry_reply_workdays", 1, 60, "SUP-247"),
    Field("talks", "admonition_effect_months", 1, 60, "SUP-116"),
    Field("talks", "rectification_plan_days", 1, 365, "SUP-246"),
    Field("talks", "rectification_months", 1, 24, "SUP-246"),
    Field("evaluation", "pass_rate_threshold", Decimal("0.01"), Decimal(100), "SUP-253", decimal=True),
    Field("reports", "notice_days_principal", 0, 30, "SUP-221"),
    Field("reports", "notice_days_deputy", 0, 30, "SUP-222"),
    Field("reports", "notice_days_section", 0, 30, "SUP-223"),
    Field("reports", "section_head_short_days", 1, 30, "SUP-223"),
    Field("reports", "absence_written_days", 1, 30, "SUP-229"),
    Field("reports", "matter_days_before", 0, 30, "SUP-233"),
    Field("reports", "matter_written_days", 1, 30, "SUP-233"),
    Field("integrity", "opinion_workdays", 1, 60, "SUP-115"),
)
FIELD = {f.name: f for f in FIELDS}


def label_of(field: Field) -> str:
    return str(AREA[field.area].model._meta.get_field(field.name).verbose_name)


def help_of(field: Field) -> str:
    return str(AREA[field.area].model._meta.get_field(field.name).help_text)


@dataclass
class BodySettings:
    """The body's rows, one per area (unsaved with the defaults where the body has none)."""

    body: object
    rows: dict

    def value(self, name: str):
        return getattr(self.rows[FIELD[name].area], name)

    @property
    def values(self) -> dict:
        return {f.name: self.value(f.name) for f in FIELDS}

    @property
    def versions(self) -> dict:
        return {a.key: self.rows[a.key].version for a in AREAS}

    @property
    def on_defaults(self) -> set[str]:
        """The areas the body has not set yet."""
        return {key for key, row in self.rows.items() if row.pk is None}


def body_of(unit):
    return unit if unit.body_id in (None, unit.pk) else unit.body


def may_configure(actor, body) -> bool:
    return any(has_permission(actor, perm, body) for perm in PERMISSIONS)


def require_configure(actor, body) -> None:
    """The body's organisation or discipline office; another body of someone who has either is "not
    found" (SEC-7)."""
    if may_configure(actor, body):
        return
    if any(has_permission(actor, perm) for perm in PERMISSIONS):
        raise NotFound("not_found", _("记录不存在或不在您的数据范围内"), rule="SEC-7")
    raise NotPermitted("not_permitted", _("只有本单位组织人事部门或纪检监察机构可以修改干部监督设置"))


def bodies(actor):
    """The bodies whose settings the actor may change, in the org tree's order."""
    from sunshine.org import selectors as org_selectors
    from sunshine.org.choices import UnitKind

    ids: set[int] = set()
    for perm in PERMISSIONS:
        if not has_permission(actor, perm):
            continue
        ids |= set(
            org_selectors.unit_list(actor=actor, kind=UnitKind.BODY, perm=perm).values_list("pk", flat=True)
        )
    from sunshine.org.models import Unit

    return Unit.objects.filter(pk__in=ids).order_by("path")


def _rows(body, *, lock: bool = False) -> dict:
    rows = {}
    for area in AREAS:
        qs = area.model.objects.filter(body=body)
        if lock:
            qs = qs.select_for_update()
        rows[area.key] = qs.first() or area.model(body=body)
    return rows


def settings_get(*, actor, body) -> BodySettings:
    body = body_of(body)
    require_configure(actor, body)
    return BodySettings(body=body, rows=_rows(body))


def clean_value(name: str, value):
    """``value`` checked against the field's bounds; the refusal names the field in Chinese."""
    field = FIELD.get(name)
    if field is None:
        raise InvalidInput("unknown_setting", _("没有这一设置"), field=name)
    label = label_of(field)
    if field.decimal:
        try:
            number = Decimal(str(value)).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError, TypeError):
            number = None
        if number is None or not field.low <= number <= field.high:
            raise InvalidInput(
                "out_of_range",
                _("“%(label)s”应为大于0、不超过100的数值（%(rule)s）") % {"label": label, "rule": field.rule},
                field=name,
                rule=field.rule,
            )
        return number
    if isinstance(value, bool) or not isinstance(value, int) or not field.low <= value <= field.high:
        raise InvalidInput(
            "out_of_range",
            _("“%(label)s”应为%(low)d至%(high)d之间的整数（%(rule)s）")
            % {"label": label, "low": field.low, "high": field.high, "rule": field.rule},
            field=name,
            rule=field.rule,
        )
    return value


@transaction.atomic
def settings_save(*, actor, body, expected_versions: dict, **values) -> BodySettings:
    """Change any of the body's settings. ``expected_versions`` ({area: version}) are the versions the
    caller read: an area whose row changed meanwhile refuses the whole save (AUD-3). Values not given
    keep theirs; an area without a change is not written."""
    body = body_of(body)
    require_configure(actor, body)
    clean = {name: clean_value(name, value) for name, value in values.items()}
    touched = {FIELD[name].area for name in clean}
    for area in AREAS:  # rows for the areas touched, so that each can be locked
        if area.key in touched:
            area.model.objects.bulk_create([area.model(body=body, created_by=actor)], ignore_conflicts=True)
    rows = _rows(body, lock=True)
    for key in touched:
        expected = (expected_versions or {}).get(key)
        if expected is None or int(expected) != rows[key].version:
            raise Conflict(
                "stale",
                _("“%(area)s”设置已被他人修改，请刷新后重试") % {"area": AREA[key].label},
                field="version",
                rule="AUD-3",
            )
    for key in touched:
        row = rows[key]
        changed = [n for n, v in clean.items() if FIELD[n].area == key and getattr(row, n) != v]
        if not changed:
            continue
        before = audit_snapshot(row)
        for name in changed:
            setattr(row, name, clean[name])
        row.version += 1
        row.save(update_fields=[*changed, "version", "updated_at"])
        audit_record(actor=actor, action=f"cadres.settings_{key}", target=row, before=before)
    return BodySettings(body=body, rows=rows)
