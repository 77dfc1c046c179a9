"""Password policy (SEC-4): at least 8 characters, three of four character classes, not the user name.

Messages are Chinese source strings, like the rest of the UI, and name the rule.
"""

from __future__ import annotations

import string

from django.contrib.auth import password_validation as django_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class LengthValidator:
    def __init__(self, min_length: int = 8) -> None:
        self.min_length = min_length

    def validate(self, password: str, user=None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(
                _("口令至少需要%(n)d个字符（SEC-4）") % {"n": self.min_length}, code="password_too_short"
            )

    def get_help_text(self) -> str:
        return _("至少%(n)d个字符") % {"n": self.min_length}


def character_classes(password: str) -> int:
    classes = [
        any(c.isupper() for c in password),
        any(c.islower() for c in password),
        any(c.isdigit() for c in password),
        any(c in string.punctuation or not c.isalnum() for c in password),
    ]
    return sum(classes)


class CharacterClassValidator:
    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        if character_classes(password) < self.min_classes:
            raise ValidationError(
                _("口令需包含大写字母、小写字母、数字、符号中的至少%(n)d类（SEC-4）")
                % {"n": self.min_classes},
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return _("包含大写字母、小写字母、数字、符号中的至少%(n)d类") % {"n": self.min_classes}


class NotUsernameValidator:
    """The password may not be the user name, nor contain it, nor be it reversed (any case)."""

    def validate(self, password: str, user=None) -> None:
        username = (getattr(user, "username", "") or "").lower()
        if not username:
            return
        lowered = password.lower()
        if username in lowered or username[::-1] in lowered:
            raise ValidationError(_("口令不得包含用户名（SEC-4）"), code="password_is_username")

    def get_help_text(self) -> str:
        return _("不得包含用户名")


class CommonPasswordValidator(django_validation.CommonPasswordValidator):
    def validate(self, password: str, user=None) -> None:
        if password.lower().strip() in self.passwords:
            raise ValidationError(_("口令过于常见，请换一个（SEC-4）"), code="password_too_common")

    def get_help_text(self) -> str:
        return gettext_lazy("不得使用常见口令")
