"""Staff pages of the oversight app under /oversight/ (sunshine.oversight.views)."""

from django.urls import path

from sunshine.oversight import order_views, views

app_name = "oversight"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("mine/", views.MyAlertsView.as_view(), name="my_alerts"),
    path("alerts/<int:pk>/", views.AlertDetailView.as_view(), name="alert_detail"),
    path("alerts/<int:pk>/<str:action>/", views.AlertActionView.as_view(), name="alert_action"),
    path("orders/", order_views.OrderListView.as_view(), name="order_list"),
    path("orders/mine/", order_views.MyOrdersView.as_view(), name="my_orders"),
    path("orders/new/", order_views.OrderIssueView.as_view(), name="order_issue"),
    path("orders/<int:pk>/", order_views.OrderDetailView.as_view(), name="order_detail"),
    path("orders/<int:pk>/reply/", order_views.OrderReplyView.as_view(), name="order_reply"),
    path("orders/<int:pk>/verify/", order_views.OrderVerifyView.as_view(), name="order_verify"),
    path("orders/<int:pk>/close/", order_views.OrderCloseView.as_view(), name="order_close"),
    path("orders/<int:pk>/print.<str:fmt>", order_views.OrderPrintView.as_view(), name="order_print"),
]
