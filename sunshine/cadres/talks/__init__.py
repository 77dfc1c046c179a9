"""谈话函询: integrity, admonition and summons talks, inquiry letters, replies, rectification."""

from django.utils.translation import gettext_lazy as _

# Staff navigation entries: (url name, label, permission or None, order), see core.apps.
NAVIGATION: list = [
    ("cadres:talks_list", _("谈话函询"), "cadres.supervise", 47),
    ("cadres:talks_approvals", _("审批谈话函询"), "cadres.approve", 47),
    ("cadres:talks_mine", _("我的函询"), None, 48),
]
