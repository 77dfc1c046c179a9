"""Staff pages of this area (included by sunshine.cadres.urls under /cadres/talks/)."""

from django.urls import path

from sunshine.cadres.talks import views

urlpatterns = [
    path("", views.TalkListView.as_view(), name="talks_list"),
    path("approvals/", views.TalkListView.as_view(), name="talks_approvals"),
    path("mine/", views.MyLettersView.as_view(), name="talks_mine"),
    path("new/", views.RegisterView.as_view(), name="talks_register"),
    path("<int:pk>/", views.TalkDetailView.as_view(), name="talks_detail"),
    path("<int:pk>/<str:doc>.<str:fmt>", views.PrintView.as_view(), name="talks_print"),
    path("<int:pk>/<str:action>/", views.TalkActionView.as_view(), name="talks_action"),
]
