"""廉政档案: the integrity file assembled from file_sources, its readers, the pre-promotion opinion."""

# Staff navigation entries: (url name, label, permission or None, order), see core.apps.
NAVIGATION: list = []
