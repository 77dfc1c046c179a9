"""The built-in roles every installation has (SEC-1, SEC-6).

Created after each migrate (and after a test flush) when missing; an existing role is never changed
here, because the security administrator owns it. Each app contributes the default permissions of
the built-in roles through ``builtin_role_permissions`` on its AppConfig; a later app that adds
permissions to installations that already have the roles does so in a data migration of its own.
"""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext_noop

from sunshine.core.permissions import RoleKind

BUILTIN_ROLES = [
    # code, name, kind, description
    ("clerk", gettext_noop("承办人"), RoleKind.BUSINESS, gettext_noop("办理具体事项的工作人员")),
    (
        "section_head",
        gettext_noop("科室负责人"),
        RoleKind.BUSINESS,
        gettext_noop("科室（股室）负责人，审核本科室事项"),
    ),
    (
        "deputy_leader",
        gettext_noop("分管领导"),
        RoleKind.BUSINESS,
        gettext_noop("分管有关领域和科室的领导班子成员"),
    ),
    (
        "principal_leader",
        gettext_noop("主要负责人"),
        RoleKind.BUSINESS,
        gettext_noop("单位主要负责人（一把手）"),
    ),
    (
        "discipline_inspector",
        gettext_noop("纪检监察员"),
        RoleKind.BUSINESS,
        gettext_noop("纪检监察机构工作人员，负责监督"),
    ),
    (
        "office_clerk",
        gettext_noop("办公室工作人员"),
        RoleKind.BUSINESS,
        gettext_noop("办公室文秘、会务、督办"),
    ),
    (
        "legal_reviewer",
        gettext_noop("法制审核员"),
        RoleKind.BUSINESS,
        gettext_noop("法制机构工作人员，负责合法性审查"),
    ),
    (
        "system_admin",
        gettext_noop("系统管理员"),
        RoleKind.SYSTEM_ADMIN,
        gettext_noop("管理账号、组织机构和系统设置，不查阅业务数据"),
    ),
    ("security_admin", gettext_noop("安全管理员"), RoleKind.SECURITY_ADMIN, gettext_noop("管理角色和授权")),
    ("audit_admin", gettext_noop("审计管理员"), RoleKind.AUDIT_ADMIN, gettext_noop("只查阅审计日志")),
]


def default_permissions(code: str) -> list[str]:
    codes: set[str] = set()
    for config in apps.get_app_configs():
        codes.update(getattr(config, "builtin_role_permissions", {}).get(code, []))
    return sorted(codes)


def ensure_builtin_roles(**kwargs) -> int:
    """post_migrate handler: create the built-in roles that are missing; return how many."""
    from sunshine.org.models import Role

    created = 0
    for code, name, kind, description in BUILTIN_ROLES:
        if not Role.objects.filter(code=code).exists():
            Role.objects.create(
                code=code,
                name=name,
                kind=kind,
                description=description,
                permissions=default_permissions(code),
                is_builtin=True,
            )
            created += 1
    return created


def grant_builtin_permissions(apps, permissions_by_role: dict[str, list[str]]) -> None:
    """For an app's data migration: give the built-in roles of an existing installation the app's
    default permissions (roles created after it get them from ``default_permissions``)."""
    Role = apps.get_model("org", "Role")
    for code, perms in permissions_by_role.items():
        for role in Role.objects.filter(code=code, is_builtin=True):
            missing = [p for p in perms if p not in role.permissions]
            if missing:
                role.permissions = sorted([*role.permissions, *missing])
                role.save(update_fields=["permissions"])
