"""URL map: staff pages at /, the public portal under /public/ (no log-in), the API under /api/v1/
(OpenAPI at /api/v1/openapi.json)."""

from django.urls import include, path
from django.views.i18n import set_language

from sunshine.core import views as core_views

urlpatterns = [
    path("accounts/login/", core_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", core_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", core_views.PasswordChangeView.as_view(), name="password_change"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", include("sunshine.api_urls")),
    path("org/", include("sunshine.org.urls")),
    path("workdays/", include("sunshine.workdays.urls")),
    path("catalog/", include("sunshine.catalog.urls")),
    path("cases/", include("sunshine.cases.urls")),
    path("oversight/", include("sunshine.oversight.urls")),
    path("petitions/", include("sunshine.petitions.urls")),
    path("public/petitions/", include("sunshine.petitions.public_urls")),
    path("decisions/", include("sunshine.decisions.urls")),
    path("public/", include("sunshine.disclosure.urls")),
    path("disclosure/", include("sunshine.disclosure.staff_urls")),
    path("accountability/", include("sunshine.accountability.urls")),
    path("cadres/", include("sunshine.cadres.urls")),
    path("", include("sunshine.core.urls")),
]

handler404 = "sunshine.core.views.page_not_found"
handler500 = "sunshine.core.views.server_error"
