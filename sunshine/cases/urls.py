"""Staff pages of the cases app under /cases/ (sunshine.cases.views)."""

from django.urls import path

from sunshine.cases import clock_views, penalty_views, views
from sunshine.cases.actions import urls as action_urls
from sunshine.cases.outcome import urls as outcome_urls

app_name = "cases"

urlpatterns = [
    path("", views.MyTasksView.as_view(), name="my_tasks"),
    path("all/", views.CaseListView.as_view(), name="case_list"),
    path("new/", views.CaseRegisterView.as_view(), name="case_register"),
    path("<int:pk>/", views.CaseDetailView.as_view(), name="case_detail"),
    path("<int:pk>/notice/", views.NoticePrintView.as_view(), name="notice_print"),
    path("<int:pk>/acceptance/", views.AcceptancePrintView.as_view(), name="acceptance_print"),
    path("<int:pk>/suspend/", clock_views.SuspendView.as_view(), name="case_suspend"),
    path("<int:pk>/resume/", clock_views.ResumeView.as_view(), name="case_resume"),
    path("<int:pk>/extend/", clock_views.ExtendView.as_view(), name="case_extend"),
    path("<int:pk>/penalty-extend/", penalty_views.PenaltyExtendView.as_view(), name="penalty_extend"),
    path("<int:pk>/hearing-notice/", penalty_views.HearingNoticeView.as_view(), name="hearing_notice"),
    path("<int:pk>/hearing-answer/", penalty_views.HearingAnswerView.as_view(), name="hearing_answer"),
    path("<int:pk>/hearing/", penalty_views.HearingView.as_view(), name="hearing_record"),
    path("<int:pk>/notice-lapse/", penalty_views.NoticeLapseView.as_view(), name="notice_lapse"),
    path("tasks/<int:pk>/complete/", views.TaskCompleteView.as_view(), name="task_complete"),
    path("tasks/<int:pk>/claim/", views.TaskClaimView.as_view(), name="task_claim"),
    *outcome_urls.urlpatterns,
    *action_urls.urlpatterns,  # 退回, 转办, 委派, 代理 (cases.actions)
]
