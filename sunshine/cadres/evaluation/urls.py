"""Staff pages of this area (included by sunshine.cadres.urls)."""

urlpatterns: list = []
