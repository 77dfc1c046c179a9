"""The outcome's pages, part of the cases namespace (cases.urls adds them)."""

from django.urls import path

from sunshine.cases.outcome import views

urlpatterns = [
    path("<int:pk>/delivery/", views.DeliveryView.as_view(), name="delivery"),
    path("<int:pk>/publication/", views.PublicationView.as_view(), name="publication"),
    path("<int:pk>/archive/", views.ArchiveView.as_view(), name="archive"),
    path("<int:pk>/record-filing/", views.RecordFilingView.as_view(), name="record_filing"),
    path("<int:pk>/decision/change/", views.DecisionChangeView.as_view(), name="decision_change"),
    path("<int:pk>/decision.pdf", views.DecisionPdfView.as_view(), name="decision_pdf"),
    path("<int:pk>/documents/", views.DocumentsAddView.as_view(), name="documents_add"),
    path("<int:pk>/documents/<int:doc>/", views.DocumentDownloadView.as_view(), name="document_download"),
]
