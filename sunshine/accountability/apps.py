from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountabilityConfig(AppConfig):
    name = "sunshine.accountability"
    label = "accountability"
    # This app's entries in a cadre's integrity file (cadres.file_sources).
    integrity_sources = ["sunshine.cadres.integrity.sources.accountability"]
    verbose_name = _("问责")
    navigation = [("accountability:list", _("问责案件"), "accountability.manage", 46)]

    # The "立案问责" button on an alert's and an order's page (oversight.templatetags.oversight_hooks).
    oversight_hooks = {
        "alert_actions": ["accountability/_alert_button.html"],
        "order_actions": ["accountability/_order_button.html"],
    }

    # The duty clocks electronic supervision watches (oversight.watched, oversight.records).
    watched_clocks = ["sunshine.accountability.clocks.open_clocks"]

    builtin_role_permissions = {
        "discipline_inspector": ["accountability.manage"],
        "principal_leader": ["accountability.approve"],
    }

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from sunshine.core import permissions

        # The catalogues again after every migrate and flush (a test flush empties the tables the
        # data migration 0002 filled and re-emits only post_migrate, like workdays' calendar).
        post_migrate.connect(_load_catalogues, sender=self, dispatch_uid="accountability_catalogues")

        from sunshine.accountability.clocks import recompute_after_calendar_change
        from sunshine.workdays.signals import calendar_changed

        calendar_changed.connect(recompute_after_calendar_change, dispatch_uid="accountability_recompute")

        permissions.register("accountability.manage", _("办理问责案件（纪检监察）"))
        permissions.register("accountability.approve", _("批准启动问责、延长调查期限（主要负责人）"))


def _load_catalogues(sender, **kwargs) -> None:
    from sunshine.accountability import catalogue
    from sunshine.accountability.models import Ground, Sanction

    catalogue.load(Ground, Sanction)
