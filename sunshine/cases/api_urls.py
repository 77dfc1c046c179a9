"""/api/v1/cases/: cases, my tasks, and the actions on a step."""

from django.urls import path

from sunshine.cases import api
from sunshine.cases.actions import api_urls as action_urls

urlpatterns = [
    path("", api.CaseListAPI.as_view(), name="api-cases-list"),
    path("<int:pk>", api.CaseDetailAPI.as_view(), name="api-cases-detail"),
    path("my-tasks", api.MyTasksAPI.as_view(), name="api-cases-my-tasks"),
    path("tasks/<int:pk>/options", api.TaskOptionsAPI.as_view(), name="api-cases-task-options"),
    path("tasks/<int:pk>/claim", api.TaskClaimAPI.as_view(), name="api-cases-task-claim"),
    path("tasks/<int:pk>/complete", api.TaskCompleteAPI.as_view(), name="api-cases-task-complete"),
    *action_urls.urlpatterns,  # 退回, 转办, 委派, 代理 (cases.actions)
]
