"""Keeping the unit tree's derived columns (path, depth, body) right. Called by org.services only
(and by test factories); never edit these columns elsewhere."""

from __future__ import annotations

from sunshine.org.choices import UnitKind
from sunshine.org.models import Unit


def derived_columns(unit: Unit, parent: Unit | None) -> dict:
    """path "/<ancestor ids>/<own id>/", depth, and the nearest body (itself if it is one)."""
    path = f"{parent.path if parent else '/'}{unit.pk}/"
    body_id = unit.pk if unit.kind == UnitKind.BODY else (parent.body_id if parent else None)
    return {"path": path, "depth": path.count("/") - 2, "body_id": body_id}


def place(unit: Unit) -> Unit:
    """Fill the derived columns of a just-saved unit from its parent."""
    parent = Unit.all_objects.get(pk=unit.parent_id) if unit.parent_id else None
    columns = derived_columns(unit, parent)
    Unit.all_objects.filter(pk=unit.pk).update(**columns)
    for name, value in columns.items():
        setattr(unit, name, value)
    return unit


def rebuild_subtree(unit: Unit) -> int:
    """After a move: recompute path, depth and body of ``unit`` and every unit under it."""
    old_prefix = unit.path
    place(unit)
    count = 1
    # Parents sort before children by path length, so each child sees its parent's new columns.
    descendants = sorted(
        Unit.all_objects.filter(path__startswith=old_prefix).exclude(pk=unit.pk), key=lambda u: len(u.path)
    )
    for child in descendants:
        place(child)
        count += 1
    return count


def is_descendant(candidate: Unit, ancestor: Unit) -> bool:
    return candidate.path.startswith(ancestor.path)
