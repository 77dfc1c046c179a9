"""The task actions' API routes, added to /api/v1/cases/ (cases.api_urls)."""

from django.urls import path

from sunshine.cases.actions import api

urlpatterns = [
    path("<int:pk>/actions", api.CaseActionsAPI.as_view(), name="api-cases-actions"),
    path(
        "tasks/<int:pk>/send-back-targets",
        api.SendBackTargetsAPI.as_view(),
        name="api-cases-task-send-back-targets",
    ),
    path("tasks/<int:pk>/send-back", api.SendBackAPI.as_view(), name="api-cases-task-send-back"),
    path("tasks/<int:pk>/transfer", api.TransferAPI.as_view(), name="api-cases-task-transfer"),
    path("tasks/<int:pk>/delegate", api.DelegateAPI.as_view(), name="api-cases-task-delegate"),
    path(
        "tasks/<int:pk>/delegation/reply",
        api.DelegationReplyAPI.as_view(),
        name="api-cases-task-delegation-reply",
    ),
    path(
        "tasks/<int:pk>/delegation/take-back",
        api.DelegationTakeBackAPI.as_view(),
        name="api-cases-task-delegation-take-back",
    ),
    path("tasks/<int:pk>/copy", api.CopyAPI.as_view(), name="api-cases-task-copy"),
    path("copies", api.CopiesAPI.as_view(), name="api-cases-copies"),
    path("<int:pk>/read", api.CopyReadAPI.as_view(), name="api-cases-copy-read"),
    path("stand-ins", api.StandInListAPI.as_view(), name="api-cases-stand-ins"),
    path("stand-ins/<int:pk>/revoke", api.StandInRevokeAPI.as_view(), name="api-cases-stand-in-revoke"),
]

# 加签, 会签/或签 (cases.actions.sign)
from sunshine.cases.actions import sign_api  # noqa: E402

urlpatterns += [
    path("tasks/<int:pk>/signatures", sign_api.SignaturesAPI.as_view(), name="api-cases-task-signatures"),
    path("tasks/<int:pk>/sign", sign_api.SignAPI.as_view(), name="api-cases-task-sign"),
    path(
        "tasks/<int:pk>/countersigners",
        sign_api.CountersignersAPI.as_view(),
        name="api-cases-task-countersigners",
    ),
]
