"""Supervision of leading cadres (干部监督): duty-and-integrity reports with democratic evaluation,
talks and inquiry letters, absence and personal-matter reports, and the integrity file (廉政档案).

One Django app (label ``cadres``) in four areas, each a subpackage with its own models, services,
views and API: ``evaluation``, ``talks``, ``reports`` and ``integrity``. ``file_sources`` is how
any app (this one, accountability, cases, decisions...) contributes entries to a cadre's integrity
file without the file knowing the app.
"""
