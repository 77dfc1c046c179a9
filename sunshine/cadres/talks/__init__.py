"""谈话函询: integrity, admonition and summons talks, inquiry letters, replies, rectification."""

# Staff navigation entries: (url name, label, permission or None, order), see core.apps.
NAVIGATION: list = []
