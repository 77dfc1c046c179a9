"""The org pages' base classes: core.pages, under the names the org views use."""

from sunshine.core.pages import FormPage, StaffView, apply_error, on_the_form

OrgView = StaffView

__all__ = ["FormPage", "OrgView", "apply_error", "on_the_form"]
