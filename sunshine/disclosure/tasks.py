"""Background tasks of the portal (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from sunshine.core.system import system_actor


@task()
def checkpoint_publish() -> str:
    """Periodic (core.periodic, every hour): store today's audit-chain checkpoint if it is not stored
    yet, so that one is published each day (issue #8 §8)."""
    from sunshine.disclosure.services import checkpoint_record

    with system_actor("periodic:disclosure.checkpoint"):
        return checkpoint_record().checkpoint
