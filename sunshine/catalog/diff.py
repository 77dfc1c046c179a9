"""What changed between two versions of a power (AUD-4: a change is a new version with a visible
diff). Fields compare as shown to people; parts (legal bases, materials, posts, risk points,
benchmarks) compare as lines of text, so an added, removed or changed row shows as such."""

from __future__ import annotations

from dataclasses import dataclass

from sunshine.catalog.models import PowerVersion
from sunshine.catalog.services.lifecycle import VERSION_FIELDS


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


def _field_text(version: PowerVersion, name: str) -> str:
    if name == "department_id":
        return version.department.name
    value = getattr(version, name)
    display = getattr(version, f"get_{name}_display", None)
    if display is not None:
        return str(display())
    if isinstance(value, bool):
        return "是" if value else "否"
    return "" if value is None else str(value)


def _measures(point) -> str:
    return "；".join(m.description for m in point.measures.all())


def _range(tier) -> str:
    if tier.min_amount is None and tier.max_amount is None:
        return ""
    return f"{tier.min_amount or 0}至{tier.max_amount or '不限'}元"


def _part_lines(version: PowerVersion) -> dict[str, list[str]]:
    return {
        "法律依据": [
            f"{b.get_level_display()}《{b.statute}》{b.article} {b.text}".strip()
            for b in version.legal_bases.all()
        ],
        "申请材料": [
            f"{m.name}（{m.copies}份{'' if m.required else '，非必需'}）{m.note}"
            for m in version.materials.all()
        ],
        "责任岗位": [str(r) for r in version.responsibilities.select_related("post", "person")],
        "风险点": [
            f"[{p.level}] {p.step_name or p.step_id}：{p.description}；措施：{_measures(p)}"
            for p in version.risk_points.prefetch_related("measures")
        ],
        "自由裁量基准": [
            f"{b.violation}：{t.grade}{t.band} {t.circumstances} {_range(t)} {t.measure}".strip()
            for b in version.benchmarks.prefetch_related("tiers")
            for t in b.tiers.all()
        ],
        "流程图": [getattr(getattr(version, "flowchart", None), "xml", "")],
    }


def version_diff(old: PowerVersion, new: PowerVersion) -> list[Change]:
    """The changes from ``old`` to ``new``, fields first, then parts line by line."""
    changes = []
    for name in VERSION_FIELDS:
        before, after = _field_text(old, name), _field_text(new, name)
        if before != after:
            field = PowerVersion._meta.get_field(name.removesuffix("_id"))
            changes.append(Change(str(field.verbose_name), before, after))
    old_parts, new_parts = _part_lines(old), _part_lines(new)
    for label, before_lines in old_parts.items():
        after_lines = new_parts[label]
        if label == "流程图":
            if before_lines != after_lines:
                changes.append(Change(label, "（原流程图）", "（流程图已修改）"))
            continue
        removed = [line for line in before_lines if line not in after_lines]
        added = [line for line in after_lines if line not in before_lines]
        if removed or added:
            changes.append(Change(label, "\n".join(removed), "\n".join(added)))
    return changes
