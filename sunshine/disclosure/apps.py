import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The checkpoint job looks every hour whether today's checkpoint is stored (one per day, PUB-8).
CHECKPOINT_EVERY = dt.timedelta(hours=1)


class DisclosureConfig(AppConfig):
    """The public portal (政务公开门户) under /public/: no log-in, published data only; and the staff
    pages of routine disclosure and information requests under /disclosure/."""

    name = "sunshine.disclosure"
    label = "disclosure"
    verbose_name = _("政务公开")
    navigation = [
        ("disclosure_staff:plans", _("政务公开计划"), "disclosure.view", 60),
        ("disclosure_staff:requests", _("依申请公开"), "disclosure.view", 61),
        ("disclosure_staff:late", _("公开逾期情况"), "disclosure.supervise", 62),
    ]

    # Open clocks handed to electronic supervision (oversight.watched): routine disclosures due and
    # not published (SUP-124), information requests not answered (PUB-208).
    watched_clocks = [
        "sunshine.disclosure.services.disclosure_open_clocks",
        "sunshine.disclosure.services.request_open_clocks",
    ]

    builtin_role_permissions = {
        "clerk": ["disclosure.view", "disclosure.answer"],
        "section_head": ["disclosure.view", "disclosure.publish", "disclosure.answer"],
        "deputy_leader": ["disclosure.view", "disclosure.answer"],
        "principal_leader": [
            "disclosure.view",
            "disclosure.requests",
            "disclosure.approve_extension",
            "disclosure.supervise",
        ],
        "office_clerk": [
            "disclosure.view",
            "disclosure.plan",
            "disclosure.publish",
            "disclosure.requests",
            "disclosure.answer",
        ],
        "discipline_inspector": ["disclosure.view", "disclosure.supervise"],
    }

    def ready(self) -> None:
        from sunshine.core import permissions
        from sunshine.core.periodic import register_periodic
        from sunshine.disclosure import cache, tasks

        permissions.register("disclosure.view", _("查看本单位政务公开计划和公开记录"))
        permissions.register("disclosure.plan", _("制定政务公开计划（公开目录）"))
        permissions.register("disclosure.publish", _("发布政务公开内容"))
        permissions.register("disclosure.requests", _("登记、交办依申请公开"))
        permissions.register("disclosure.answer", _("办理和答复交办给本人的依申请公开"))
        permissions.register("disclosure.approve_extension", _("批准依申请公开延期答复"))
        permissions.register("disclosure.supervise", _("查看政务公开逾期和依申请公开超期情况"))
        cache.connect()
        register_periodic("disclosure.checkpoint", every=CHECKPOINT_EVERY, task=tasks.checkpoint_publish)

        from sunshine.disclosure.services import recompute_after_calendar_change
        from sunshine.workdays.signals import calendar_changed

        calendar_changed.connect(recompute_after_calendar_change, dispatch_uid="disclosure_recompute")
