import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The checkpoint job looks every hour whether today's checkpoint is stored (one per day, PUB-8).
CHECKPOINT_EVERY = dt.timedelta(hours=1)


class DisclosureConfig(AppConfig):
    """The public portal (政务公开门户) under /public/: no log-in, published data only."""

    name = "sunshine.disclosure"
    label = "disclosure"
    verbose_name = _("政务公开")

    def ready(self) -> None:
        from sunshine.core.periodic import register_periodic
        from sunshine.disclosure import cache, tasks

        cache.connect()
        register_periodic("disclosure.checkpoint", every=CHECKPOINT_EVERY, task=tasks.checkpoint_publish)
