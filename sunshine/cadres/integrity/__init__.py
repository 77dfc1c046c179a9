"""廉政档案: the integrity file assembled from file_sources, its readers, the pre-promotion opinion."""

from django.utils.translation import gettext_lazy as _

# Staff navigation entries: (url name, label, permission or None, order), see core.apps.
NAVIGATION: list = [
    ("cadres:integrity_dashboard", _("干部监督待办"), "cadres.supervise", 47),
    ("cadres:integrity_list", _("廉政档案"), "cadres.supervise", 48),
    ("cadres:integrity_opinions", _("拟提拔干部征求意见"), "cadres.organise", 49),
]
