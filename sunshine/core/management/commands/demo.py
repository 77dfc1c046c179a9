"""``sunshine demo``: load the demo data of every installed app (idempotent).

Each app may have a ``demo`` module (``sunshine/<app>/demo.py``) with:

* ``load() -> dict[str, int] | None``: create whatever of its demo data is missing, through its
  services, and return how many records of each kind it created. Running it again changes nothing.
* ``has_data() -> bool`` (optional): whether the installation already holds data of that app;
  ``--if-empty`` does nothing when any app says so (``make run`` uses it, so a database someone has
  worked in is never touched).

The modules are loaded in INSTALLED_APPS order, so an app finds the demo data of the apps it depends
on. They run with the system as actor: services accept ``actor=None`` inside the
``system_actor(self)`` block below, and nowhere else (core.system).
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from sunshine.core.errors import DomainError
from sunshine.core.system import system_actor


def demo_modules():
    """(app label, module) of every installed app that has a ``demo`` module, in INSTALLED_APPS order."""
    for config in apps.get_app_configs():
        name = f"{config.name}.demo"
        if find_spec(name) is not None:
            yield config.label, import_module(name)


class Command(BaseCommand):
    help = "Load the demo organisation, people, accounts and each module's sample records (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing when the database already holds data (an organisation unit exists)",
        )

    def handle(self, *args, if_empty: bool = False, **options):
        # into core (it depends on core only), then this import follows it.

        modules = list(demo_modules())
        if if_empty and any(getattr(module, "has_data", lambda: False)() for _label, module in modules):
            self.stdout.write("demo: the database already holds data; nothing loaded (--if-empty)")
            return
        with system_actor(self):
            for label, module in modules:
                try:
                    created = module.load() or {}
                except DomainError as error:
                    raise CommandError(f"demo data of {label} refused: {error.message}") from error
                summary = ", ".join(f"{n} {what}" for what, n in created.items()) or "nothing new"
                self.stdout.write(f"demo {label}: {summary}")
