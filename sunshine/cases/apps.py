from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "sunshine.cases"
    label = "cases"
    verbose_name = _("办件")
    navigation = [
        ("cases:my_tasks", _("我的待办"), "cases.handle", 30),
        ("cases:case_list", _("办件"), "cases.view", 31),
        ("cases:stand_ins", _("代理设置"), "cases.handle", 32),
        ("cases:copies", _("抄送我的"), "cases.view", 33),
    ]

    builtin_role_permissions = {
        "clerk": ["cases.view", "cases.register", "cases.handle"],
        "section_head": ["cases.view", "cases.register", "cases.handle", "cases.assign_stand_in"],
        "deputy_leader": ["cases.view", "cases.handle", "cases.assign_stand_in"],
        "principal_leader": [
            "cases.view",
            "cases.handle",
            "cases.approve_extension",
            "cases.change_decision",
            "cases.assign_stand_in",
        ],
        "discipline_inspector": ["cases.view"],
        "office_clerk": ["cases.view", "cases.register"],
        "legal_reviewer": ["cases.view", "cases.handle"],
    }

    def ready(self) -> None:
        from sunshine.core import permissions

        permissions.register("cases.view", _("查看办件"))
        permissions.register("cases.register", _("收件登记（首问负责）"))
        permissions.register("cases.handle", _("办理办件环节"))
        permissions.register("cases.approve_extension", _("批准办件延期"))
        permissions.register("cases.change_decision", _("变更已作出的决定"))
        permissions.register("cases.assign_stand_in", _("为下属指定代理人"))

        from sunshine.cases.clocks import recompute_after_calendar_change
        from sunshine.workdays.signals import calendar_changed

        calendar_changed.connect(recompute_after_calendar_change, dispatch_uid="cases_recompute_clocks")

        # Penalty cases' stage clocks (cases.penalty, CASE-146/157).
        from django.db.models.signals import post_save

        from sunshine.cases import penalty
        from sunshine.cases.models import Case

        post_save.connect(penalty.on_case_created, sender=Case, dispatch_uid="cases_penalty_created")

        # The pinned charts read once per process (cases.pinned): a write here drops them.
        from sunshine.cases import pinned
        from sunshine.catalog.models import PowerVersion
        from sunshine.flows.models import Flowchart

        post_save.connect(pinned.forget, sender=PowerVersion, dispatch_uid="cases_pinned_version")
        post_save.connect(pinned.forget, sender=Flowchart, dispatch_uid="cases_pinned_chart")
        calendar_changed.connect(
            penalty.recompute_after_calendar_change, dispatch_uid="cases_penalty_recompute"
        )
