"""System-initiated work: the one way past the permission check.

Services take the acting account first; ``actor=None`` means "the system itself" and is written to
the audit trail as such, with the name of what acted. A request never has ``actor=None`` (views and
the API always pass the logged-in account), but a careless call could, so ``None`` passes
core.permissions.require_permission only inside :func:`system_actor`, which names its source: the
running management command, or a fixed name for the system's own machinery (``"post_migrate"``, a
periodic job of the worker)::

    class Command(BaseCommand):
        def handle(self, *args, **options):
            with system_actor(self):
                unit_create(actor=None, name=..., kind=UnitKind.BODY, code=...)

The rules (五个不直接分管, 三员分立, ...) still apply to system calls; only the permission and
data-scope checks are skipped. Outside the block an ``actor=None`` call is refused.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

from django.core.management.base import BaseCommand

_source: contextvars.ContextVar[str | None] = contextvars.ContextVar("system_source", default=None)


@contextlib.contextmanager
def system_actor(source: BaseCommand | str) -> Iterator[None]:
    """Let services run with ``actor=None`` while the block runs; ``source`` names who acts."""
    if isinstance(source, BaseCommand):
        name = f"command:{type(source).__module__.rsplit('.', 1)[-1]}"
    elif isinstance(source, str) and source:
        name = source
    else:
        raise TypeError("system_actor() needs the running management command (self) or a name")
    token = _source.set(name)
    try:
        yield
    finally:
        _source.reset(token)


def system_source() -> str | None:
    """What is acting as the system (e.g. 'command:demo'), or None outside system_actor()."""
    return _source.get()
