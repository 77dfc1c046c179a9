"""API of this area (included by sunshine.cadres.api_urls under /api/v1/cadres/evaluation/)."""

from django.urls import path

from sunshine.cadres.evaluation import api

urlpatterns = [
    path("rounds", api.RoundListAPI.as_view(), name="api-cadres-evaluation-rounds"),
    path("rounds/<int:pk>", api.RoundDetailAPI.as_view(), name="api-cadres-evaluation-round"),
    path("rounds/<int:pk>/cadres", api.CadreAddAPI.as_view(), name="api-cadres-evaluation-cadres"),
    path("rounds/<int:pk>/reports", api.ReportAPI.as_view(), name="api-cadres-evaluation-reports"),
    path(
        "rounds/<int:pk>/participants",
        api.ParticipantAddAPI.as_view(),
        name="api-cadres-evaluation-participants",
    ),
    path("rounds/<int:pk>/complaints", api.ComplaintsAPI.as_view(), name="api-cadres-evaluation-complaints"),
    path("rounds/<int:pk>/open", api.OpenAPI.as_view(), name="api-cadres-evaluation-open"),
    path("rounds/<int:pk>/ballot", api.BallotAPI.as_view(), name="api-cadres-evaluation-ballot"),
    path("rounds/<int:pk>/paper-ballots", api.PaperBallotAPI.as_view(), name="api-cadres-evaluation-paper"),
    path("rounds/<int:pk>/count", api.CountAPI.as_view(), name="api-cadres-evaluation-count"),
]
