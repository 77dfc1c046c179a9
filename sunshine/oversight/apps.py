from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "sunshine.oversight"
    label = "oversight"
    verbose_name = _("电子监察")
