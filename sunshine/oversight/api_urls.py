"""/api/v1/oversight/."""

urlpatterns: list = []
