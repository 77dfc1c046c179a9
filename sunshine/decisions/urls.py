"""Staff pages of collective decisions (三重一大) under /decisions/."""

from django.urls import path

from sunshine.decisions import views

app_name = "decisions"

urlpatterns = [
    path("", views.TopicListView.as_view(), name="topic_list"),
    path("topics/new/", views.TopicProposeView.as_view(), name="topic_propose"),
    path("topics/<int:pk>/", views.TopicDetailView.as_view(), name="topic_detail"),
    path("topics/<int:pk>/<slug:action>/", views.TopicDetailView.as_view(), name="topic_action"),
    path("meetings/", views.MeetingListView.as_view(), name="meeting_list"),
    path("meetings/new/", views.MeetingCreateView.as_view(), name="meeting_create"),
    path("meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("meetings/<int:pk>/<slug:action>/", views.MeetingDetailView.as_view(), name="meeting_action"),
    path(
        "meetings/<int:pk>/<slug:action>/<int:ref>/",
        views.MeetingDetailView.as_view(),
        name="meeting_ref_action",
    ),
    path("minutes/<int:pk>/", views.MinutesDetailView.as_view(), name="minutes_detail"),
    path("minutes/<int:pk>/print.<str:fmt>", views.MinutesPrintView.as_view(), name="minutes_print"),
    path("minutes/<int:pk>/<slug:action>/", views.MinutesDetailView.as_view(), name="minutes_action"),
    path("notices/", views.NoticeListView.as_view(), name="notice_list"),
    path("oversight/", views.OversightView.as_view(), name="oversight"),
    path("oversight/print.pdf", views.OversightPrintView.as_view(), name="oversight_print"),
    path("settings/", views.SettingsView.as_view(), name="settings"),
]
