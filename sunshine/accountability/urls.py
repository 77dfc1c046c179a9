"""Staff pages of accountability under /accountability/ (sunshine.accountability.views)."""

from django.urls import path

from sunshine.accountability import views

app_name = "accountability"

urlpatterns = [
    path("", views.CaseListView.as_view(), name="list"),
    path("new/", views.RegisterView.as_view(), name="register"),
    path("<int:pk>/", views.CaseDetailView.as_view(), name="detail"),
    path("<int:pk>/decision.<str:fmt>", views.DecisionPrintView.as_view(), name="decision_print"),
    path("<int:pk>/<str:action>/", views.CaseActionView.as_view(), name="action"),
]
