"""/api/v1/decisions/: topics, meetings item by item, minutes, the discipline office's notices."""

from django.urls import path

from sunshine.decisions import api

urlpatterns = [
    path("topics", api.TopicListAPI.as_view(), name="api-decisions-topic-list"),
    path("topics/<int:pk>", api.TopicDetailAPI.as_view(), name="api-decisions-topic-detail"),
    path("topics/<int:pk>/submit", api.TopicSubmitAPI.as_view(), name="api-decisions-topic-submit"),
    path("topics/<int:pk>/check", api.TopicCheckAPI.as_view(), name="api-decisions-topic-check"),
    path("topics/<int:pk>/research", api.ResearchAPI.as_view(), name="api-decisions-topic-research"),
    path(
        "topics/<int:pk>/legality-review",
        api.LegalityReviewAPI.as_view(),
        name="api-decisions-topic-legality",
    ),
    path("topics/<int:pk>/risk-assessment", api.RiskAssessmentAPI.as_view(), name="api-decisions-topic-risk"),
    path("meetings", api.MeetingListAPI.as_view(), name="api-decisions-meeting-list"),
    path("meetings/<int:pk>", api.MeetingDetailAPI.as_view(), name="api-decisions-meeting-detail"),
    path("meetings/<int:pk>/agenda", api.AgendaAPI.as_view(), name="api-decisions-meeting-agenda"),
    path("meetings/<int:pk>/notify", api.MeetingNotifyAPI.as_view(), name="api-decisions-meeting-notify"),
    path("meetings/<int:pk>/open", api.MeetingOpenAPI.as_view(), name="api-decisions-meeting-open"),
    path("meetings/<int:pk>/close", api.MeetingCloseAPI.as_view(), name="api-decisions-meeting-close"),
    path(
        "meetings/<int:pk>/attendance", api.AttendanceAPI.as_view(), name="api-decisions-meeting-attendance"
    ),
    path("meetings/<int:pk>/minutes", api.MinutesDraftAPI.as_view(), name="api-decisions-meeting-minutes"),
    path("items/<int:pk>/opinions", api.OpinionAPI.as_view(), name="api-decisions-item-opinion"),
    path("items/<int:pk>/vote", api.VoteOpenAPI.as_view(), name="api-decisions-item-vote"),
    path("items/<int:pk>/ballots", api.BallotAPI.as_view(), name="api-decisions-item-ballot"),
    path("items/<int:pk>/vote/close", api.VoteCloseAPI.as_view(), name="api-decisions-item-vote-close"),
    path("items/<int:pk>/outcome", api.OutcomeAPI.as_view(), name="api-decisions-item-outcome"),
    path("items/<int:pk>/tasks", api.TaskListAPI.as_view(), name="api-decisions-item-tasks"),
    path(
        "items/<int:pk>/evaluations", api.EvaluationListAPI.as_view(), name="api-decisions-item-evaluations"
    ),
    path(
        "evaluations/<int:pk>/report",
        api.EvaluationReportAPI.as_view(),
        name="api-decisions-evaluation-report",
    ),
    path(
        "evaluations/<int:pk>/conclude",
        api.EvaluationConcludeAPI.as_view(),
        name="api-decisions-evaluation-conclude",
    ),
    path("minutes/<int:pk>", api.MinutesDetailAPI.as_view(), name="api-decisions-minutes-detail"),
    path("minutes/<int:pk>/sign", api.MinutesSignAPI.as_view(), name="api-decisions-minutes-sign"),
    path("minutes/<int:pk>/addenda", api.MinutesAddendumAPI.as_view(), name="api-decisions-minutes-addendum"),
    path("notices", api.NoticeListAPI.as_view(), name="api-decisions-notice-list"),
    path("experts", api.ExpertListAPI.as_view(), name="api-decisions-expert-list"),
    path("experts/<int:pk>/revoke", api.ExpertRevokeAPI.as_view(), name="api-decisions-expert-revoke"),
    path(
        "topics/<int:pk>/argumentations",
        api.ArgumentationAPI.as_view(),
        name="api-decisions-topic-argumentation",
    ),
    path(
        "topics/<int:pk>/expert-conflicts",
        api.ExpertConflictAPI.as_view(),
        name="api-decisions-topic-conflict",
    ),
    path(
        "topics/<int:pk>/consultations",
        api.ConsultationAPI.as_view(),
        name="api-decisions-topic-consultation",
    ),
    path(
        "topics/<int:pk>/public-comments", api.PublicCommentAPI.as_view(), name="api-decisions-topic-public"
    ),
    path(
        "argumentations/<int:pk>/opinions",
        api.ExpertOpinionAPI.as_view(),
        name="api-decisions-argumentation-opinion",
    ),
    path(
        "consultations/<int:pk>/answer",
        api.ConsultationAnswerAPI.as_view(),
        name="api-decisions-consult-answer",
    ),
    path(
        "consultations/<int:pk>/handling",
        api.ConsultationHandlingAPI.as_view(),
        name="api-decisions-consult-handling",
    ),
    path(
        "public-comments/<int:pk>/entries",
        api.PublicCommentEntryAPI.as_view(),
        name="api-decisions-public-entry",
    ),
    path(
        "public-comment-entries/<int:pk>/answer",
        api.PublicCommentAnswerAPI.as_view(),
        name="api-decisions-public-answer",
    ),
]
