"""API of this area (included by sunshine.cadres.api_urls under /api/v1/cadres/)."""

urlpatterns: list = []
