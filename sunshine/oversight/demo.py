"""Demo data of the oversight app: the alerts the scan raises on the demo cases, then the
supervision orders issued from them (oversight.orders.demo), then the stored evaluation of the last
finished quarter (oversight.reports.demo). Each part is its own function."""

from __future__ import annotations

from sunshine.oversight.choices import AlertKind
from sunshine.oversight.models import Alert

TIME_LIMIT_KINDS = (AlertKind.DEADLINE_NEAR, AlertKind.OVERDUE)


def load_alerts() -> dict[str, int]:
    """Run the scan once, as the periodic job would, so the demo shows its alerts at once. The
    anomaly alerts the demo cases raised as they were handled (ANO-1..6) are no sign of a scan: only
    time-limit alerts are."""
    if Alert.objects.filter(kind__in=TIME_LIMIT_KINDS).exists():
        return {}
    from sunshine.oversight.services import scan

    counts = scan().counts
    return {"red alerts": counts["red"], "yellow alerts": counts["yellow"]}


def load() -> dict[str, int]:
    from sunshine.oversight.orders.demo import load_orders
    from sunshine.oversight.reports.demo import load_evaluation

    # The evaluation comes last: the orders are issued from the red alerts of the demo's cases,
    # not from those of the past quarter's cases it adds.
    return {**load_alerts(), **load_orders(), **load_evaluation()}
