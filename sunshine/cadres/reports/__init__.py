"""外出请示报备 and 个人重大事项报告: absence/travel requests and personal major-matter reports."""

from django.utils.translation import gettext_lazy as _

# Staff navigation entries: (url name, label, permission or None, order), see core.apps. Every cadre
# files his own reports, so the entry is open to all staff.
NAVIGATION: list = [("cadres:reports_home", _("外出报备与个人事项"), None, 62)]
