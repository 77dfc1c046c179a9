"""Staff pages of the catalog (权力清单) under /catalog/: search, register, read, edit, review and
publish powers; personal power lists; the completeness report."""

from sunshine.catalog.views.edit import (
    BenchmarksView,
    FlowchartEditView,
    LegalBasesView,
    MaterialsView,
    MeasureAddView,
    MeasureRemoveView,
    ResponsibilitiesView,
    RiskPointActionView,
    RiskPointsView,
    VersionEditView,
)
from sunshine.catalog.views.items import ItemCreateView, ItemListView, VersionCompareView, VersionDetailView
from sunshine.catalog.views.lifecycle import NewVersionView, PublishView, ReviewView, SubmitView
from sunshine.catalog.views.reports import PersonPowersView, PostPowersView, PowerListsView, ReportView

__all__ = [
    "BenchmarksView",
    "FlowchartEditView",
    "ItemCreateView",
    "ItemListView",
    "LegalBasesView",
    "MaterialsView",
    "MeasureAddView",
    "MeasureRemoveView",
    "NewVersionView",
    "PersonPowersView",
    "PostPowersView",
    "PowerListsView",
    "PublishView",
    "ReportView",
    "ResponsibilitiesView",
    "ReviewView",
    "RiskPointActionView",
    "RiskPointsView",
    "SubmitView",
    "VersionCompareView",
    "VersionDetailView",
    "VersionEditView",
]
