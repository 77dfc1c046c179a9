"""API of this area (included by sunshine.cadres.api_urls under /api/v1/cadres/talks/)."""

from django.urls import path

from sunshine.cadres.talks import api

urlpatterns = [
    path("", api.TalkListAPI.as_view(), name="api-cadres-talk-list"),
    path("mine", api.MyLettersAPI.as_view(), name="api-cadres-talk-mine"),
    path("<int:pk>", api.TalkDetailAPI.as_view(), name="api-cadres-talk-detail"),
    *[
        path(f"<int:pk>/{name}", view.as_view(), name=f"api-cadres-talk-{name}")
        for name, view in api.ACTION_VIEWS.items()
    ],
]
