"""Staff pages under /cadres/: one include per area."""

from django.urls import include, path

from sunshine.cadres.settings_views import BodySettingsView

app_name = "cadres"

urlpatterns = [
    path("evaluation/", include("sunshine.cadres.evaluation.urls")),
    path("talks/", include("sunshine.cadres.talks.urls")),
    path("reports/", include("sunshine.cadres.reports.urls")),
    path("files/", include("sunshine.cadres.integrity.urls")),
    path("settings/", BodySettingsView.as_view(), name="settings"),
]
