"""Staff pages of the oversight app under /oversight/ (sunshine.oversight.views)."""

from django.urls import path

from sunshine.oversight import settings_views, views

app_name = "oversight"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("mine/", views.MyAlertsView.as_view(), name="my_alerts"),
    path("settings/", settings_views.SettingsView.as_view(), name="settings"),
    path("alerts/<int:pk>/", views.AlertDetailView.as_view(), name="alert_detail"),
    path("alerts/<int:pk>/<str:action>/", views.AlertActionView.as_view(), name="alert_action"),
]
