"""The built-in roles every installation starts with. Later modules add their permissions to these
roles in their own migrations; the security administrator may edit them (SEC-1, SEC-6)."""

from django.db import migrations

BASE = ["org.view", "workdays.view"]
ROLES = [
    # code, name, kind, permissions, description
    ("clerk", "承办人", "business", BASE, "办理具体事项的工作人员"),
    ("section_head", "科室负责人", "business", BASE, "科室（股室）负责人，审核本科室事项"),
    ("deputy_leader", "分管领导", "business", BASE, "分管有关领域和科室的领导班子成员"),
    ("principal_leader", "主要负责人", "business", BASE, "单位主要负责人（一把手）"),
    ("discipline_inspector", "纪检监察员", "business", BASE, "纪检监察机构工作人员，负责监督"),
    ("office_clerk", "办公室工作人员", "business", BASE, "办公室文秘、会务、督办"),
    ("legal_reviewer", "法制审核员", "business", BASE, "法制机构工作人员，负责合法性审查"),
    (
        "system_admin",
        "系统管理员",
        "system_admin",
        ["org.view", "org.manage", "accounts.manage", "settings.manage", "workdays.view", "workdays.manage"],
        "管理账号、组织机构和系统设置，不查阅业务数据",
    ),
    ("security_admin", "安全管理员", "security_admin", ["org.view", "roles.manage"], "管理角色和授权"),
    ("audit_admin", "审计管理员", "audit_admin", ["org.view", "audit.view"], "只查阅审计日志"),
]


def create_roles(apps, schema_editor):
    Role = apps.get_model("org", "Role")
    for code, name, kind, permissions, description in ROLES:
        Role.objects.get_or_create(
            code=code,
            deleted_at=None,
            defaults={
                "name": name,
                "kind": kind,
                "permissions": permissions,
                "description": description,
                "is_builtin": True,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
