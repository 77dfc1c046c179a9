"""Staff pages of this area (included by sunshine.cadres.urls under /cadres/evaluation/)."""

from django.urls import path

from sunshine.cadres.evaluation import views
from sunshine.cadres.settings_views import OldSettingsRedirect

urlpatterns = [
    path("", views.RoundListView.as_view(), name="evaluation_list"),
    path("new/", views.RoundCreateView.as_view(), name="evaluation_create"),
    path("settings/", OldSettingsRedirect.as_view(), name="evaluation_settings"),
    path("<int:pk>/", views.RoundDetailView.as_view(), name="evaluation_detail"),
    path("<int:pk>/cadres/", views.CadreAddView.as_view(), name="evaluation_cadre_add"),
    path("<int:pk>/participants/", views.ParticipantAddView.as_view(), name="evaluation_participant_add"),
    path("<int:pk>/report/<int:entry>/", views.ReportView.as_view(), name="evaluation_report"),
    path("<int:pk>/report/<int:entry>/file", views.AttachmentView.as_view(), name="evaluation_attachment"),
    path("<int:pk>/complaints/<int:entry>/", views.ComplaintsView.as_view(), name="evaluation_complaints"),
    path("<int:pk>/open/", views.OpenView.as_view(), name="evaluation_open"),
    path("<int:pk>/vote/", views.VoteView.as_view(), name="evaluation_vote"),
    path("<int:pk>/paper/", views.PaperBallotView.as_view(), name="evaluation_paper"),
    path("<int:pk>/count/", views.CountView.as_view(), name="evaluation_count"),
    path("<int:pk>/sheet.pdf", views.SheetView.as_view(), name="evaluation_sheet"),
]
