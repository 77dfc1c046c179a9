"""Signals of the workdays app: how later modules learn that the calendar changed."""

from __future__ import annotations

from django.dispatch import Signal


class CalendarChanged(Signal):
    """Sent once after the commit of every change of the working-day calendar.

    Senders: every write service of workdays.services (a special day added, changed or removed, a year
    marked loaded or withdrawn, a CSV import, a package seeding that changed something). The cache of
    the sending process is already cleared, so computations in a receiver use the new calendar; other
    processes see it within about a second (workdays.engine).

    Keyword arguments:

    * ``start``, ``end`` (``datetime.date``): the first and last date whose status may have changed
      (days in between may be unchanged). A year marked loaded or withdrawn gives 1 January to
      31 December of that year.
    * ``action`` (str): the audit action, e.g. ``"workdays.special_day_add"``.
    * ``actor``: the acting account, or None for the system (seeding, commands).

    A clock is affected when its start day is before ``end`` and its (effective) due day is on or after
    ``start``: recompute those (e.g. with workdays.services.due_dates_bulk, or deadline_due when it has
    suspensions). Receivers should enqueue a task rather than work inline: the change is committed
    already, and the signal is sent with ``send_robust`` so a failing receiver is logged, not raised.
    """


calendar_changed = CalendarChanged()
