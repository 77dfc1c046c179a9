"""Staff pages of this area (included by sunshine.cadres.urls under /cadres/reports/)."""

from django.urls import path

from sunshine.cadres.reports import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="reports_home"),
    path("absences/new/", views.AbsenceNewView.as_view(), name="reports_absence_new"),
    path("absences/<int:pk>/", views.AbsenceDetailView.as_view(), name="reports_absence_detail"),
    path("absences/<int:pk>/<str:action>/", views.AbsenceActionView.as_view(), name="reports_absence_action"),
    path("summary/", views.SummaryView.as_view(), name="reports_summary"),
    path("matters/new/", views.MatterNewView.as_view(), name="reports_matter_new"),
    path("matters/<int:pk>/", views.MatterDetailView.as_view(), name="reports_matter_detail"),
    path("matters/<int:pk>/<str:action>/", views.MatterActionView.as_view(), name="reports_matter_action"),
    path("meeting/", views.MeetingListView.as_view(), name="reports_meeting"),
]
