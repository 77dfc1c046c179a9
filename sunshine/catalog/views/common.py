"""What the catalog pages share: URLs, badge colours, the version pages' base classes."""

from __future__ import annotations

from django.urls import reverse

from sunshine.catalog import selectors
from sunshine.catalog.choices import RiskLevel, Status
from sunshine.catalog.services.items import require_editable
from sunshine.core.pages import FormPage, StaffView
from sunshine.core.permissions import require_permission
from sunshine.core.rules import get_rule
from sunshine.org import selectors as org_selectors

__all__ = ["LEVEL_TAGS", "STATUS_TAGS", "DraftPage", "FormPage", "StaffView", "VersionPage", "version_url"]

# Risk grades in the colours of the seeds (SUP-133): A red, B orange, C yellow.
LEVEL_TAGS = {RiskLevel.A: "tag-red", RiskLevel.B: "tag-orange", RiskLevel.C: "tag-yellow"}
STATUS_TAGS = {
    Status.DRAFT: "tag-grey",
    Status.SUBMITTED: "tag-blue",
    Status.REVIEWED: "tag-orange",
    Status.PUBLISHED: "tag-green",
    Status.SUPERSEDED: "tag-grey",
}


def version_url(version, anchor: str = "") -> str:
    return reverse("catalog:version_detail", args=[version.pk]) + anchor


def level_badge(level: str | None) -> dict | None:
    """What the page shows of a risk grade: the letter, its label and its colour."""
    if not level:
        return None
    return {"level": level, "label": RiskLevel(level).label, "tag": LEVEL_TAGS[level]}


def status_badge(status: str) -> dict:
    return {"status": status, "label": Status(status).label, "tag": STATUS_TAGS[status]}


def body_posts(actor, version):
    """Posts of the version's body the actor may see (org scope, SEC-7), for the selects."""
    return org_selectors.post_list(actor=actor, unit=version.item.body, include_subunits=True)


def body_people(actor, version):
    return org_selectors.person_list(actor=actor, unit=version.item.body)


def problem_rows(problems) -> list[dict]:
    """services.publication_problems as the page lists them: each message with its rule (依据)."""
    return [
        {
            "code": p.code,
            "message": p.message,
            "element_id": p.element_id,
            "rule": get_rule(p.rule).as_dict() if p.rule else None,
        }
        for p in problems
    ]


class VersionPage(FormPage):
    """A form about one version (through selectors.version_get: 404 outside the scope)."""

    template_name = "catalog/form.html"

    def load(self, pk):
        return selectors.version_get(actor=self.actor, pk=pk)

    def get_title(self, obj) -> str:
        return f"{self.title}：{obj.name}"

    def done(self, result, obj) -> str:
        return version_url(obj)

    def cancel_url(self, obj) -> str:
        return version_url(obj)

    def context(self, obj) -> dict:
        return {"version": obj}


class DraftPage(VersionPage):
    """A form that changes a draft: the editor's permission over it, and only while it is a draft
    (a submitted or published version is never changed: AUD-4; the refusal page says so)."""

    def check(self, obj) -> None:
        require_permission(self.actor, "catalog.edit", obj)
        require_editable(obj)
