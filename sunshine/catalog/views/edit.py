"""Editing a draft: its fields, the lists that belong to it (legal bases, materials, responsible
posts, discretion benchmarks), its risk points and measures, and its flowchart."""

from __future__ import annotations

import contextlib

from django.contrib import messages
from django.db.models import Q
from django.forms import formset_factory
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunshine.catalog import selectors, services
from sunshine.catalog.choices import Category
from sunshine.catalog.forms import (
    FlowchartForm,
    LegalBasisRowForm,
    MaterialRowForm,
    MeasureForm,
    ResponsibilityRowForm,
    RiskPointForm,
    TemplateForm,
    TierRowForm,
    VersionEditForm,
)
from sunshine.catalog.services.items import require_editable
from sunshine.catalog.views.common import (
    DraftPage,
    StaffView,
    body_people,
    body_posts,
    level_badge,
    version_url,
)
from sunshine.catalog.views.items import template_choices
from sunshine.core.errors import DomainError, InvalidInput, NotFound
from sunshine.core.pages import FORM_ERRORS, apply_error, on_the_form
from sunshine.core.permissions import require_permission
from sunshine.core.rules import get_rule
from sunshine.flows.services import flowchart_from_template, flowchart_save
from sunshine.org import selectors as org_selectors


def load_draft(actor, pk: int):
    """The draft the actor may edit (404 outside the scope, 403 without the permission, the AUD-4
    refusal page when it is no longer a draft)."""
    version = selectors.version_get(actor=actor, pk=pk)
    require_permission(actor, "catalog.edit", version)
    require_editable(version)
    return version


class VersionEditView(DraftPage):
    form_class = VersionEditForm
    title = gettext_lazy("编辑职权事项")

    def context(self, obj) -> dict:
        return {"version": obj, "grid": True}

    def initial(self, obj) -> dict:
        initial = {f: getattr(obj, f) for f in VersionEditForm.FIELDS if f != "department"}
        return {**initial, "department": obj.department_id, "version": obj.version}

    def form_kwargs(self, obj) -> dict:
        return {"units": org_selectors.unit_list(actor=self.actor, perm="catalog.edit")}

    def perform(self, form, obj):
        data = dict(form.cleaned_data)
        return services.version_update(
            actor=self.actor, version=obj, expected_version=data.pop("version"), **data
        )

    def success_message(self, result, obj) -> str:
        return _("已保存")


# --- Lists of rows ------------------------------------------------------------------------------------


class RowsPage(StaffView):
    """One kind of a draft's rows as a table: change, add (blank rows at the end, more on request)
    and remove (tick 删除); saving replaces the whole list through the service. A refusal names the
    row and the field (第2行 法律法规名称：…)."""

    template_name = "catalog/version_rows.html"
    form_class = None
    prefix = ""
    title = ""
    intro = ""
    extra = 2
    anchor = ""
    cards = False  # one small card per row instead of a table row (for wide rows)

    def rows_of(self, version) -> list[dict]:
        raise NotImplementedError

    def save(self, version, rows: list[dict]):
        raise NotImplementedError

    def form_kwargs(self, version) -> dict:
        return {}

    def payload(self, rows: list[dict]):
        """What the service takes, and how to find the row of a field it names."""
        return rows, self.locate_simple

    def locate_simple(self, field: str) -> tuple[int, str] | None:
        """(index among the saved rows, field name) of a service field like ``legal_bases.2.statute``."""
        parts = (field or "").split(".")
        if len(parts) >= 2 and parts[1].isdigit():
            return int(parts[1]), parts[2] if len(parts) > 2 else ""
        return None

    def formset(self, version, data=None, extra=None):
        formset_class = formset_factory(self.form_class, extra=self.extra if extra is None else extra)
        initial = None if data is not None else self.rows_of(version)
        return formset_class(data, initial=initial, prefix=self.prefix, form_kwargs=self.form_kwargs(version))

    def render_page(self, version, formset, status=200, summary=(), rule=None):
        context = {
            "version": version,
            "formset": formset,
            "title": f"{self.title}：{version.name}",
            "intro": self.intro,
            "summary": summary,
            "rule": rule,
            "cards": self.cards,
            "cancel_url": version_url(version, self.anchor),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk: int):
        version = load_draft(self.actor, pk)
        return self.render_page(version, self.formset(version))

    def post(self, request, pk: int):
        version = load_draft(self.actor, pk)
        if "add_rows" in request.POST:  # more blank rows, keeping what was typed
            data = request.POST.copy()
            key = f"{self.prefix}-TOTAL_FORMS"
            with contextlib.suppress(ValueError):
                data[key] = str(min(int(data.get(key, 0)) + self.extra, 200))
            return self.render_page(version, self.formset(version, data))
        formset = self.formset(version, request.POST)
        if not formset.is_valid():
            return self.render_page(version, formset, 422, self.summary(formset))
        kept, where = [], []
        for i, form in enumerate(formset.forms):
            if form.cleaned_data and not form.cleaned_data.get("remove") and not form.is_blank():
                kept.append(form.row())
                where.append(i)
        payload, locate = self.payload(kept)
        try:
            self.save(version, payload)
        except DomainError as error:
            if not isinstance(error, FORM_ERRORS):
                raise
            found = locate(error.field or "")
            top = []
            if found is not None and found[0] < len(where):
                form = formset.forms[where[found[0]]]
                form.add_error(found[1] if found[1] in form.fields else None, str(error.message))
            else:  # about the list as a whole
                top.append(str(error.message))
            rule = get_rule(error.rule).as_dict() if error.rule else None
            return self.render_page(version, formset, 422, top + self.summary(formset), rule)
        messages.success(request, _("已保存%(what)s") % {"what": self.title})
        return redirect(version_url(version, self.anchor))

    def summary(self, formset) -> list[str]:
        """Every error as one line naming its row and field, for the top of the page."""
        lines = [str(e) for e in formset.non_form_errors()]
        for i, form in enumerate(formset.forms):
            for name, errors in form.errors.items():
                label = form.fields[name].label if name in form.fields else ""
                for error in errors:
                    if label:
                        lines.append(
                            _("第%(n)d行“%(field)s”：%(error)s")
                            % {"n": i + 1, "field": label, "error": error}
                        )
                    else:
                        lines.append(_("第%(n)d行：%(error)s") % {"n": i + 1, "error": error})
        return lines


