"""The catalogue list (search), registering a power, a version's page and the comparison with the
version before it."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunshine.catalog import selectors, services
from sunshine.catalog.choices import Category, ReviewKind, ReviewOutcome, Status
from sunshine.catalog.diff import version_diff
from sunshine.catalog.forms import ItemCreateForm, SearchForm
from sunshine.catalog.views.common import (
    FormPage,
    StaffView,
    level_badge,
    problem_rows,
    status_badge,
    version_url,
)
from sunshine.core.errors import NotFound
from sunshine.core.permissions import has_permission, require_permission
from sunshine.flows import engine
from sunshine.flows.services import flowchart_from_template
from sunshine.org import selectors as org_selectors

PAGE_SIZE = 50
REVIEW_PERMISSION = {
    ReviewKind.LEGAL: "catalog.review_legal",
    ReviewKind.DISCIPLINE: "catalog.review_discipline",
}


def template_choices() -> list[tuple[str, str]]:
    return [(name, _(title)) for name, title in engine.TEMPLATES.items()]


class ItemListView(StaffView):
    """The powers in scope (their latest versions), searched by name or code, category, department,
    risk grade and state; htmx refreshes the results only."""

    def get(self, request):
        actor = self.actor
        require_permission(actor, "catalog.view")
        units = org_selectors.unit_list(actor=actor, perm="catalog.view")
        form = SearchForm(request.GET or None, units=units)
        versions = selectors.version_search(actor=actor, **form.filters())
        page = Paginator(versions, PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        rows = [
            {
                "version": v,
                "status": status_badge(v.status),
                "level": level_badge(v.top_level),
                "url": version_url(v),
            }
            for v in page.object_list
        ]
        context = {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "can_create": has_permission(actor, "catalog.edit"),
            "can_import": has_permission(actor, "catalog.import"),
        }
        template = "catalog/item_list.html#rows" if request.htmx else "catalog/item_list.html"
        return render(request, template, context)


class ItemCreateView(FormPage):
    """Register a power (清理登记): its first version, a draft, in a department the actor edits; its
    body is that department's. Optionally the flowchart starts from a built-in template."""

    template_name = "catalog/form.html"
    form_class = ItemCreateForm
    title = gettext_lazy("登记职权事项")
    submit_label = gettext_lazy("登记")
    intro = gettext_lazy("登记后为草稿，补齐依据、流程图、风险点等要素后提交法制和纪检审核。")

    def check(self, obj) -> None:
        require_permission(self.actor, "catalog.edit")

    def form_kwargs(self, obj) -> dict:
        return {
            "units": org_selectors.unit_list(actor=self.actor, perm="catalog.edit"),
            "templates": template_choices(),
        }

    def perform(self, form, obj):
        data = dict(form.cleaned_data)
        template = data.pop("template")
        department = data["department"]
        with transaction.atomic():  # the item and its first diagram, or neither
            version = services.item_create(actor=self.actor, body=department.body or department, **data)
            if template:
                flowchart_from_template(actor=self.actor, version=version, template=template)
        return version

    def done(self, result, obj) -> str:
        return version_url(result)

    def cancel_url(self, obj) -> str:
        return reverse("catalog:item_list")

    def context(self, obj) -> dict:
        return {"grid": True}

    def success_message(self, result, obj) -> str:
        return _("已登记“%(name)s”") % {"name": result.name}


def version_actions(actor, version, reviews) -> dict:
    """What the viewer may do with this version now (the services check it again)."""
    status = version.status
    editable = status == Status.DRAFT and has_permission(actor, "catalog.edit", version)
    done_kinds = {r.kind for r in reviews if r.round == version.review_round}
    review_kinds = [
        kind
        for kind, perm in REVIEW_PERMISSION.items()
        if status == Status.SUBMITTED and kind not in done_kinds and has_permission(actor, perm, version)
    ]
    is_latest = version.item.latest_id == version.pk
    return {
        "can_edit": editable,
        "can_submit": editable,
        "can_review": bool(review_kinds),
        "can_publish": status == Status.REVIEWED and has_permission(actor, "catalog.publish", version),
        "can_new_version": is_latest
        and status in (Status.PUBLISHED, Status.SUPERSEDED)
        and has_permission(actor, "catalog.edit", version),
        "is_latest": is_latest,
    }


