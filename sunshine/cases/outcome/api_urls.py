"""/api/v1/cases/ routes of the outcome (cases.api_urls adds them)."""

from django.urls import path

from sunshine.cases.outcome import api

urlpatterns = [
    path("<int:pk>/outcome", api.OutcomeAPI.as_view(), name="api-cases-outcome"),
    path("tasks/<int:pk>/decision", api.DecisionRecordAPI.as_view(), name="api-cases-decision"),
    path("<int:pk>/decision/change", api.DecisionChangeAPI.as_view(), name="api-cases-decision-change"),
    path("<int:pk>/service", api.DeliveryAPI.as_view(), name="api-cases-service"),
    path("<int:pk>/publication", api.PublicationAPI.as_view(), name="api-cases-publication"),
    path("<int:pk>/archive", api.ArchiveAPI.as_view(), name="api-cases-archive"),
    path("<int:pk>/record-filing", api.RecordFilingAPI.as_view(), name="api-cases-record-filing"),
    path("<int:pk>/documents", api.DocumentsAPI.as_view(), name="api-cases-documents"),
    path("<int:pk>/documents/<int:doc>", api.DocumentDownloadAPI.as_view(), name="api-cases-document"),
]
