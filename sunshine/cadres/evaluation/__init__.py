"""述职述廉与民主测评 (SUP-10, SUP-11, SUP-249..253): reports, the evaluation meeting, ballots,
counting, triggers."""

from django.utils.translation import gettext_lazy as _

# Staff navigation entries: (url name, label, permission or None, order), see core.apps. No
# permission: an attendee votes from this page; the list shows each person only their rounds.
NAVIGATION: list = [("cadres:evaluation_list", _("民主测评"), None, 47)]
