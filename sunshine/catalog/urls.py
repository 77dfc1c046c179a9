"""Staff pages of the catalog under /catalog/ (sunshine.catalog.views)."""

from django.urls import path

from sunshine.catalog import views
from sunshine.catalog.views import transfer

app_name = "catalog"

urlpatterns = [
    path("", views.ItemListView.as_view(), name="item_list"),
    path("new/", views.ItemCreateView.as_view(), name="item_create"),
    path("export.xlsx", transfer.ExportView.as_view(), name="export"),
    path("book.pdf", transfer.BookView.as_view(), name="book"),
    path("import/", transfer.ImportView.as_view(), name="import"),
    path("import/template.xlsx", transfer.TemplateView.as_view(), name="import_template"),
    path("v/<int:pk>/", views.VersionDetailView.as_view(), name="version_detail"),
    path("v/<int:pk>/compare/", views.VersionCompareView.as_view(), name="version_compare"),
    path("v/<int:pk>/edit/", views.VersionEditView.as_view(), name="version_edit"),
    path("v/<int:pk>/legal-bases/", views.LegalBasesView.as_view(), name="legal_bases"),
    path("v/<int:pk>/materials/", views.MaterialsView.as_view(), name="materials"),
    path("v/<int:pk>/responsibilities/", views.ResponsibilitiesView.as_view(), name="responsibilities"),
    path("v/<int:pk>/benchmarks/", views.BenchmarksView.as_view(), name="benchmarks"),
    path("v/<int:pk>/risks/", views.RiskPointsView.as_view(), name="risk_points"),
    path(
        "v/<int:pk>/risks/<int:risk>/remove/",
        views.RiskPointActionView.as_view(),
        {"action": "remove"},
        name="risk_point_remove",
    ),
    path(
        "v/<int:pk>/risks/<int:risk>/main/",
        views.RiskPointActionView.as_view(),
        {"action": "main"},
        name="risk_point_main",
    ),
    path("v/<int:pk>/risks/<int:risk>/measures/", views.MeasureAddView.as_view(), name="measure_add"),
    path(
        "v/<int:pk>/measures/<int:measure>/remove/", views.MeasureRemoveView.as_view(), name="measure_remove"
    ),
    path("v/<int:pk>/flowchart/", views.FlowchartEditView.as_view(), name="flowchart_edit"),
    path("v/<int:pk>/submit/", views.SubmitView.as_view(), name="version_submit"),
    path("v/<int:pk>/review/", views.ReviewView.as_view(), name="version_review"),
    path("v/<int:pk>/publish/", views.PublishView.as_view(), name="version_publish"),
    path("v/<int:pk>/new-version/", views.NewVersionView.as_view(), name="version_new"),
    path("power-lists/", views.PowerListsView.as_view(), name="power_lists"),
    path("posts/<int:pk>/powers/", views.PostPowersView.as_view(), name="post_powers"),
    path("people/<int:pk>/powers/", views.PersonPowersView.as_view(), name="person_powers"),
    path("report/", views.ReportView.as_view(), name="report"),
]
