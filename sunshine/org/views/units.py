"""Pages of the organisation tree: the tree with a unit's detail pane, and the forms that set up,
edit, move and remove units and posts and appoint people to posts."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunshine.core.permissions import has_permission, require_permission
from sunshine.org import selectors, services
from sunshine.org.choices import UnitKind
from sunshine.org.forms import (
    HoldingForPostForm,
    PostEditForm,
    PostForm,
    RemoveForm,
    UnitCreateForm,
    UnitEditForm,
    UnitMoveForm,
)
from sunshine.org.models import Unit
from sunshine.org.services._common import has_full_scope
from sunshine.org.views.base import FormPage, OrgView


def unit_url(unit) -> str:
    return reverse("org:unit_detail", args=[unit.pk])


class UnitTreeView(OrgView):
    """The tree of the units in scope beside the detail pane of one of them (htmx swaps the pane)."""

    def get(self, request, pk: int | None = None):
        if request.htmx and pk is not None:  # a click in the tree: the pane only
            unit = selectors.unit_get(actor=self.actor, unit_id=pk)
            return render(request, "org/unit_tree.html#pane", self.pane(unit))
        roots = selectors.unit_tree(actor=self.actor)
        if pk is not None:
            unit = selectors.unit_get(actor=self.actor, unit_id=pk)
        else:
            unit = roots[0].unit if roots else None
        context = {"roots": roots, "current": unit, **(self.pane(unit) if unit else {})}
        context["can_create_root"] = has_permission(self.actor, "org.manage") and has_full_scope(
            self.actor, "org.manage"
        )
        return render(request, "org/unit_tree.html", context)

    def pane(self, unit: Unit) -> dict:
        actor = self.actor
        is_body = unit.kind == UnitKind.BODY
        posts = list(selectors.post_list(actor=actor, unit=unit, with_holders=True))
        people = list(selectors.person_list(actor=actor, unit=unit, include_subunits=False))
        portfolios = list(selectors.portfolio_list(actor=actor, body=unit)) if is_body else []
        principals = list(selectors.principal_leaders_of(unit)) if is_body else []
        can_manage = has_permission(actor, "org.manage", unit)
        return {
            "unit": unit,
            "is_body": is_body,
            "children": list(selectors.unit_children(actor=actor, unit=unit)),
            "posts": posts,
            "people": people,
            "portfolios": portfolios,
            "principals": principals,
            "can_manage": can_manage,
            "parent_visible": unit.parent_id is not None and has_permission(actor, "org.view", unit.parent),
            "can_add_section": can_manage and unit.kind != UnitKind.BODY,
            "can_add_department": can_manage and unit.kind != UnitKind.SECTION,
            "can_add_body": can_manage and is_body,
            "can_add_portfolio": can_manage and is_body,
        }


class UnitCreateView(FormPage):
    form_class = UnitCreateForm
    title = gettext_lazy("新增机构")
    submit_label = gettext_lazy("新增")

    def check(self, obj) -> None:
        require_permission(self.actor, "org.manage")

    def manageable_units(self):
        return selectors.unit_list(actor=self.actor, perm="org.manage")

    def initial(self, obj) -> dict:
        initial = {"kind": self.request.GET.get("kind", UnitKind.DEPARTMENT)}
        if parent := self.request.GET.get("parent", ""):
            initial["parent"] = parent if parent.isdigit() else None
        return initial

    def form_kwargs(self, obj) -> dict:
        return {"units": self.manageable_units()}

    def perform(self, form, obj):
        return services.unit_create(actor=self.actor, **form.cleaned_data)

    def done(self, result, obj) -> str:
        return unit_url(result)

    def success_message(self, result, obj) -> str:
        return _("已新增%(name)s") % {"name": result.name}


class UnitEditView(FormPage):
    form_class = UnitEditForm
    title = gettext_lazy("编辑机构")

    def load(self, pk):
        return selectors.unit_get(actor=self.actor, unit_id=pk)

    def check(self, obj) -> None:
        require_permission(self.actor, "org.manage", obj)

    def initial(self, obj) -> dict:
        fields = ["name", "short_name", "code", "description", "sort_order", "version"]
        return {f: getattr(obj, f) for f in fields}

    def perform(self, form, obj):
        data = dict(form.cleaned_data)
        data["sort_order"] = data["sort_order"] or 0
        return services.unit_update(actor=self.actor, unit=obj, expected_version=data.pop("version"), **data)

    def done(self, result, obj) -> str:
        return unit_url(result)

    def cancel_url(self, obj) -> str:
        return unit_url(obj)

    def success_message(self, result, obj) -> str:
        return _("已保存")


class UnitMoveView(UnitEditView):
    form_class = UnitMoveForm
    title = gettext_lazy("移动机构")
    submit_label = gettext_lazy("移动")
    intro = gettext_lazy("机构连同其下级机构、岗位和人员一起移动。")

    def initial(self, obj) -> dict:
        return {"version": obj.version, "parent": obj.parent_id}

    def form_kwargs(self, obj) -> dict:
        return {
            "units": selectors.unit_list(actor=self.actor, perm="org.manage").exclude(
                path__startswith=obj.path
            )
        }

    def perform(self, form, obj):
        data = form.cleaned_data
        return services.unit_move(
            actor=self.actor, unit=obj, parent=data["parent"], expected_version=data["version"]
        )

    def success_message(self, result, obj) -> str:
        return _("已移动")


class UnitDeleteView(UnitEditView):
    form_class = RemoveForm
    title = gettext_lazy("作废机构")
    submit_label = gettext_lazy("作废")
    intro = gettext_lazy("只有没有下级机构、岗位、人员、角色授权和领导分工的机构才能作废。记录保留备查。")
    danger = True

    def initial(self, obj) -> dict:
        return {"version": obj.version}

    def perform(self, form, obj):
        data = form.cleaned_data
        return services.unit_delete(
            actor=self.actor, unit=obj, reason=data["reason"], expected_version=data["version"]
        )

    def done(self, result, obj) -> str:
        return unit_url(obj.parent) if obj.parent_id else reverse("org:unit_list")

    def success_message(self, result, obj) -> str:
        return _("已作废%(name)s") % {"name": obj.name}


# --- Posts ----------------------------------------------------------------------------------------


class PostCreateView(FormPage):
    form_class = PostForm
    title = gettext_lazy("新增岗位")
    submit_label = gettext_lazy("新增")

    def load(self, pk):
        return selectors.unit_get(actor=self.actor, unit_id=pk)

    def check(self, obj) -> None:
        require_permission(self.actor, "org.manage", obj)

    def initial(self, obj) -> dict:
        return {}

    def get_title(self, obj) -> str:
        return _("在%(unit)s新增岗位") % {"unit": obj.name}

    def perform(self, form, obj):
        data = dict(form.cleaned_data)
        data["sort_order"] = data["sort_order"] or 0
        return services.post_create(actor=self.actor, unit=obj, **data)

    def done(self, result, obj) -> str:
        return unit_url(obj)

    def cancel_url(self, obj) -> str:
        return unit_url(obj)

    def success_message(self, result, obj) -> str:
        return _("已新增岗位%(name)s") % {"name": result.name}


class PostEditView(FormPage):
    form_class = PostEditForm
    title = gettext_lazy("编辑岗位")

    def load(self, pk):
        return selectors.post_get(actor=self.actor, post_id=pk)

    def check(self, obj) -> None:
        require_permission(self.actor, "org.manage", obj)

    def initial(self, obj) -> dict:
        return {f: getattr(obj, f) for f in ["name", "kind", "duties", "sort_order", "version"]}

    def perform(self, form, obj):
        data = dict(form.cleaned_data)
        data["sort_order"] = data["sort_order"] or 0
        return services.post_update(actor=self.actor, post=obj, expected_version=data.pop("version"), **data)

    def done(self, result, obj) -> str:
        return unit_url(obj.unit)

    def cancel_url(self, obj) -> str:
        return unit_url(obj.unit)

    def success_message(self, result, obj) -> str:
        return _("已保存")


class PostDeleteView(PostEditView):
    form_class = RemoveForm
    title = gettext_lazy("作废岗位")
    submit_label = gettext_lazy("作废")
    intro = gettext_lazy("只有无人在任的岗位才能作废。")
    danger = True

    def initial(self, obj) -> dict:
        return {"version": obj.version}

    def perform(self, form, obj):
        data = form.cleaned_data
        return services.post_delete(
            actor=self.actor, post=obj, reason=data["reason"], expected_version=data["version"]
        )

    def success_message(self, result, obj) -> str:
        return _("已作废岗位%(name)s") % {"name": obj.name}


class PostAssignView(PostEditView):
    """Appoint a person to this post (任职)."""

    form_class = HoldingForPostForm
    title = gettext_lazy("任职")
    submit_label = gettext_lazy("任职")

    def get_title(self, obj) -> str:
        return _("%(post)s：任职") % {"post": obj}

    def initial(self, obj) -> dict:
        return {}

    def form_kwargs(self, obj) -> dict:
        return {"people": selectors.person_list(actor=self.actor, unit=obj.unit.body or obj.unit)}

    def perform(self, form, obj):
        data = form.cleaned_data
        return services.post_holding_assign(
            actor=self.actor, person=data["person"], post=obj, start_date=data["start_date"]
        )

    def success_message(self, result, obj) -> str:
        return _("%(name)s已在%(post)s任职") % {"name": result.person.name, "post": obj.name}
