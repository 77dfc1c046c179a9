"""/api/v1/accountability/: cases and their stage actions; the grounds catalogues."""

from django.urls import path

from sunshine.accountability import api

urlpatterns = [
    path("cases", api.CaseListAPI.as_view(), name="api-accountability-case-list"),
    path("cases/<int:pk>", api.CaseDetailAPI.as_view(), name="api-accountability-case-detail"),
    path(
        "cases/<int:pk>/sanctions", api.CaseSanctionsAPI.as_view(), name="api-accountability-case-sanctions"
    ),
    path("grounds", api.GroundListAPI.as_view(), name="api-accountability-grounds"),
    *[
        path(f"cases/<int:pk>/{name}", view.as_view(), name=f"api-accountability-case-{name}")
        for name, view in api.ACTION_VIEWS.items()
    ],
]
