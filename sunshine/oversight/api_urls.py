"""/api/v1/oversight/: alerts and their handling."""

from django.urls import path

from sunshine.oversight import api

urlpatterns = [
    path("alerts", api.AlertListAPI.as_view(), name="api-oversight-alert-list"),
    path("alerts/<int:pk>", api.AlertDetailAPI.as_view(), name="api-oversight-alert-detail"),
    path("alerts/<int:pk>/acknowledge", api.AlertAcknowledgeAPI.as_view(), name="api-oversight-acknowledge"),
    path("alerts/<int:pk>/explain", api.AlertExplainAPI.as_view(), name="api-oversight-explain"),
    path("alerts/<int:pk>/escalate", api.AlertEscalateAPI.as_view(), name="api-oversight-escalate"),
    path("alerts/<int:pk>/close", api.AlertCloseAPI.as_view(), name="api-oversight-close"),
]
