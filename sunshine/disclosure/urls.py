"""The public portal under /public/ (no log-in)."""

from django.urls import path

from sunshine.disclosure import public_views, views
from sunshine.disclosure.cache import cached_page

app_name = "disclosure"

urlpatterns = [
    path("", cached_page(views.CatalogView.as_view()), name="catalog"),
    path("powers/<int:item>/", cached_page(views.PowerView.as_view()), name="power"),
    path("cases/", views.CaseLookupView.as_view(), name="case_lookup"),
    path("results/", cached_page(views.ResultsView.as_view()), name="results"),
    path("consultations/", cached_page(views.ConsultationListView.as_view()), name="consultations"),
    path("consultations/<int:pk>/", cached_page(views.ConsultationView.as_view()), name="consultation"),
    path("consultations/<int:pk>/comment/", views.CommentView.as_view(), name="comment"),
    path("checkpoints/", cached_page(views.CheckpointsView.as_view()), name="checkpoints"),
    path("checkpoints.json", cached_page(views.checkpoints_json), name="checkpoints_json"),
    path("disclosure/", public_views.DisclosureIndexView.as_view(), name="disclosure_index"),
    path("disclosure/<int:body>/", public_views.BodyDisclosureView.as_view(), name="disclosure_body"),
    path("disclosure/files/<int:pk>/", public_views.PublicationFileView.as_view(), name="publication_file"),
    path("requests/", public_views.RequestFileView.as_view(), name="request_file"),
    path("requests/follow/", public_views.RequestFollowView.as_view(), name="request_follow"),
    path("requests/mine/", public_views.RequestView.as_view(), name="request_view"),
    path("requests/mine/file/", public_views.RequestAnswerFileView.as_view(), name="request_answer_file"),
    path("requests/leave/", public_views.RequestLeaveView.as_view(), name="request_leave"),
]
