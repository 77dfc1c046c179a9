"""Pages of "my tasks" and the case list at 1,000,000 cases (issue #6): a page never counts more
rows than anyone pages through, and reads its rows in index order however many parts its filter
has."""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import F, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.functional import cached_property

COUNT_CAP = 10_000  # 200 pages of 50: beyond that one narrows the list with the filters


def count_upto(object_list, n: int) -> int:
    """How many rows the list has, reading at most ``n`` of them."""
    if isinstance(object_list, QuerySet):
        # No joins of select_related and no ordering: COUNT(*) over one index's first n entries.
        return object_list.order_by().select_related(None).values("pk")[:n].count()
    return object_list.count_upto(n)


class CappedPaginator(Paginator):
    """A Paginator whose count stops at ``cap``: COUNT(*) over the first cap + 1 rows of the list
    (one LIMIT subquery) instead of over all of them; a leader's list may hold hundreds of thousands
    of cases, and counting them took longer than the page. ``capped`` says the list goes on beyond
    the count (the pages then say "more than"); the pages up to the cap work as before.

    The first page is read before anything is counted: when it holds fewer rows than a page, they
    are the whole list and no count is needed (a search by case number: one query, not two)."""

    capped = False

    def __init__(self, object_list, per_page, *, cap: int | None = None, **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.cap = COUNT_CAP if cap is None else cap

    @cached_property
    def count(self) -> int:
        seen = count_upto(self.object_list, self.cap + 1)
        self.capped = seen > self.cap
        return min(seen, self.cap)

    def get_page(self, number):
        first = number in (None, "", "1", 1)
        if not first or self.orphans or self.per_page >= self.cap or "count" in self.__dict__:
            return super().get_page(number)
        rows = list(self.object_list[: self.per_page + 1])
        if len(rows) <= self.per_page:
            self.__dict__["count"] = len(rows)  # the whole list: nothing more to count
        # Either way these are the first page's rows: more than a page means count > per_page.
        return self._get_page(rows[: self.per_page], 1, self)


class OrderedUnion:
    """The rows of one model matching any of several filters (``branches``), in one order, read a
    page at a time as the paginators read lists (slices, ``count()``, ``ordered``).

    PostgreSQL reads an OR of filters through a bitmap of several indexes, which loses their order:
    with 1,000,000 cases it then sorted all 25,000 open steps of a large department for each page
    of "my tasks", and a leader's list of the closed cases of nine departments went down the
    newest-first index past the 250,000 newest (all open) cases. Here each branch reads its first
    offset + limit ids in the order alone (one index read, no table access where an index covers
    the order and the id), the union of these few is sorted and cut once, and the page's rows are
    read by these ids through ``rows`` (its select_related), in the same query. Branches may
    overlap (the union drops duplicates, at the cost of sorting them out) unless ``disjoint`` says
    they never do (UNION ALL).

    ``queryset`` is the same rows as one QuerySet (the OR of the branches), for what reads them all
    or counts them exactly. ``order``: field names, ``-`` for descending; the last must be unique
    (the id), so that pages neither repeat nor skip rows; ascending fields sort their NULLs last,
    descending first, the same on SQLite as on PostgreSQL (and as PostgreSQL's indexes are read)."""

    ordered = True

    def __init__(
        self,
        queryset: QuerySet,
        branches: list[QuerySet],
        *,
        order: Sequence[str],
        rows: QuerySet | None = None,
        disjoint: bool = False,
    ) -> None:
        self.order = list(order)
        self.queryset = queryset.order_by(*self.ordering())
        self.branches = branches
        self.rows = queryset if rows is None else rows
        self.disjoint = disjoint

    def ordering(self) -> list:
        return [
            F(name[1:]).desc(nulls_first=True) if name.startswith("-") else F(name).asc(nulls_last=True)
            for name in self.order
        ]

    @property
    def id_name(self) -> str:
        return self.order[-1].lstrip("-")

    def values(self, *fields: str) -> OrderedUnion:
        """The same list, its rows dicts of ``fields`` and the id: a page shown as text needs no
        model instances (50 rows with their joins read as models took more CPU than every query
        of the page together)."""
        shown = copy.copy(self)
        shown.rows = self.rows.values(self.id_name, *fields)
        return shown

    # --- What the paginators read ---

    def count(self) -> int:
        return self.queryset.count()

    def count_upto(self, n: int) -> int:
        if len(self.branches) == 1:
            return count_upto(self.branches[0], n)
        # Each part's first n ids from its index; more than n together: more than n in all.
        union = self._union(n, ordering=[], names=[self.id_name])
        if union is None:
            return 0
        sql, params = union
        with connections[self.queryset.db].cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM (SELECT * FROM ({sql}) u LIMIT %s) c", [*params, n])
            return min(cursor.fetchone()[0], n)

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator:
        return iter(self.queryset)

    def __getitem__(self, key):
        if isinstance(key, int):
            if key < 0:
                raise IndexError("negative indexing is not supported")
            found = self[key : key + 1]
            if not found:
                raise IndexError(key)
            return found[0]
        if key.step is not None or (key.start or 0) < 0 or (key.stop is not None and key.stop < 0):
            raise ValueError("only forward slices without a step")
        offset = key.start or 0
        if key.stop is None:
            return list(self.queryset[offset:])
        page = self.page(offset, max(0, key.stop - offset))
        if page is None:
            return []
        # One query: the page's ids as a subquery, and its rows read by id (in the order again).
        return list(self.rows.filter(pk__in=page).order_by(*self.ordering()))

    # --- The ids of a page ---

    def page(self, offset: int, limit: int) -> QuerySet | RawSQL | None:
        """The ids of the rows offset … offset + limit, as a subquery; None when none can match."""
        ordering = self.ordering()
        if len(self.branches) == 1:
            return self.branches[0].order_by(*ordering).values(self.id_name)[offset : offset + limit]
        if limit == 0:
            return None
        union = self._union(
            offset + limit, ordering=ordering, names=[name.lstrip("-") for name in self.order]
        )
        if union is None:
            return None
        sql, params = union
        quote = connections[self.queryset.db].ops.quote_name
        order = ", ".join(
            f"u.{quote(name[1:])} DESC NULLS FIRST"
            if name.startswith("-")
            else f"u.{quote(name)} ASC NULLS LAST"
            for name in self.order
        )
        sql = f"SELECT u.{quote(self.id_name)} FROM ({sql}) u ORDER BY {order} LIMIT %s OFFSET %s"
        return RawSQL(sql, (*params, limit, offset))

    def _union(self, limit: int, *, ordering: list, names: list[str]) -> tuple[str, list] | None:
        """The SQL of the union of the branches' first ``limit`` rows (``names`` of them, in
        ``ordering``), with its parameters; None when no branch can match."""
        db = self.queryset.db
        parts, params = [], []
        for n, branch in enumerate(self.branches):
            first = branch.order_by(*ordering).values_list(*names)[:limit]
            try:
                sql, branch_params = first.query.get_compiler(using=db).as_sql()
            except EmptyResultSet:  # a branch that cannot match (an empty id list)
                continue
            # SELECT * FROM (…): SQLite allows no ORDER BY or LIMIT in a bare part of a UNION.
            parts.append(f"SELECT * FROM ({sql}) b{n}")
            params.extend(branch_params)
        if not parts:
            return None
        return (" UNION ALL " if self.disjoint else " UNION ").join(parts), params
