"""Signal receivers of the workdays app: the calendar is seeded after every migrate and flush."""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS


def seed_after_migrate(sender, *, using: str = DEFAULT_DB_ALIAS, apps=None, **kwargs) -> None:
    """post_migrate: load the years the chinese-calendar package knows (CAL-1), never overwriting an
    administrator's edits (workdays.services.calendar_seed).

    A data migration would not do: a test flush empties the tables and re-emits only post_migrate, and
    the browser tests need the calendar. Skipped when the schema is not (yet) the current one, e.g.
    while migrating backwards.
    """
    if using != DEFAULT_DB_ALIAS:
        return
    from sunshine.workdays.models import CalendarRevision, CalendarYear, SpecialDay

    if apps is not None:
        for model in (CalendarRevision, CalendarYear, SpecialDay):
            try:
                state = apps.get_model(model._meta.app_label, model._meta.model_name)
            except LookupError:
                return
            if {f.column for f in state._meta.concrete_fields} != {
                f.column for f in model._meta.concrete_fields
            }:
                return
    from sunshine.core.system import system_actor
    from sunshine.workdays.services import calendar_seed

    with system_actor("post_migrate"):
        calendar_seed(actor=None)