class LegalBasesView(RowsPage):
    form_class = LegalBasisRowForm
    prefix = "legal_bases"
    title = gettext_lazy("法律依据")
    intro = gettext_lazy(
        "按法律、行政法规、部门规章、地方性法规、地方政府规章、规范性文件的顺序排列（CAT-112）。"
    )
    anchor = "#basis"

    def rows_of(self, version) -> list[dict]:
        return [
            {"level": b.level, "statute": b.statute, "article": b.article, "text": b.text}
            for b in version.legal_bases.all()
        ]

    def save(self, version, rows):
        return services.legal_bases_set(actor=self.actor, version=version, rows=rows)


class MaterialsView(RowsPage):
    form_class = MaterialRowForm
    prefix = "materials"
    title = gettext_lazy("申请材料")
    intro = gettext_lazy("申请人须提交的材料；一次性告知时据此列出缺少的材料（CAT-122）。")
    anchor = "#materials"

    def rows_of(self, version) -> list[dict]:
        return [
            {"name": m.name, "copies": m.copies, "required": m.required, "note": m.note}
            for m in version.materials.all()
        ]

    def save(self, version, rows):
        return services.materials_set(actor=self.actor, version=version, rows=rows)


class ResponsibilitiesView(RowsPage):
    form_class = ResponsibilityRowForm
    prefix = "responsibilities"
    title = gettext_lazy("责任岗位")
    intro = gettext_lazy("承办、审核、审批领导和集体决策机构（CAT-113）；至少要有承办岗位。")
    anchor = "#posts"

    def rows_of(self, version) -> list[dict]:
        return [
            {"role": r.role, "post": r.post_id, "person": r.person_id, "collective_body": r.collective_body}
            for r in version.responsibilities.all()
        ]

    def form_kwargs(self, version) -> dict:
        # The posts and people the actor may see (SEC-7), plus those the list names already.
        named = list(version.responsibilities.all())
        posts = body_posts(self.actor, version)
        people = body_people(self.actor, version)
        posts = posts.model.objects.filter(
            Q(pk__in=posts.values("pk")) | Q(pk__in=[r.post_id for r in named if r.post_id])
        )
        people = people.model.objects.filter(
            Q(pk__in=people.values("pk")) | Q(pk__in=[r.person_id for r in named if r.person_id])
        )
        order = ("unit__path", "sort_order", "id")
        return {
            "posts": posts.select_related("unit").order_by(*order),
            "people": people.select_related("unit").order_by(*order),
        }

    def save(self, version, rows):
        return services.responsibilities_set(actor=self.actor, version=version, rows=rows)


