"""Staff pages of this area (included by sunshine.cadres.urls under /cadres/files/)."""

from django.urls import path

from sunshine.cadres.integrity import views
from sunshine.cadres.settings_views import OldSettingsRedirect

urlpatterns = [
    path("", views.FileListView.as_view(), name="integrity_list"),
    path("<int:pk>/", views.FileDetailView.as_view(), name="integrity_file"),
    path("<int:pk>/export/<slug:fmt>/", views.FileExportView.as_view(), name="integrity_export"),
    path("<int:pk>/grant/", views.GrantNewView.as_view(), name="integrity_grant_new"),
    path("grants/", views.GrantListView.as_view(), name="integrity_grants"),
    path("grants/<int:pk>/revoke/", views.GrantRevokeView.as_view(), name="integrity_grant_revoke"),
    path("reads/", views.ReadListView.as_view(), name="integrity_reads"),
    path("settings/", OldSettingsRedirect.as_view(), name="integrity_settings"),
    path("opinions/", views.OpinionListView.as_view(), name="integrity_opinions"),
    path("opinions/new/", views.OpinionNewView.as_view(), name="integrity_opinion_new"),
    path("opinions/<int:pk>/", views.OpinionDetailView.as_view(), name="integrity_opinion"),
    path("opinions/<int:pk>/answer/", views.OpinionAnswerView.as_view(), name="integrity_opinion_answer"),
    path("opinions/<int:pk>/print/", views.OpinionPrintView.as_view(), name="integrity_opinion_print"),
    path("matters/", views.DashboardView.as_view(), name="integrity_dashboard"),
]
