"""Staff pages of the oversight app under /oversight/ (sunshine.oversight.views)."""

from django.urls import path

from sunshine.oversight import order_views, record_views, settings_views, views
from sunshine.oversight.reports import views as report_views

app_name = "oversight"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("mine/", views.MyAlertsView.as_view(), name="my_alerts"),
    path("settings/", settings_views.SettingsView.as_view(), name="settings"),
    path("alerts/<int:pk>/", views.AlertDetailView.as_view(), name="alert_detail"),
    path("alerts/<int:pk>/<str:action>/", views.AlertActionView.as_view(), name="alert_action"),
    path("records/<int:pk>/", record_views.RecordAlertDetailView.as_view(), name="record_alert_detail"),
    path(
        "records/<int:pk>/<str:action>/",
        record_views.RecordAlertActionView.as_view(),
        name="record_alert_action",
    ),
    path("reports/", report_views.ReportView.as_view(), name="reports"),
    path("reports/export/", report_views.ReportExportView.as_view(), name="report_export"),
    path("reports/quarterly/", report_views.EvaluationListView.as_view(), name="evaluations"),
    path(
        "reports/quarterly/<int:pk>/", report_views.EvaluationDetailView.as_view(), name="evaluation_detail"
    ),
    path(
        "reports/quarterly/<int:pk>/export/",
        report_views.EvaluationExportView.as_view(),
        name="evaluation_export",
    ),
    path("orders/", order_views.OrderListView.as_view(), name="order_list"),
    path("orders/mine/", order_views.MyOrdersView.as_view(), name="my_orders"),
    path("orders/new/", order_views.OrderIssueView.as_view(), name="order_issue"),
    path("orders/<int:pk>/", order_views.OrderDetailView.as_view(), name="order_detail"),
    path("orders/<int:pk>/reply/", order_views.OrderReplyView.as_view(), name="order_reply"),
    path("orders/<int:pk>/verify/", order_views.OrderVerifyView.as_view(), name="order_verify"),
    path("orders/<int:pk>/close/", order_views.OrderCloseView.as_view(), name="order_close"),
    path("orders/<int:pk>/print.<str:fmt>", order_views.OrderPrintView.as_view(), name="order_print"),
]