class BenchmarksView(RowsPage):
    """Discretion benchmarks (CAT-127): one row per tier; consecutive rows of one violation make
    one benchmark (a blank 违法行为 continues the row above)."""

    form_class = TierRowForm
    prefix = "tiers"
    title = gettext_lazy("自由裁量基准")
    intro = gettext_lazy(
        "每行一个裁量档次；同一违法行为的各档连续填写，违法行为一栏留空表示同上一行（CAT-127）。"
    )
    extra = 3
    anchor = "#benchmarks"
    cards = True

    def rows_of(self, version) -> list[dict]:
        rows = []
        for bench in version.benchmarks.all():
            for j, tier in enumerate(bench.tiers.all()):
                rows.append(
                    {
                        "violation": bench.violation if j == 0 else "",
                        "basis": bench.basis if j == 0 else "",
                        "grade": tier.grade,
                        "band": tier.band,
                        "circumstances": tier.circumstances,
                        "min_amount": tier.min_amount,
                        "max_amount": tier.max_amount,
                        "measure": tier.measure,
                    }
                )
        return rows

    def payload(self, rows):
        benchmarks: list[dict] = []
        rows_of: list[list[int]] = []  # benchmark → indexes of its rows among the saved rows
        for i, row in enumerate(rows):
            violation = (row["violation"] or "").strip()
            if not benchmarks or (violation and violation != benchmarks[-1]["violation"]):
                benchmarks.append({"violation": violation, "basis": row["basis"], "tiers": []})
                rows_of.append([])
            elif row["basis"] and not benchmarks[-1]["basis"]:
                benchmarks[-1]["basis"] = row["basis"]
            tier = {
                k: row[k] for k in ("grade", "band", "circumstances", "min_amount", "max_amount", "measure")
            }
            benchmarks[-1]["tiers"].append(tier)
            rows_of[-1].append(i)

        def locate(field: str) -> tuple[int, str] | None:
            parts = field.split(".")
            if len(parts) < 3 or not parts[1].isdigit() or int(parts[1]) >= len(rows_of):
                return None
            group = rows_of[int(parts[1])]
            if parts[2] == "tiers" and len(parts) >= 5 and parts[3].isdigit() and int(parts[3]) < len(group):
                return group[int(parts[3])], parts[4]
            return group[0], parts[2]

        return benchmarks, locate

    def save(self, version, benchmarks):
        return services.benchmarks_set(actor=self.actor, version=version, benchmarks=benchmarks)


# --- Risk points ------------------------------------------------------------------------------------


def step_choices(version) -> list[tuple[str, str]]:
    """The steps a risk point may sit on: the flowchart's tasks and gateways, with their posts."""
    flowchart = getattr(version, "flowchart", None)
    if flowchart is None:
        return []
    choices = []
    for step in flowchart.steps:
        if step.get("kind") in ("startEvent", "endEvent"):
            continue
        label = step.get("name") or step["element_id"]
        if step.get("lane"):
            label = _("%(step)s（%(lane)s）") % {"step": label, "lane": step["lane"]}
        choices.append((step["element_id"], label))
    return choices


