"""/api/v1/petitions/: items, registering visits and calls, actions, identity, alerts."""

from django.urls import path

from sunshine.petitions import api

urlpatterns = [
    path("", api.PetitionListAPI.as_view(), name="api-petitions-list"),
    path("alerts", api.AlertListAPI.as_view(), name="api-petitions-alerts"),
    path("<int:pk>", api.PetitionDetailAPI.as_view(), name="api-petitions-detail"),
    path("<int:pk>/identity", api.IdentityAPI.as_view(), name="api-petitions-identity"),
    path("<int:pk>/triage", api.TriageAPI.as_view(), name="api-petitions-triage"),
    path("<int:pk>/assign", api.AssignAPI.as_view(), name="api-petitions-assign"),
    path("<int:pk>/transfer", api.TransferAPI.as_view(), name="api-petitions-transfer"),
    path("<int:pk>/extend", api.ExtendAPI.as_view(), name="api-petitions-extend"),
    path("<int:pk>/answer", api.AnswerAPI.as_view(), name="api-petitions-answer"),
    path("<int:pk>/close", api.CloseAPI.as_view(), name="api-petitions-close"),
]
