"""/api/v1/oversight/: alerts and their handling; supervision orders; efficiency reports and the
stored quarterly evaluations."""

from django.urls import path

from sunshine.oversight import api, order_api, report_api

urlpatterns = [
    path("alerts", api.AlertListAPI.as_view(), name="api-oversight-alert-list"),
    path("alerts/<int:pk>", api.AlertDetailAPI.as_view(), name="api-oversight-alert-detail"),
    path("alerts/<int:pk>/acknowledge", api.AlertAcknowledgeAPI.as_view(), name="api-oversight-acknowledge"),
    path("alerts/<int:pk>/explain", api.AlertExplainAPI.as_view(), name="api-oversight-explain"),
    path("alerts/<int:pk>/escalate", api.AlertEscalateAPI.as_view(), name="api-oversight-escalate"),
    path("alerts/<int:pk>/close", api.AlertCloseAPI.as_view(), name="api-oversight-close"),
    path("record-alerts", api.RecordAlertListAPI.as_view(), name="api-oversight-record-alert-list"),
    path(
        "record-alerts/<int:pk>", api.RecordAlertDetailAPI.as_view(), name="api-oversight-record-alert-detail"
    ),
    *[
        path(f"record-alerts/<int:pk>/{name}", view.as_view(), name=f"api-oversight-record-{name}")
        for name, view in (
            ("acknowledge", api.RecordAlertAcknowledgeAPI),
            ("explain", api.RecordAlertExplainAPI),
            ("close", api.RecordAlertCloseAPI),
        )
    ],
    path("orders", order_api.OrderListAPI.as_view(), name="api-oversight-order-list"),
    path("orders/<int:pk>", order_api.OrderDetailAPI.as_view(), name="api-oversight-order-detail"),
    path("orders/<int:pk>/reply", order_api.OrderReplyAPI.as_view(), name="api-oversight-order-reply"),
    path("orders/<int:pk>/verify", order_api.OrderVerifyAPI.as_view(), name="api-oversight-order-verify"),
    path("orders/<int:pk>/close", order_api.OrderCloseAPI.as_view(), name="api-oversight-order-close"),
    path("reports", report_api.ReportAPI.as_view(), name="api-oversight-report"),
    path("evaluations", report_api.EvaluationListAPI.as_view(), name="api-oversight-evaluation-list"),
    path(
        "evaluations/<int:pk>",
        report_api.EvaluationDetailAPI.as_view(),
        name="api-oversight-evaluation-detail",
    ),
]