class RiskPointsView(StaffView):
    """The draft's risk points with their measures; a form to add one (on a step of the flowchart),
    small forms to add or remove a measure, mark the main point or remove a point."""

    template = "catalog/risk_points.html"

    def risk_form(self, version, data=None):
        return RiskPointForm(data, steps=step_choices(version), posts=body_posts(self.actor, version))

    def show(self, version, form=None, measure_forms=None, status=200):
        points = []
        for point in version.risk_points.all():
            points.append(
                {
                    "point": point,
                    "level": level_badge(point.level),
                    "measures": list(point.measures.all()),
                    "measure_form": (measure_forms or {}).get(point.pk) or MeasureForm(prefix=f"m{point.pk}"),
                }
            )
        context = {
            "version": version,
            "points": points,
            "form": form or self.risk_form(version),
            "has_flowchart": getattr(version, "flowchart", None) is not None,
            "cancel_url": version_url(version, "#risks"),
        }
        return render(self.request, self.template, context, status=status)

    def get(self, request, pk: int):
        return self.show(load_draft(self.actor, pk))

    def post(self, request, pk: int):
        version = load_draft(self.actor, pk)
        form = self.risk_form(version, request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("measures")
            try:
                services.risk_point_add(
                    actor=self.actor, version=version, measures=form.measure_lines(), **data
                )
            except DomainError as error:
                if not on_the_form(error, form):
                    raise
                if (error.field or "").startswith("measures."):
                    error.field = "measures"
                apply_error(form, error)
                return self.show(version, form=form, status=422)
            messages.success(request, _("已添加风险点"))
            return redirect(reverse("catalog:risk_points", args=[version.pk]))
        return self.show(version, form=form, status=422)


def _point(version, risk_pk: int):
    point = next((p for p in version.risk_points.all() if p.pk == risk_pk), None)
    if point is None:
        raise NotFound("not_found", _("风险点不存在"))
    return point


class RiskPointActionView(StaffView):
    """POST only: remove a risk point, or mark it the main one; back to the risk points page."""

    http_method_names = ["post"]

    def post(self, request, pk: int, risk: int, action: str):
        version = load_draft(self.actor, pk)
        point = _point(version, risk)
        if action == "remove":
            services.risk_point_remove(actor=self.actor, point=point)
            messages.success(request, _("已删除风险点"))
        else:
            try:
                expected = int(request.POST.get("version", ""))
            except ValueError:
                expected = 0
            services.risk_point_update(actor=self.actor, point=point, expected_version=expected, is_main=True)
            messages.success(request, _("已设为主要风险点"))
        return redirect(reverse("catalog:risk_points", args=[version.pk]))


class MeasureAddView(RiskPointsView):
    http_method_names = ["post"]

    def post(self, request, pk: int, risk: int):
        version = load_draft(self.actor, pk)
        point = _point(version, risk)
        form = MeasureForm(request.POST, prefix=f"m{point.pk}")
        if form.is_valid():
            try:
                services.measure_add(
                    actor=self.actor, point=point, description=form.cleaned_data["description"]
                )
            except InvalidInput as error:
                apply_error(form, error)
                return self.show(version, measure_forms={point.pk: form}, status=422)
            messages.success(request, _("已添加防控措施"))
            return redirect(reverse("catalog:risk_points", args=[version.pk]) + f"#risk-{point.pk}")
        return self.show(version, measure_forms={point.pk: form}, status=422)


class MeasureRemoveView(StaffView):
    http_method_names = ["post"]

    def post(self, request, pk: int, measure: int):
        version = load_draft(self.actor, pk)
        found = next(
            (m for p in version.risk_points.all() for m in p.measures.all() if m.pk == measure), None
        )
        if found is None:
            raise NotFound("not_found", _("防控措施不存在"))
        services.measure_remove(actor=self.actor, measure=found)
        messages.success(request, _("已删除防控措施"))
        return redirect(reverse("catalog:risk_points", args=[version.pk]) + f"#risk-{found.risk_point_id}")


# --- Flowchart ---------------------------------------------------------------------------------------


class FlowchartEditView(StaffView):
    """The bpmn-js modeler on the draft's diagram (flow-editor.js): the XML goes back in a hidden
    textarea with the diagram's version (AUD-3); a diagram that does not parse stays on the page with
    the parser's message. Without a diagram yet, a built-in template or a blank one to start from."""

    template = "catalog/flowchart_edit.html"

    def show(self, version, form=None, template_form=None, status=200, rule=None):
        flowchart = getattr(version, "flowchart", None)
        if form is None:
            initial = {"xml": flowchart.xml, "version": flowchart.version} if flowchart else {}
            form = FlowchartForm(initial=initial)
        context = {
            "version": version,
            "flowchart": flowchart,
            "form": form,
            "template_form": template_form
            or TemplateForm(
                initial={"template": "penalty" if version.category == Category.PENALTY else "permit"},
                templates=template_choices(),
            ),
            "start_blank": self.request.GET.get("blank") == "1" or bool(form.data.get("xml")),
            "rule": rule,
            "cancel_url": version_url(version, "#flowchart"),
        }
        return render(self.request, self.template, context, status=status)

    def get(self, request, pk: int):
        return self.show(load_draft(self.actor, pk))

    def post(self, request, pk: int):
        version = load_draft(self.actor, pk)
        if "template" in request.POST:
            template_form = TemplateForm(request.POST, templates=template_choices())
            if not template_form.is_valid():
                return self.show(version, template_form=template_form, status=422)
            flowchart_from_template(
                actor=self.actor, version=version, template=template_form.cleaned_data["template"]
            )
            messages.success(request, _("已从模板生成流程图，请按实际办理流程修改后保存"))
            return redirect(reverse("catalog:flowchart_edit", args=[version.pk]))
        form = FlowchartForm(request.POST)
        if not form.is_valid():
            return self.show(version, form=form, status=422)
        try:
            flowchart_save(
                actor=self.actor,
                version=version,
                xml=form.cleaned_data["xml"],
                expected_version=form.cleaned_data["version"],
            )
        except DomainError as error:
            if not on_the_form(error, form):
                raise
            form.add_error(None, str(error.message))
            rule = get_rule(error.rule).as_dict() if error.rule else None
            return self.show(version, form=form, status=409 if error.status == 409 else 422, rule=rule)
        messages.success(request, _("流程图已保存"))
        return redirect(version_url(version, "#flowchart"))


__all__ = [
    "BenchmarksView",
    "FlowchartEditView",
    "LegalBasesView",
    "MaterialsView",
    "MeasureAddView",
    "MeasureRemoveView",
    "ResponsibilitiesView",
    "RiskPointActionView",
    "RiskPointsView",
    "VersionEditView",
]