def risk_rows(version) -> list[dict]:
    return [
        {"point": p, "level": level_badge(p.level), "measures": list(p.measures.all())}
        for p in version.risk_points.all()
    ]


def step_rows(flowchart, risks: dict) -> list[dict]:
    """The flowchart's steps as a table (what the diagram says, readable without it)."""
    if flowchart is None:
        return []
    rows = []
    for step in flowchart.steps:
        if step.get("kind") not in engine.HUMAN_TASK_KINDS:
            continue
        unit = step.get("time_unit")
        rows.append(
            {
                "id": step["element_id"],
                "name": step.get("name") or step["element_id"],
                "lane": step.get("lane") or "",
                "limit": step.get("time_limit"),
                "unit": _(engine.TIME_UNITS[unit]) if unit in engine.TIME_UNITS else "",
                "supervision": step.get("supervision"),
                "level": level_badge(risks.get(step["element_id"], {}).get("level")),
            }
        )
    return rows


def version_notice(version, item, history) -> dict | None:
    """Where this version stands among the item's versions, when it is not the latest."""
    latest = next((v for v in history if v.pk == item.latest_id), None)
    if latest is None or latest.pk == version.pk:
        return None
    if version.pk == item.current_id:
        text = _("该事项正在修订：第%(n)d版（%(status)s）。本版在新版发布前继续有效。") % {
            "n": latest.number,
            "status": latest.get_status_display(),
        }
        return {"text": text, "url": version_url(latest), "link": _("查看第%(n)d版") % {"n": latest.number}}
    current = next((v for v in history if v.pk == item.current_id), None) or latest
    text = _("这是历史版本，不是现行版本。")
    return {"text": text, "url": version_url(current), "link": _("查看第%(n)d版") % {"n": current.number}}


class VersionDetailView(StaffView):
    """Everything of a version: the entry, its flowchart with the risk colours, risk points and
    measures, benchmarks, reviews and history; for a draft, what still stops its publication."""

    def get(self, request, pk: int):
        actor = self.actor
        version = selectors.version_get(actor=actor, pk=pk)
        item = version.item
        flowchart = getattr(version, "flowchart", None)
        risks = selectors.risk_map(version)
        reviews = list(version.reviews.all())
        history = list(selectors.item_versions(item))
        previous = next((v for v in history if v.number < version.number), None)
        actions = version_actions(actor, version, reviews)
        problems = (
            problem_rows(services.publication_problems(version)) if version.status == Status.DRAFT else []
        )
        context = {
            "version": version,
            "item": item,
            "status": status_badge(version.status),
            "flowchart": flowchart,
            "risks": risks,
            "risk_rows": risk_rows(version),
            "steps": step_rows(flowchart, risks),
            "benchmarks": list(version.benchmarks.all()),
            "reviews": [
                {"review": r, "tag": "tag-green" if r.outcome == ReviewOutcome.APPROVED else "tag-orange"}
                for r in reviews
            ],
            "history": [
                {"version": v, "status": status_badge(v.status), "current": v.pk == version.pk}
                for v in history
            ],
            "previous": previous,
            "problems": problems,
            "is_draft": version.status == Status.DRAFT,
            "is_penalty": version.category == Category.PENALTY,
            **actions,
        }
        context["notice"] = version_notice(version, item, history)
        return render(request, "catalog/version_detail.html", context)


class VersionCompareView(StaffView):
    """What changed from the version before (AUD-4: a change is a new version, its diff visible)."""

    def get(self, request, pk: int):
        actor = self.actor
        version = selectors.version_get(actor=actor, pk=pk)
        previous = (
            selectors.item_versions(version.item)
            .filter(number__lt=version.number)
            .order_by("-number")
            .first()
        )
        if previous is None:
            raise NotFound("not_found", _("这是第一版，没有可比较的上一版"))
        previous = selectors.version_get(actor=actor, pk=previous.pk)
        context = {
            "version": version,
            "previous": previous,
            "changes": version_diff(previous, version),
        }
        return render(request, "catalog/version_compare.html", context)
