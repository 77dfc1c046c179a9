"""/api/v1/disclosure/: plans, publishing, information requests and their actions."""

from django.urls import path

from sunshine.disclosure import api

urlpatterns = [
    path("plans", api.PlanListAPI.as_view(), name="api-disclosure-plans"),
    path("plans/<int:pk>", api.PlanDetailAPI.as_view(), name="api-disclosure-plan"),
    path(
        "plans/<int:pk>/items/<int:item_id>/publish", api.PublishAPI.as_view(), name="api-disclosure-publish"
    ),
    path("requests", api.RequestListAPI.as_view(), name="api-disclosure-requests"),
    path("requests/<int:pk>", api.RequestDetailAPI.as_view(), name="api-disclosure-request"),
    path(
        "requests/<int:pk>/identity", api.RequestIdentityAPI.as_view(), name="api-disclosure-request-identity"
    ),
    path("requests/<int:pk>/assign", api.AssignAPI.as_view(), name="api-disclosure-request-assign"),
    path("requests/<int:pk>/extend", api.ExtendAPI.as_view(), name="api-disclosure-request-extend"),
    path("requests/<int:pk>/answer", api.AnswerAPI.as_view(), name="api-disclosure-request-answer"),
]
