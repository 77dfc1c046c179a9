from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "sunshine.org"
    label = "org"
    verbose_name = _("组织机构")
    navigation = [
        ("org:unit_list", _("组织机构"), "org.view", 10),
        ("org:account_list", _("账号管理"), "accounts.manage", 800),
        ("org:role_list", _("角色授权"), "roles.manage", 810),
    ]

    # Default permissions of the built-in roles (org.builtin); every app lists its own.
    builtin_role_permissions = {
        "clerk": ["org.view"],
        "section_head": ["org.view"],
        "deputy_leader": ["org.view"],
        "principal_leader": ["org.view"],
        "discipline_inspector": ["org.view"],
        "office_clerk": ["org.view"],
        "legal_reviewer": ["org.view"],
        "system_admin": ["org.view", "org.manage", "accounts.manage"],
        "security_admin": ["org.view", "roles.manage"],
        "audit_admin": ["org.view"],
    }

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from sunshine.core import permissions
        from sunshine.org.builtin import ensure_builtin_roles

        post_migrate.connect(ensure_builtin_roles, sender=self, dispatch_uid="org_builtin_roles")

        permissions.register("org.view", _("查看组织机构和人员"), shared=True)
        permissions.register("org.manage", _("维护组织机构、岗位、人员和领导分工"), admin_kind="system_admin")
        permissions.register("accounts.manage", _("管理账号"), admin_kind="system_admin")
        permissions.register("roles.manage", _("管理角色和授权"), admin_kind="security_admin")
