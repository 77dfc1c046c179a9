"""述职述廉与民主测评 (SUP-*): reports, the evaluation meeting, ballots, counting, triggers."""

# Staff navigation entries: (url name, label, permission or None, order), see core.apps.
NAVIGATION: list = []
