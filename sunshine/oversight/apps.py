import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

SCAN_EVERY = dt.timedelta(minutes=5)
# The quarterly evaluation job looks every few hours whether a quarter ended without its report.
EVALUATION_EVERY = dt.timedelta(hours=6)


class OversightConfig(AppConfig):
    name = "sunshine.oversight"
    label = "oversight"
    verbose_name = _("电子监察")
    navigation = [
        ("oversight:dashboard", _("电子监察"), "oversight.view", 40),
        ("oversight:my_alerts", _("我的预警"), "oversight.handle", 41),
        ("oversight:settings", _("监察设置"), "oversight.configure", 42),
        ("oversight:reports", _("效能报告"), "oversight.view", 43),
    ]

    builtin_role_permissions = {
        "discipline_inspector": [
            "oversight.view",
            "oversight.handle",
            "oversight.close",
            "oversight.configure",
            "oversight.evaluate",
        ],
        "principal_leader": [
            "oversight.view",
            "oversight.handle",
            "oversight.configure",
            "oversight.evaluate",
        ],
        "deputy_leader": ["oversight.view", "oversight.handle"],
        "section_head": ["oversight.view", "oversight.handle"],
        "clerk": ["oversight.handle"],
    }

    def ready(self) -> None:
        from sunshine.core import permissions
        from sunshine.core.periodic import register_periodic
        from sunshine.oversight import anomalies, tasks
        from sunshine.oversight.reports import periodic as report_tasks

        permissions.register("oversight.view", _("查看电子监察预警"))
        permissions.register("oversight.handle", _("处理预警（签收、说明、上报）"))
        permissions.register("oversight.close", _("关闭预警（纪检监察）"))
        permissions.register("oversight.configure", _("设置本单位电子监察预警参数"))
        anomalies.connect()
        register_periodic("oversight.scan", every=SCAN_EVERY, task=tasks.oversight_scan)
        permissions.register("oversight.evaluate", _("生成季度效能考核报告"))
        register_periodic(
            "oversight.quarterly_evaluation", every=EVALUATION_EVERY, task=report_tasks.quarterly_evaluation
        )
