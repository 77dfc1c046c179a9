"""Pages of "my tasks" and the case list at 1,000,000 cases (issue #6): a page never counts more
rows than anyone pages through."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_CAP = 10_000  # 200 pages of 50: beyond that one narrows the list with the filters


class CappedPaginator(Paginator):
    """A Paginator whose count stops at ``cap``: COUNT(*) over the first cap + 1 rows of the list
    (one LIMIT subquery) instead of over all of them; a leader's list may hold hundreds of thousands
    of cases, and counting them took longer than the page. ``capped`` says the list goes on beyond
    the count (the pages then say "more than"); the pages up to the cap work as before."""

    capped = False

    def __init__(self, object_list, per_page, *, cap: int | None = None, **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.cap = COUNT_CAP if cap is None else cap

    @cached_property
    def count(self) -> int:
        seen = self.object_list.order_by()[: self.cap + 1].count()
        self.capped = seen > self.cap
        return min(seen, self.cap)
