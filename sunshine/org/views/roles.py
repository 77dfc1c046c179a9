"""Pages of roles for the security administrator: the list, a role's permissions (limited to what
its kind may hold, SEC-1/SEC-6), creating and removing custom roles."""

from __future__ import annotations

from django.db.models import Count, Q
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunshine.core.permissions import PERMISSIONS, require_permission
from sunshine.org import selectors, services
from sunshine.org.choices import RoleKind
from sunshine.org.forms import RemoveForm, RoleCreateForm, RoleEditForm
from sunshine.org.views.base import FormPage, OrgView


class RoleListView(OrgView):
    def get(self, request):
        roles = selectors.role_list(actor=self.actor).annotate(
            holders=Count("assignments", filter=Q(assignments__deleted_at__isnull=True))
        )
        rows = [
            {
                "role": role,
                "kind_tag": "tag-blue" if role.kind == RoleKind.BUSINESS else "tag-orange",
                "permissions": [str(PERMISSIONS[c]["label"]) for c in role.permissions if c in PERMISSIONS],
                "can_delete": not role.is_builtin,
            }
            for role in roles
        ]
        return render(request, "org/role_list.html", {"rows": rows})


class RoleCreateView(FormPage):
    form_class = RoleCreateForm
    title = gettext_lazy("新建角色")
    submit_label = gettext_lazy("新建，下一步选择权限")

    def check(self, obj) -> None:
        require_permission(self.actor, "roles.manage")

    def perform(self, form, obj):
        return services.role_create(actor=self.actor, **form.cleaned_data)

    def done(self, result, obj) -> str:
        return reverse("org:role_edit", args=[result.pk])

    def cancel_url(self, obj) -> str:
        return reverse("org:role_list")

    def success_message(self, result, obj) -> str:
        return _("已新建角色%(name)s，请选择其权限") % {"name": result.name}


class RoleEditView(FormPage):
    form_class = RoleEditForm
    title = gettext_lazy("编辑角色")

    def load(self, pk):
        return selectors.role_get(actor=self.actor, role_id=pk)

    def check(self, obj) -> None:
        require_permission(self.actor, "roles.manage")

    def get_title(self, obj) -> str:
        return _("编辑角色：%(name)s（%(kind)s）") % {"name": obj.name, "kind": obj.get_kind_display()}

    def initial(self, obj) -> dict:
        return {
            "version": obj.version,
            "name": obj.name,
            "description": obj.description,
            "permissions": obj.permissions,
        }

    def form_kwargs(self, obj) -> dict:
        return {"kind": obj.kind}

    def perform(self, form, obj):
        data = dict(form.cleaned_data)
        return services.role_update(actor=self.actor, role=obj, expected_version=data.pop("version"), **data)

    def done(self, result, obj) -> str:
        return reverse("org:role_list")

    def cancel_url(self, obj) -> str:
        return reverse("org:role_list")

    def success_message(self, result, obj) -> str:
        return _("已保存角色%(name)s") % {"name": result.name}


class RoleDeleteView(RoleEditView):
    form_class = RemoveForm
    title = gettext_lazy("作废角色")
    submit_label = gettext_lazy("作废")
    intro = gettext_lazy("内置角色不能作废；仍有账号担任的角色须先撤销授权。")
    danger = True

    def get_title(self, obj) -> str:
        return _("作废角色：%(name)s") % {"name": obj.name}

    def initial(self, obj) -> dict:
        return {"version": obj.version}

    def form_kwargs(self, obj) -> dict:
        return {}

    def perform(self, form, obj):
        data = form.cleaned_data
        return services.role_delete(
            actor=self.actor, role=obj, reason=data["reason"], expected_version=data["version"]
        )

    def success_message(self, result, obj) -> str:
        return _("已作废角色%(name)s") % {"name": obj.name}
