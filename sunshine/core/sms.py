"""SMS channel adapter. A deployment points SMS_BACKEND at a class with this ``send`` method that
talks to its carrier's gateway; the default writes to the log."""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("sunshine.sms")

outbox: list[dict] = []  # MemoryBackend's messages, for tests


class BaseBackend:
    def send(self, *, phone: str, text: str) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class LogBackend(BaseBackend):
    def send(self, *, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", phone, text)


class MemoryBackend(BaseBackend):
    def send(self, *, phone: str, text: str) -> None:
        outbox.append({"phone": phone, "text": text})


def get_backend() -> BaseBackend:
    return import_string(settings.SMS_BACKEND)()
