"""Staff pages of petitions under /petitions/ (sunshine.petitions.views)."""

from django.urls import path

from sunshine.petitions import views

app_name = "petitions"

urlpatterns = [
    path("", views.ListView.as_view(), name="list"),
    path("register/", views.RegisterView.as_view(), name="register"),
    path("alerts/", views.DashboardView.as_view(), name="dashboard"),
    path("<int:pk>/", views.DetailView.as_view(), name="detail"),
    path("<int:pk>/identity/", views.IdentityView.as_view(), name="identity"),
    path("<int:pk>/files/<int:file_id>/", views.AttachmentView.as_view(), name="attachment"),
    path("<int:pk>/<str:action>/", views.ActionView.as_view(), name="action"),
]
