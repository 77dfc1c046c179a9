"""The REST API, version 1. Each app contributes its own ``api_urls``."""

from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.permissions import AllowAny

urlpatterns = [
    path(
        "openapi.json",
        SpectacularJSONAPIView.as_view(permission_classes=[AllowAny], authentication_classes=[]),
        name="openapi",
    ),
    path(
        "docs/",
        SpectacularSwaggerView.as_view(url_name="openapi", permission_classes=[AllowAny]),
        name="api-docs",
    ),
    path(
        "redoc/",
        SpectacularRedocView.as_view(
            url_name="openapi", permission_classes=[AllowAny], template_name="core/api_redoc.html"
        ),
        name="api-redoc",
    ),
    path("", include("sunshine.core.api_urls")),
    path("org/", include("sunshine.org.api_urls")),
    path("workdays/", include("sunshine.workdays.api_urls")),
    path("catalog/", include("sunshine.catalog.api_urls")),
    path("cases/", include("sunshine.cases.api_urls")),
    path("oversight/", include("sunshine.oversight.api_urls")),
    path("petitions/", include("sunshine.petitions.api_urls")),
    path("decisions/", include("sunshine.decisions.api_urls")),
    path("accountability/", include("sunshine.accountability.api_urls")),
    path("cadres/", include("sunshine.cadres.api_urls")),
    path("disclosure/", include("sunshine.disclosure.api_urls")),
]
