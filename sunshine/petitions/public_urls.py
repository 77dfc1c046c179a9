"""Public pages of petitions under /public/petitions/ (no log-in)."""

from django.urls import path

from sunshine.petitions import public_views as views

app_name = "petitions_public"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("new/", views.FileView.as_view(), name="file"),
    path("follow/", views.FollowView.as_view(), name="follow"),
    path("mine/", views.PetitionView.as_view(), name="view"),
    path("leave/", views.LeaveView.as_view(), name="leave"),
]
