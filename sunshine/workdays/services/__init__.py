"""Services of the working-day calendar (STYLE §2): computations (compute) and changes (edit).

Other modules import from here::

    from sunshine.workdays.services import add_working_days, deadline_due, due_dates_bulk
"""

from sunshine.workdays.services.compute import (
    DayNote,
    Deadline,
    Suspension,
    add_working_days,
    count_working_days,
    day_status,
    deadline_due,
    deadline_explain,
    due_dates_bulk,
    is_provisional,
    is_working_day,
    loaded_years,
    provisional_years,
    working_day_on_or_after,
)
from sunshine.workdays.services.edit import (
    ImportResult,
    SeedReport,
    calendar_import_csv,
    calendar_seed,
    calendar_year_mark_loaded,
    calendar_year_withdraw,
    special_day_add,
    special_day_change,
    special_day_remove,
)

__all__ = [
    "DayNote",
    "Deadline",
    "ImportResult",
    "SeedReport",
    "Suspension",
    "add_working_days",
    "calendar_import_csv",
    "calendar_seed",
    "calendar_year_mark_loaded",
    "calendar_year_withdraw",
    "count_working_days",
    "day_status",
    "deadline_due",
    "deadline_explain",
    "due_dates_bulk",
    "is_provisional",
    "is_working_day",
    "loaded_years",
    "provisional_years",
    "special_day_add",
    "special_day_change",
    "special_day_remove",
    "working_day_on_or_after",
]
