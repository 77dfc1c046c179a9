"""Personal power lists (个人权力清单, CAT-1, CAT-113) of posts and people, and the completeness
report (CAT-119 五个一) with its chart drawn as inline SVG."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunshine.catalog import selectors
from sunshine.catalog.choices import RiskLevel
from sunshine.catalog.views.common import StaffView, level_badge, version_url
from sunshine.core.permissions import require_permission
from sunshine.flows import engine
from sunshine.org import selectors as org_selectors
from sunshine.org.choices import UnitKind


def entry_rows(entries) -> list[dict]:
    """A personal power list's rows: the power, the post's roles, its steps (with time limits) and
    the risk points on those steps with their measures."""
    rows = []
    for entry in entries:
        version = entry.version
        # A post named in the entry answers for all its risk points; a lane for those on its steps.
        step_ids = {s["element_id"] for s in entry.steps}
        points = [
            {"point": p, "level": level_badge(p.level), "measures": [m.description for m in p.measures.all()]}
            for p in version.risk_points.prefetch_related("measures")
            if entry.roles or p.step_id in step_ids
        ]
        steps = []
        for step in entry.steps:
            unit = step.get("time_unit")
            limit = step.get("time_limit")
            steps.append(
                {
                    "name": step.get("name") or step["element_id"],
                    "limit": f"{limit}{_(engine.TIME_UNITS[unit])}"
                    if limit and unit in engine.TIME_UNITS
                    else "",
                }
            )
        rows.append(
            {
                "version": version,
                "url": version_url(version),
                "roles": entry.roles,
                "steps": steps,
                "points": points,
            }
        )
    return rows


class PowerListsView(StaffView):
    """The posts in the actor's scope with how many powers each holds (links to their lists)."""

    def get(self, request):
        require_permission(self.actor, "catalog.view")
        groups: dict[int, dict] = {}
        for post in org_selectors.post_list(actor=self.actor, with_holders=True):
            group = groups.setdefault(post.unit_id, {"unit": post.unit, "posts": []})
            group["posts"].append(
                {
                    "post": post,
                    "count": len(selectors.post_powers(post)),
                    "holders": [h.person for h in post.current_holdings],
                }
            )
        return render(request, "catalog/power_lists.html", {"groups": list(groups.values())})


class PostPowersView(StaffView):
    def get(self, request, pk: int):
        post = selectors.post_get(actor=self.actor, pk=pk)
        holders = [
            h.person for h in org_selectors.current_holdings().filter(post=post).select_related("person")
        ]
        context = {"post": post, "holders": holders, "rows": entry_rows(selectors.post_powers(post))}
        return render(request, "catalog/post_powers.html", context)


class PersonPowersView(StaffView):
    def get(self, request, pk: int):
        person = selectors.person_get(actor=self.actor, pk=pk)
        lists = [
            {"post": post, "rows": entry_rows(entries)} for post, entries in selectors.person_powers(person)
        ]
        return render(request, "catalog/person_powers.html", {"person": person, "lists": lists})


# --- Completeness report ------------------------------------------------------------------------------

ELEMENT_LABELS = {
    "basis": gettext_lazy("法律依据"),
    "handler": gettext_lazy("承办岗位"),
    "main_risk": gettext_lazy("主要风险点"),
    "measures": gettext_lazy("防控措施"),
    "flowchart": gettext_lazy("流程图"),
}
LEVEL_COLOURS = {RiskLevel.A: "#c62828", RiskLevel.B: "#e67e22", RiskLevel.C: "#f2c230"}

# Geometry of the chart (SVG user units): one band per department, two bars in each.
LABEL_WIDTH = 150
BAR_AREA = 420
BAND = 46
TOP = 34


def chart(rows) -> dict:
    """Bars per department: risk points stacked by grade (A, B, C), and incomplete items beside
    all items. Computed here so that the template only places rectangles."""
    scale_max = max([sum(r.risks.values()) for r in rows] + [r.items for r in rows] + [1])
    bands = []
    for i, row in enumerate(rows):
        y = TOP + i * BAND
        x = LABEL_WIDTH
        segments = []
        for level in RiskLevel.values:
            n = row.risks.get(level, 0)
            width = BAR_AREA * n / scale_max
            if n:
                segments.append(
                    {
                        "x": round(x, 1),
                        "width": round(width, 1),
                        "colour": LEVEL_COLOURS[level],
                        "level": level,
                        "n": n,
                    }
                )
            x += width
        total = sum(row.risks.values())
        items_width = BAR_AREA * row.items / scale_max
        bands.append(
            {
                "label": row.department.name,
                "y": y,
                "label_y": y + 17,
                "risk_y": y + 4,
                "segments": segments,
                "risk_total": total,
                "risk_end": round(x + 6, 1),
                "items_y": y + 22,
                "items_width": round(items_width, 1),
                "incomplete_width": round(BAR_AREA * row.incomplete / scale_max, 1),
                "items_end": round(LABEL_WIDTH + items_width + 6, 1),
                "items": row.items,
                "incomplete": row.incomplete,
            }
        )
    return {
        "bands": bands,
        "width": LABEL_WIDTH + BAR_AREA + 140,
        "height": TOP + len(rows) * BAND + 8,
        "bar_x": LABEL_WIDTH,
        "legend": [
            {
                "x": LABEL_WIDTH + i * 92,
                "colour": LEVEL_COLOURS[level],
                "label": _("%(l)s级风险点") % {"l": level},
            }
            for i, level in enumerate(RiskLevel.values)
        ]
        + [
            {"x": LABEL_WIDTH + 276, "colour": "#1d4f91", "label": _("不完整事项")},
            {"x": LABEL_WIDTH + 372, "colour": "#b8cdea", "label": _("事项总数")},
        ],
    }


class ReportView(StaffView):
    """Per department: items, how many lack each of the five elements, risk points by grade and
    posts that no power names, with the chart."""

    def get(self, request):
        actor = self.actor
        require_permission(actor, "catalog.view")
        bodies = list(org_selectors.unit_list(actor=actor, kind=UnitKind.BODY, perm="catalog.view"))
        body = next((b for b in bodies if str(b.pk) == request.GET.get("body", "")), None)
        rows = selectors.completeness_report(actor=actor, body=body)
        totals = {
            "items": sum(r.items for r in rows),
            "missing": {k: sum(r.missing.get(k, 0) for r in rows) for k in (*ELEMENT_LABELS, "any")},
            "risks": {level: sum(r.risks.get(level, 0) for r in rows) for level in RiskLevel.values},
            "posts": sum(len(r.posts_without_list) for r in rows),
        }
        table = [
            {
                "row": r,
                "missing": [r.missing.get(k, 0) for k in ELEMENT_LABELS],
                "risks": [r.risks.get(level, 0) for level in RiskLevel.values],
            }
            for r in rows
        ]
        context = {
            "rows": table,
            "elements": list(ELEMENT_LABELS.values()),
            "levels": [level_badge(level) for level in RiskLevel.values],
            "totals": totals,
            "total_missing": [totals["missing"][k] for k in ELEMENT_LABELS],
            "total_risks": [totals["risks"][level] for level in RiskLevel.values],
            "chart": chart(rows) if rows else None,
            "bodies": bodies if len(bodies) > 1 else [],
            "body": body,
        }
        return render(request, "catalog/report.html", context)
