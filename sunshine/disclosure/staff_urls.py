"""Staff pages of routine disclosure and information requests under /disclosure/."""

from django.urls import path

from sunshine.disclosure import staff_views as views

app_name = "disclosure_staff"

urlpatterns = [
    path("", views.PlanListView.as_view(), name="plans"),
    path("plans/<int:pk>/", views.PlanDetailView.as_view(), name="plan"),
    path("plans/<int:pk>/items/<int:item_id>/publish/", views.PublishView.as_view(), name="publish"),
    path("late/", views.LateView.as_view(), name="late"),
    path("requests/", views.RequestListView.as_view(), name="requests"),
    path("requests/new/", views.RequestRegisterView.as_view(), name="request_register"),
    path("requests/<int:pk>/", views.RequestDetailView.as_view(), name="request"),
    path("requests/<int:pk>/identity/", views.RequestIdentityView.as_view(), name="request_identity"),
    path("requests/<int:pk>/file/", views.RequestFileView.as_view(), name="request_file"),
    path("requests/<int:pk>/<str:action>/", views.RequestActionView.as_view(), name="request_action"),
]
