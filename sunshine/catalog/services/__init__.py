"""The catalog services: every change of the power catalogue goes through these (STYLE §1)."""

from sunshine.catalog.services.checks import Problem, publication_problems
from sunshine.catalog.services.imports import items_import
from sunshine.catalog.services.items import (
    item_create,
    legal_bases_set,
    materials_set,
    responsibilities_set,
    version_update,
)
from sunshine.catalog.services.lifecycle import version_new, version_publish, version_review, version_submit
from sunshine.catalog.services.risks import (
    benchmarks_set,
    measure_add,
    measure_remove,
    risk_point_add,
    risk_point_remove,
    risk_point_update,
    suggested_level,
)

__all__ = [
    "Problem",
    "benchmarks_set",
    "item_create",
    "items_import",
    "legal_bases_set",
    "materials_set",
    "measure_add",
    "measure_remove",
    "publication_problems",
    "responsibilities_set",
    "risk_point_add",
    "risk_point_remove",
    "risk_point_update",
    "suggested_level",
    "version_new",
    "version_publish",
    "version_review",
    "version_submit",
    "version_update",
]
