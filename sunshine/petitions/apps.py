import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

SCAN_EVERY = dt.timedelta(minutes=15)


class PetitionsConfig(AppConfig):
    name = "sunshine.petitions"
    label = "petitions"
    # This app's entries in a cadre's integrity file (cadres.file_sources).
    integrity_sources = ["sunshine.cadres.integrity.sources.petitions"]
    verbose_name = _("信访举报")
    navigation = [
        ("petitions:list", _("信访举报"), "petitions.view", 50),
        ("petitions:register", _("来访来电登记"), "petitions.register", 51),
        ("petitions:dashboard", _("信访超期预警"), "petitions.supervise", 52),
    ]

    # A card on the oversight dashboard (oversight.templatetags.oversight_hooks): late petitions.
    oversight_hooks = {"cards": ["petitions/_oversight_card.html"]}

    builtin_role_permissions = {
        "clerk": ["petitions.view", "petitions.register", "petitions.handle"],
        "section_head": ["petitions.view", "petitions.register", "petitions.handle"],
        "deputy_leader": ["petitions.view", "petitions.handle"],
        "principal_leader": [
            "petitions.view",
            "petitions.triage",
            "petitions.approve_extension",
            "petitions.supervise",
        ],
        "office_clerk": ["petitions.view", "petitions.register", "petitions.triage", "petitions.handle"],
        "discipline_inspector": [
            "petitions.view",
            "petitions.register",
            "petitions.triage",
            "petitions.handle",
            "petitions.approve_extension",
            "petitions.supervise",
            "petitions.discipline",
        ],
    }

    def ready(self) -> None:
        from sunshine.core import permissions
        from sunshine.core.periodic import register_periodic
        from sunshine.petitions import tasks

        permissions.register("petitions.view", _("查看本单位信访举报件"))
        permissions.register("petitions.register", _("登记来访、来电、来信（首问负责）"))
        permissions.register("petitions.triage", _("分类、交办、转办、办结信访举报件"))
        permissions.register("petitions.handle", _("办理和答复交办给本人的信访举报件"))
        permissions.register("petitions.approve_extension", _("批准信访举报件延期答复"))
        permissions.register("petitions.supervise", _("查看信访举报超期预警"))
        permissions.register("petitions.discipline", _("受理和办理反映领导班子成员的举报（纪检监察）"))
        register_periodic("petitions.scan", every=SCAN_EVERY, task=tasks.petitions_scan)

        from sunshine.petitions.services import recompute_after_calendar_change
        from sunshine.workdays.signals import calendar_changed

        calendar_changed.connect(recompute_after_calendar_change, dispatch_uid="petitions_recompute_clocks")
