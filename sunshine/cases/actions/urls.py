"""The task actions' pages, under /cases/ (added to cases.urls)."""

from django.urls import path

from sunshine.cases.actions import views

urlpatterns = [
    path("tasks/<int:pk>/send-back/", views.SendBackView.as_view(), name="task_send_back"),
    path("tasks/<int:pk>/transfer/", views.TransferView.as_view(), name="task_transfer"),
    path("tasks/<int:pk>/delegate/", views.DelegateView.as_view(), name="task_delegate"),
    path("tasks/<int:pk>/delegation/reply/", views.DelegationReplyView.as_view(), name="delegation_reply"),
    path("tasks/<int:pk>/delegation/take-back/", views.TakeBackView.as_view(), name="delegation_take_back"),
    path("tasks/<int:pk>/copy/", views.CopyView.as_view(), name="task_copy"),
    path("copies/", views.CopiesView.as_view(), name="copies"),
    path("<int:pk>/read/", views.CopyReadView.as_view(), name="copy_read"),
    path("stand-ins/", views.StandInView.as_view(), name="stand_ins"),
    path("stand-ins/<int:pk>/revoke/", views.StandInRevokeView.as_view(), name="stand_in_revoke"),
]

# 加签, 会签/或签 (cases.actions.sign)
from sunshine.cases.actions import sign_views  # noqa: E402

urlpatterns += [
    path("tasks/<int:pk>/signers/add/", sign_views.AddSignerView.as_view(), name="task_add_signer"),
    path("tasks/<int:pk>/sign/", sign_views.SignView.as_view(), name="task_sign"),
    path(
        "tasks/<int:pk>/countersigners/",
        sign_views.CountersignersView.as_view(),
        name="task_countersigners",
    ),
]
