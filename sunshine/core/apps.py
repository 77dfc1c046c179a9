import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "sunshine.core"
    label = "core"
    verbose_name = _("基础")
    # Staff UI navigation: (url name, label, permission or None, order). Each app lists its own, so
    # only the modules that exist are shown.
    navigation = [
        ("core:workbench", _("工作台"), None, 0),
        ("core:audit_list", _("审计日志"), "audit.view", 900),
    ]

    builtin_role_permissions = {"audit_admin": ["audit.view"], "system_admin": ["settings.manage"]}

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from sunshine.core import audit_guard, permissions, tasks

        connection_created.connect(audit_guard.register_sqlite_function, dispatch_uid="sunshine-audit-guard")
        from sunshine.core.periodic import register_periodic

        permissions.register("audit.view", _("查阅审计日志"), admin_kind="audit_admin")
        permissions.register("settings.manage", _("管理系统设置"), admin_kind="system_admin")
        register_periodic(
            "core.retry_failed_deliveries", every=dt.timedelta(minutes=5), task=tasks.retry_failed_deliveries
        )
        register_periodic(
            "core.end_idle_sessions", every=dt.timedelta(minutes=1), task=tasks.end_idle_sessions
        )
