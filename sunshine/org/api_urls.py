"""/api/v1/org/: units, posts, people, post holdings, portfolios, roles, role assignments, accounts."""

from django.urls import path

from sunshine.org import api

urlpatterns = [
    path("units", api.UnitListAPI.as_view(), name="api-org-unit-list"),
    path("units/<int:pk>", api.UnitDetailAPI.as_view(), name="api-org-unit-detail"),
    path("units/<int:pk>/move", api.UnitMoveAPI.as_view(), name="api-org-unit-move"),
    path("posts", api.PostListAPI.as_view(), name="api-org-post-list"),
    path("posts/<int:pk>", api.PostDetailAPI.as_view(), name="api-org-post-detail"),
    path("people", api.PersonListAPI.as_view(), name="api-org-person-list"),
    path("people/<int:pk>", api.PersonDetailAPI.as_view(), name="api-org-person-detail"),
    path("people/<int:pk>/move", api.PersonMoveAPI.as_view(), name="api-org-person-move"),
    path("holdings", api.HoldingListAPI.as_view(), name="api-org-holding-list"),
    path("holdings/<int:pk>", api.HoldingDetailAPI.as_view(), name="api-org-holding-detail"),
    path("holdings/<int:pk>/end", api.HoldingEndAPI.as_view(), name="api-org-holding-end"),
    path("portfolios", api.PortfolioListAPI.as_view(), name="api-org-portfolio-list"),
    path("portfolios/<int:pk>", api.PortfolioDetailAPI.as_view(), name="api-org-portfolio-detail"),
    path("portfolios/<int:pk>/end", api.PortfolioEndAPI.as_view(), name="api-org-portfolio-end"),
    path("roles", api.RoleListAPI.as_view(), name="api-org-role-list"),
    path("roles/<int:pk>", api.RoleDetailAPI.as_view(), name="api-org-role-detail"),
    path("role-assignments", api.AssignmentListAPI.as_view(), name="api-org-assignment-list"),
    path("role-assignments/<int:pk>", api.AssignmentDetailAPI.as_view(), name="api-org-assignment-detail"),
    path(
        "role-assignments/<int:pk>/revoke",
        api.AssignmentRevokeAPI.as_view(),
        name="api-org-assignment-revoke",
    ),
    path("accounts", api.AccountListAPI.as_view(), name="api-org-account-list"),
    path("accounts/<int:pk>", api.AccountDetailAPI.as_view(), name="api-org-account-detail"),
    path("accounts/<int:pk>/disable", api.AccountDisableAPI.as_view(), name="api-org-account-disable"),
    path("accounts/<int:pk>/enable", api.AccountEnableAPI.as_view(), name="api-org-account-enable"),
    path(
        "accounts/<int:pk>/reset-password",
        api.AccountResetPasswordAPI.as_view(),
        name="api-org-account-reset-password",
    ),
    path("accounts/<int:pk>/unlock", api.AccountUnlockAPI.as_view(), name="api-org-account-unlock"),
    path("accounts/<int:pk>/person", api.AccountPersonAPI.as_view(), name="api-org-account-person"),
]
