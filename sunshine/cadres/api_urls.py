"""/api/v1/cadres/: one include per area."""

from django.urls import include, path

from sunshine.cadres.settings_api import BodySettingsAPI

urlpatterns = [
    path("evaluation/", include("sunshine.cadres.evaluation.api_urls")),
    path("talks/", include("sunshine.cadres.talks.api_urls")),
    path("reports/", include("sunshine.cadres.reports.api_urls")),
    path("files/", include("sunshine.cadres.integrity.api_urls")),
    path("settings/<int:body>", BodySettingsAPI.as_view(), name="api-cadres-settings"),
]
