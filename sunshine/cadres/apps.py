from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The four areas of the app; each is a subpackage whose __init__ may define NAVIGATION (entries as in
# core.apps) without importing models.
AREAS = ("evaluation", "talks", "reports", "integrity")


class CadresConfig(AppConfig):
    name = "sunshine.cadres"
    label = "cadres"
    verbose_name = _("干部监督")

    builtin_role_permissions = {
        "discipline_inspector": ["cadres.supervise"],
        "principal_leader": ["cadres.approve", "cadres.organise"],
        "deputy_leader": ["cadres.approve"],
        "office_clerk": ["cadres.organise"],
    }

    # Functions "module.function" giving a cadre's integrity-file entries (cadres.file_sources).
    integrity_sources: list[str] = [
        "sunshine.cadres.evaluation.integrity.entries",
        "sunshine.cadres.reports.integrity.entries",
        "sunshine.cadres.talks.integrity.entries",
    ]

    # Functions "module.function" giving open deadlines to electronic supervision (oversight.watched).
    watched_clocks: list[str] = [
        "sunshine.cadres.reports.clocks.open_clocks",
        "sunshine.cadres.talks.integrity.open_clocks",
    ]

    # Functions "module.function" giving the discipline office's open matters of an area (``fn(actor)``
    # returning cadres.integrity.services.OpenMatter rows), shown on its dashboard.
    open_matters: list[str] = [
        "sunshine.cadres.integrity.matters.accountability",
        "sunshine.cadres.integrity.matters.opinions",
    ]

    @property
    def navigation(self) -> list:
        from importlib import import_module

        entries = []
        for area in AREAS:
            entries.extend(getattr(import_module(f"{self.name}.{area}"), "NAVIGATION", []))
        return entries

    def ready(self) -> None:
        from sunshine.core import permissions

        permissions.register("cadres.supervise", _("干部监督：民主测评、谈话函询、廉政档案（纪检监察）"))
        permissions.register("cadres.approve", _("审批谈话函询、外出请示报备（领导班子）"))
        permissions.register("cadres.organise", _("组织述职述廉、提出拟提拔干部征求意见（组织人事）"))

        from sunshine.cadres.clocks import recompute_after_calendar_change
        from sunshine.workdays.signals import calendar_changed

        calendar_changed.connect(recompute_after_calendar_change, dispatch_uid="cadres_recompute_clocks")
