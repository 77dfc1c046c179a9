"""The app's models live in its areas; Django finds them through this module."""

from sunshine.cadres.evaluation.models import *  # noqa: F403
from sunshine.cadres.integrity.models import *  # noqa: F403
from sunshine.cadres.reports.models import *  # noqa: F403
from sunshine.cadres.talks.models import *  # noqa: F403
