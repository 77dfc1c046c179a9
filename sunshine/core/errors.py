"""Domain errors: raised by services, mapped to HTTP once (core.api) and shown on forms (core.views).

``code`` is stable snake_case for programs, ``message`` is for people (translated), ``field`` names the
input at fault, and ``rule`` is the ID of the rule of the seeds (or of the product) that refused the
request; see core.rules.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    field: str | None
    code: str
    message: str


class DomainError(Exception):
    status = 400

    def __init__(
        self,
        code: str,
        message: str,
        *,
        field: str | None = None,
        rule: str | None = None,
        errors: list[FieldError] | None = None,
    ) -> None:
        if rule is not None:
            from sunshine.core.rules import get_rule

            get_rule(rule)  # an unknown rule ID is a programming error: fail loudly here
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.field = field
        self.rule = rule
        self.errors = errors or []

    def as_dict(self) -> dict:
        body: dict = {"code": self.code, "message": str(self.message), "field": self.field}
        if self.errors:
            body["errors"] = [
                {"code": e.code, "message": str(e.message), "field": e.field} for e in self.errors
            ]
        if self.rule:
            from sunshine.core.rules import get_rule

            body["rule"] = get_rule(self.rule).as_dict()
        return body


class InvalidInput(DomainError):
    status = 400


class NotAuthenticated(DomainError):
    status = 401


class NotPermitted(DomainError):
    status = 403


class NotFound(DomainError):
    """Also raised for records outside the actor's data scope, so their existence does not leak."""

    status = 404


class Conflict(DomainError):
    """Stale version, duplicate, or a record in the wrong state for the request."""

    status = 409


class RuleViolated(DomainError):
    status = 422
