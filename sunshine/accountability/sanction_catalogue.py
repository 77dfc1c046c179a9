"""A body's own sanction catalogue (问责方式目录, SUP-38, ACC-2, ACC-3), kept by its discipline office.

The default catalogue (``Sanction.body`` empty, migration 0002) serves every body that has no rows of
its own (services.catalogue). A discipline office adopts it (a copy becomes the body's own rows, in
the same order), then adds sanctions at a place in the order, renames one, changes the tier it
belongs to, or takes one out of use (``active``; rows are never deleted: past cases name them).
Every change is audited (``accountability.sanction_*``) in its transaction.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from sunshine.accountability.choices import Target, Tier
from sunshine.accountability.models import Sanction
from sunshine.accountability.services import require_manage
from sunshine.core.audit import audit_record, audit_snapshot
from sunshine.core.errors import Conflict, InvalidInput, RuleViolated


def has_own(body) -> bool:
    return Sanction.objects.filter(body=body).exists()


def rows(body):
    """What the body uses: its own rows (with those out of use) if any, else the default's."""
    own = Sanction.objects.filter(body=body)
    return (own if own.exists() else Sanction.objects.filter(body__isnull=True)).order_by("target", "rank")


def _clean(name: str, tier: str, rule: str) -> tuple[str, str, str]:
    name = (name or "").strip()
    if not name:
        raise InvalidInput("required", _("请填写问责方式名称"), field="name")
    if len(name) > 100:
        raise InvalidInput("too_long", _("问责方式名称不能超过100字"), field="name")
    if tier not in Tier.values:
        raise InvalidInput("invalid_choice", _("请选择适用情节（ACC-3）"), field="tier", rule="ACC-3")
    return name, tier, (rule or "").strip()[:60] or "SUP-38"


@transaction.atomic
def sanction_catalogue_adopt(*, actor, body) -> list[Sanction]:
    """Copy the default catalogue into the body's own rows (SUP-38: one ordered catalogue per body)."""
    require_manage(actor, body)
    if has_own(body):
        raise Conflict("catalogue_exists", _("本单位已有自己的问责方式目录"), field="body")
    copies = [
        Sanction(
            body=body, target=s.target, rank=s.rank, name=s.name, tier=s.tier, rule=s.rule, active=s.active
        )
        for s in Sanction.objects.filter(body__isnull=True).order_by("target", "rank")
    ]
    Sanction.objects.bulk_create(copies)
    audit_record(
        actor=actor,
        action="accountability.sanction_adopt",
        object_type="accountability.sanction",
        object_id=body.pk,
        label=_("采用默认问责方式目录：%(body)s") % {"body": body.name},
        after={"body": body.pk, "count": len(copies)},
    )
    return list(Sanction.objects.filter(body=body).order_by("target", "rank"))


@transaction.atomic
def sanction_add(*, actor, body, target: str, name: str, tier: str, rank: int | None = None, rule: str = ""):
    """Add a sanction at ``rank`` (1 the lightest; empty: the heaviest) of the body's catalogue for
    ``target``; the heavier ones move down one place. The default is adopted first if need be."""
    require_manage(actor, body)
    if target not in Target.values:
        raise InvalidInput("invalid_choice", _("请选择适用对象"), field="target")
    name, tier, rule = _clean(name, tier, rule)
    if not has_own(body):
        sanction_catalogue_adopt(actor=actor, body=body)
    own = Sanction.objects.select_for_update().filter(body=body, target=target)
    last = own.aggregate(m=Max("rank"))["m"] or 0
    if rank is None:
        rank = last + 1
    if not 1 <= rank <= last + 1:
        raise InvalidInput("out_of_range", _("轻重次序应在1至%(n)d之间") % {"n": last + 1}, field="rank")
    for row in own.filter(rank__gte=rank).order_by("-rank"):  # heaviest first: ranks stay unique
        Sanction.objects.filter(pk=row.pk).update(rank=row.rank + 1)
    sanction = Sanction.objects.create(body=body, target=target, rank=rank, name=name, tier=tier, rule=rule)
    audit_record(actor=actor, action="accountability.sanction_add", target=sanction, note=name)
    return sanction


@transaction.atomic
def sanction_update(*, actor, sanction: Sanction, name: str, tier: str, active: bool, rule: str = ""):
    """Rename a sanction of the body's own catalogue, change its tier, take it out of use or back."""
    if sanction.body_id is None:
        raise RuleViolated(
            "default_catalogue",
            _("默认目录不能修改，请先采用为本单位目录（SUP-38）"),
            field="name",
            rule="SUP-38",
        )
    require_manage(actor, sanction.body)
    name, tier, rule = _clean(name, tier, rule or sanction.rule)
    before = audit_snapshot(sanction)
    Sanction.objects.filter(pk=sanction.pk).update(name=name, tier=tier, active=bool(active), rule=rule)
    sanction.refresh_from_db()
    audit_record(actor=actor, action="accountability.sanction_update", target=sanction, before=before)
    return sanction
