from django.urls import path

from sunshine.core import api_views

urlpatterns = [
    path("auth/token", api_views.TokenView.as_view(), name="api-token"),
    path("auth/me", api_views.MeView.as_view(), name="api-me"),
    path("auth/password", api_views.PasswordChangeView.as_view(), name="api-password"),
    path("audit/records", api_views.AuditListView.as_view(), name="api-audit-list"),
    path("audit/records/<int:pk>", api_views.AuditDetailView.as_view(), name="api-audit-detail"),
    path("audit/head", api_views.AuditHeadView.as_view(), name="api-audit-head"),
    path("notifications", api_views.NotificationListView.as_view(), name="api-notification-list"),
    path(
        "notifications/<int:pk>/read", api_views.NotificationReadView.as_view(), name="api-notification-read"
    ),
]
