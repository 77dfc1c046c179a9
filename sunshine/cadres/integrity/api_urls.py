"""API of this area (included by sunshine.cadres.api_urls under /api/v1/cadres/files/)."""

from django.urls import path

from sunshine.cadres.integrity import api

urlpatterns = [
    path("cadres", api.CadreListAPI.as_view(), name="api-cadres-files-cadres"),
    path("<int:pk>", api.FileAPI.as_view(), name="api-cadres-files-detail"),
    path("grants", api.GrantListAPI.as_view(), name="api-cadres-files-grants"),
    path("grants/<int:pk>/revoke", api.GrantRevokeAPI.as_view(), name="api-cadres-files-grant-revoke"),
    path("reads", api.ReadListAPI.as_view(), name="api-cadres-files-reads"),
    path("opinions", api.OpinionListAPI.as_view(), name="api-cadres-files-opinions"),
    path("opinions/<int:pk>", api.OpinionDetailAPI.as_view(), name="api-cadres-files-opinion"),
    path("opinions/<int:pk>/answer", api.OpinionAnswerAPI.as_view(), name="api-cadres-files-opinion-answer"),
    path("matters", api.MatterListAPI.as_view(), name="api-cadres-files-matters"),
]
