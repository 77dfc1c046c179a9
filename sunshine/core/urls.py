from django.urls import path

from sunshine.core import views

app_name = "core"

urlpatterns = [
    path("", views.WorkbenchView.as_view(), name="workbench"),
    path("messages/", views.NotificationListView.as_view(), name="notification_list"),
    path("messages/<int:pk>/read/", views.NotificationReadView.as_view(), name="notification_read"),
    path("messages/read-all/", views.NotificationReadAllView.as_view(), name="notification_read_all"),
    path("audit/", views.AuditListView.as_view(), name="audit_list"),
    path("audit/<int:pk>/", views.AuditDetailView.as_view(), name="audit_detail"),
]
