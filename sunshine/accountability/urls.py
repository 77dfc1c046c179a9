"""Staff pages of accountability under /accountability/ (sunshine.accountability.views)."""

from django.urls import path

from sunshine.accountability import catalogue_views, views

app_name = "accountability"

urlpatterns = [
    path("", views.CaseListView.as_view(), name="list"),
    path("new/", views.RegisterView.as_view(), name="register"),
    path("sanctions/", catalogue_views.CatalogueView.as_view(), name="sanctions"),
    path("sanctions/new/", catalogue_views.SanctionAddView.as_view(), name="sanction_add"),
    path("sanctions/<int:pk>/", catalogue_views.SanctionEditView.as_view(), name="sanction_edit"),
    path("<int:pk>/", views.CaseDetailView.as_view(), name="detail"),
    path("<int:pk>/decision.<str:fmt>", views.PrintView.as_view(), name="decision_print"),
    path("<int:pk>/print/<str:doc>.<str:fmt>", views.PrintView.as_view(), name="print"),
    path("<int:pk>/<str:action>/", views.CaseActionView.as_view(), name="action"),
]
