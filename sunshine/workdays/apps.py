from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    name = "sunshine.workdays"
    label = "workdays"
    verbose_name = _("工作日历")
    navigation = [("workdays:calendar", _("工作日历"), "workdays.view", 700)]
    workbench_panels = ["sunshine.workdays.views.next_year_panel"]

    builtin_role_permissions = {
        code: ["workdays.view"]
        for code in [
            "clerk",
            "section_head",
            "deputy_leader",
            "principal_leader",
            "discipline_inspector",
            "office_clerk",
            "legal_reviewer",
        ]
    } | {"system_admin": ["workdays.view", "workdays.manage"]}

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from sunshine.core import permissions
        from sunshine.workdays.receivers import seed_after_migrate

        permissions.register("workdays.view", _("查看工作日历"), shared=True)
        permissions.register("workdays.manage", _("维护节假日和调休安排"), admin_kind="system_admin")
        post_migrate.connect(seed_after_migrate, sender=self, dispatch_uid="workdays_seed_calendar")
