"""/api/v1/catalog/: power items, versions and their parts, the life cycle, power lists, report."""

from django.urls import path

from sunshine.catalog import api

urlpatterns = [
    path("items", api.ItemListAPI.as_view(), name="api-catalog-item-list"),
    path("items/<int:pk>/versions", api.ItemVersionsAPI.as_view(), name="api-catalog-item-versions"),
    path("versions/<int:pk>", api.VersionDetailAPI.as_view(), name="api-catalog-version-detail"),
    path("versions/<int:pk>/legal-bases", api.LegalBasesAPI.as_view(), name="api-catalog-legal-bases"),
    path("versions/<int:pk>/materials", api.MaterialsAPI.as_view(), name="api-catalog-materials"),
    path(
        "versions/<int:pk>/responsibilities",
        api.ResponsibilitiesAPI.as_view(),
        name="api-catalog-responsibilities",
    ),
    path("versions/<int:pk>/benchmarks", api.BenchmarksAPI.as_view(), name="api-catalog-benchmarks"),
    path("versions/<int:pk>/risk-points", api.RiskPointListAPI.as_view(), name="api-catalog-risk-points"),
    path("versions/<int:pk>/flowchart", api.FlowchartAPI.as_view(), name="api-catalog-flowchart"),
    path("versions/<int:pk>/problems", api.ProblemsAPI.as_view(), name="api-catalog-problems"),
    path("versions/<int:pk>/submit", api.SubmitAPI.as_view(), name="api-catalog-submit"),
    path("versions/<int:pk>/reviews", api.ReviewAPI.as_view(), name="api-catalog-review"),
    path("versions/<int:pk>/publish", api.PublishAPI.as_view(), name="api-catalog-publish"),
    path("risk-points/<int:pk>", api.RiskPointDetailAPI.as_view(), name="api-catalog-risk-point"),
    path("risk-points/<int:pk>/measures", api.MeasureListAPI.as_view(), name="api-catalog-measures"),
    path("measures/<int:pk>", api.MeasureDetailAPI.as_view(), name="api-catalog-measure"),
    path("posts/<int:pk>/powers", api.PostPowersAPI.as_view(), name="api-catalog-post-powers"),
    path("people/<int:pk>/powers", api.PersonPowersAPI.as_view(), name="api-catalog-person-powers"),
    path("report", api.ReportAPI.as_view(), name="api-catalog-report"),
]
