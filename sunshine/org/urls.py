"""Staff pages of the org app under /org/."""

from django.urls import path
from django.views.generic import RedirectView

from sunshine.org import views

app_name = "org"

# The tree lives at /org/units/, not /org/, so that the navigation does not mark "组织机构" as the
# current page on the account and role pages (which are under /org/ too).
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="org:unit_list"), name="home"),
    path("units/", views.UnitTreeView.as_view(), name="unit_list"),
    path("units/new/", views.UnitCreateView.as_view(), name="unit_create"),
    path("units/<int:pk>/", views.UnitTreeView.as_view(), name="unit_detail"),
    path("units/<int:pk>/edit/", views.UnitEditView.as_view(), name="unit_edit"),
    path("units/<int:pk>/move/", views.UnitMoveView.as_view(), name="unit_move"),
    path("units/<int:pk>/delete/", views.UnitDeleteView.as_view(), name="unit_delete"),
    path("units/<int:pk>/posts/new/", views.PostCreateView.as_view(), name="post_create"),
    path("units/<int:pk>/portfolios/new/", views.PortfolioCreateView.as_view(), name="portfolio_create"),
    path("posts/<int:pk>/edit/", views.PostEditView.as_view(), name="post_edit"),
    path("posts/<int:pk>/delete/", views.PostDeleteView.as_view(), name="post_delete"),
    path("posts/<int:pk>/assign/", views.PostAssignView.as_view(), name="post_assign"),
    path("people/", views.PersonListView.as_view(), name="person_list"),
    path("people/new/", views.PersonCreateView.as_view(), name="person_create"),
    path("people/<int:pk>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("people/<int:pk>/edit/", views.PersonEditView.as_view(), name="person_edit"),
    path("people/<int:pk>/move/", views.PersonMoveView.as_view(), name="person_move"),
    path("people/<int:pk>/delete/", views.PersonDeleteView.as_view(), name="person_delete"),
    path("people/<int:pk>/assign/", views.PersonAssignView.as_view(), name="person_assign"),
    path("holdings/<int:pk>/end/", views.HoldingEndView.as_view(), name="holding_end"),
    path("portfolios/<int:pk>/edit/", views.PortfolioEditView.as_view(), name="portfolio_edit"),
    path("portfolios/<int:pk>/end/", views.PortfolioEndView.as_view(), name="portfolio_end"),
    path("accounts/", views.AccountListView.as_view(), name="account_list"),
    path("accounts/new/", views.AccountCreateView.as_view(), name="account_create"),
    path("accounts/<int:pk>/", views.AccountDetailView.as_view(), name="account_detail"),
    path("accounts/<int:pk>/edit/", views.AccountEditView.as_view(), name="account_edit"),
    path("accounts/<int:pk>/disable/", views.AccountDisableView.as_view(), name="account_disable"),
    path("accounts/<int:pk>/enable/", views.AccountEnableView.as_view(), name="account_enable"),
    path(
        "accounts/<int:pk>/reset-password/",
        views.AccountResetPasswordView.as_view(),
        name="account_reset_password",
    ),
    path("accounts/<int:pk>/unlock/", views.AccountUnlockView.as_view(), name="account_unlock"),
    path("accounts/<int:pk>/person/", views.AccountPersonView.as_view(), name="account_person"),
    path("accounts/<int:pk>/roles/", views.AssignmentCreateView.as_view(), name="assignment_create"),
    path("assignments/<int:pk>/revoke/", views.AssignmentRevokeView.as_view(), name="assignment_revoke"),
    path("roles/", views.RoleListView.as_view(), name="role_list"),
    path("roles/new/", views.RoleCreateView.as_view(), name="role_create"),
    path("roles/<int:pk>/edit/", views.RoleEditView.as_view(), name="role_edit"),
    path("roles/<int:pk>/delete/", views.RoleDeleteView.as_view(), name="role_delete"),
]
