"""外出请示报备 and 个人重大事项报告: absence/travel requests and personal major-matter reports."""

# Staff navigation entries: (url name, label, permission or None, order), see core.apps.
NAVIGATION: list = []
