"""/api/v1/cases/: cases, my tasks, and the actions on a step."""

from django.urls import path

from sunshine.cases import api, penalty_api
from sunshine.cases.actions import api_urls as action_urls
from sunshine.cases.outcome import api_urls as outcome_api_urls

urlpatterns = [
    path("", api.CaseListAPI.as_view(), name="api-cases-list"),
    path("<int:pk>", api.CaseDetailAPI.as_view(), name="api-cases-detail"),
    path("<int:pk>/penalty-clocks", penalty_api.PenaltyClocksAPI.as_view(), name="api-cases-penalty-clocks"),
    path(
        "<int:pk>/penalty-extensions", penalty_api.PenaltyExtendAPI.as_view(), name="api-cases-penalty-extend"
    ),
    path("<int:pk>/hearing-notice", penalty_api.HearingNoticeAPI.as_view(), name="api-cases-hearing-notice"),
    path("<int:pk>/hearing-answer", penalty_api.HearingAnswerAPI.as_view(), name="api-cases-hearing-answer"),
    path("<int:pk>/hearing", penalty_api.HearingAPI.as_view(), name="api-cases-hearing"),
    path("<int:pk>/notice-lapse", penalty_api.NoticeLapseAPI.as_view(), name="api-cases-notice-lapse"),
    path("my-tasks", api.MyTasksAPI.as_view(), name="api-cases-my-tasks"),
    path("tasks/<int:pk>/options", api.TaskOptionsAPI.as_view(), name="api-cases-task-options"),
    path("tasks/<int:pk>/claim", api.TaskClaimAPI.as_view(), name="api-cases-task-claim"),
    path("tasks/<int:pk>/complete", api.TaskCompleteAPI.as_view(), name="api-cases-task-complete"),
    *outcome_api_urls.urlpatterns,
    *action_urls.urlpatterns,  # 退回, 转办, 委派, 代理 (cases.actions)
]
