"""Background tasks of the petitions app (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from sunshine.core.system import system_actor


@task()
def petitions_scan() -> dict:
    """Periodic (core.periodic, every 15 minutes): raise the missing yellow and red alerts of late
    petitions and resolve those of answered ones (PET-2, PET-4). Idempotent."""
    from sunshine.petitions.services import petitions_scan as scan

    with system_actor("periodic:petitions.scan"):
        return scan()
