import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

SCAN_EVERY = dt.timedelta(minutes=5)
# The quarterly evaluation job looks every few hours whether a quarter ended without its report.
EVALUATION_EVERY = dt.timedelta(hours=6)
ORDER_ESCALATE_EVERY = dt.timedelta(hours=1)


class OversightConfig(AppConfig):
    name = "sunshine.oversight"
    label = "oversight"
    # This app's entries in a cadre's integrity file (cadres.file_sources).
    integrity_sources = ["sunshine.cadres.integrity.sources.oversight"]
    verbose_name = _("电子监察")
    navigation = [
        ("oversight:dashboard", _("电子监察"), "oversight.view", 40),
        ("oversight:my_alerts", _("我的预警"), "oversight.handle", 41),
        ("oversight:order_list", _("督办台账"), "oversight.order", 42),
        ("oversight:my_orders", _("我的督办"), "oversight.handle", 43),
        ("oversight:reports", _("效能报告"), "oversight.view", 44),
        ("oversight:settings", _("监察设置"), "oversight.configure", 45),
    ]

    # Templates on the case page (cases.templatetags.case_hooks): its orders and "下达督办单".
    case_page_hooks = {"actions": ["oversight/orders/_case_order_button.html"]}

    builtin_role_permissions = {
        "discipline_inspector": [
            "oversight.view",
            "oversight.handle",
            "oversight.close",
            "oversight.configure",
            "oversight.evaluate",
            "oversight.order",
        ],
        "principal_leader": [
            "oversight.view",
            "oversight.handle",
            "oversight.configure",
            "oversight.evaluate",
            "oversight.order",
        ],
        "deputy_leader": ["oversight.view", "oversight.handle", "oversight.order"],
        "section_head": ["oversight.view", "oversight.handle"],
        "clerk": ["oversight.handle"],
    }

    def ready(self) -> None:
        from sunshine.core import permissions
        from sunshine.core.periodic import register_periodic
        from sunshine.oversight import anomalies, tasks
        from sunshine.oversight.orders import tasks as order_tasks
        from sunshine.oversight.reports import periodic as report_tasks

        permissions.register("oversight.view", _("查看电子监察预警"))
        permissions.register("oversight.handle", _("处理预警（签收、说明、上报）"))
        permissions.register("oversight.close", _("关闭预警（纪检监察）"))
        permissions.register("oversight.configure", _("设置本单位电子监察预警参数"))
        permissions.register("oversight.evaluate", _("生成季度效能考核报告"))
        permissions.register("oversight.order", _("发出和核实督办通知书"))
        anomalies.connect()
        register_periodic("oversight.scan", every=SCAN_EVERY, task=tasks.oversight_scan)
        register_periodic(
            "oversight.quarterly_evaluation", every=EVALUATION_EVERY, task=report_tasks.quarterly_evaluation
        )
        register_periodic(
            "oversight.orders_escalate", every=ORDER_ESCALATE_EVERY, task=order_tasks.orders_escalate
        )
        from sunshine.oversight.orders.services import recompute_after_calendar_change
        from sunshine.workdays.signals import calendar_changed

        calendar_changed.connect(recompute_after_calendar_change, dispatch_uid="oversight_orders_recompute")
