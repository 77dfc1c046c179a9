"""API of this area (included by sunshine.cadres.api_urls under /api/v1/cadres/reports/)."""

from django.urls import path

from sunshine.cadres.reports import api

urlpatterns = [
    path("absences", api.AbsenceListAPI.as_view(), name="api-cadres-absence-list"),
    path("absences/summary", api.SummaryAPI.as_view(), name="api-cadres-absence-summary"),
    path("absences/<int:pk>", api.AbsenceDetailAPI.as_view(), name="api-cadres-absence-detail"),
    path("absences/<int:pk>/decide", api.AbsenceDecideAPI.as_view(), name="api-cadres-absence-decide"),
    path("absences/<int:pk>/withdraw", api.AbsenceWithdrawAPI.as_view(), name="api-cadres-absence-withdraw"),
    path("absences/<int:pk>/written", api.AbsenceWrittenAPI.as_view(), name="api-cadres-absence-written"),
    path("absences/<int:pk>/change", api.AbsenceChangeAPI.as_view(), name="api-cadres-absence-change"),
    path("absences/<int:pk>/return", api.AbsenceReturnAPI.as_view(), name="api-cadres-absence-return"),
    path("matters", api.MatterListAPI.as_view(), name="api-cadres-matter-list"),
    path("matters/meeting", api.MeetingAPI.as_view(), name="api-cadres-matter-meeting"),
    path("matters/<int:pk>", api.MatterDetailAPI.as_view(), name="api-cadres-matter-detail"),
    path("matters/<int:pk>/written", api.MatterWrittenAPI.as_view(), name="api-cadres-matter-written"),
    path(
        "matters/<int:pk>/acknowledge",
        api.MatterAcknowledgeAPI.as_view(),
        name="api-cadres-matter-acknowledge",
    ),
]
