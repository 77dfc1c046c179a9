"""Pages of accounts (账号) for the system administrator, and of the roles each account holds for
the security administrator (三员分立: each sees and does only their own part)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunshine.core.errors import DomainError
from sunshine.core.models import User
from sunshine.core.permissions import has_permission, require_permission
from sunshine.org import selectors, services
from sunshine.org.filters import AccountListFilter
from sunshine.org.forms import (
    AccountCreateForm,
    AccountEditForm,
    AssignmentForm,
    LinkPersonForm,
    ReasonForm,
    ResetPasswordForm,
    VersionForm,
)
from sunshine.org.models import Role
from sunshine.org.selectors import AccountStatus
from sunshine.org.views.base import FormPage, OrgView, apply_error, on_the_form

PAGE_SIZE = 50
STATUS_TAGS = {
    AccountStatus.ACTIVE: "tag-green",
    AccountStatus.DISABLED: "tag-grey",
    AccountStatus.LOCKED: "tag-red",
}


def account_url(user) -> str:
    return reverse("org:account_detail", args=[user.pk])


@dataclass
class AccountRow:
    """An account with what the page shows about it, computed here (templates compare nothing)."""

    user: User
    status: str
    status_label: str
    status_tag: str

    @classmethod
    def of(cls, user: User) -> AccountRow:
        status = selectors.account_status(user)
        return cls(user, status, AccountStatus(status).label, STATUS_TAGS[status])


class AccountListView(OrgView):
    def get(self, request):
        accounts = selectors.account_list(actor=self.actor)
        filterset = AccountListFilter(request.GET or None, queryset=accounts, request=request)
        rows = accounts
        if filterset.is_bound:
            rows = filterset.qs if filterset.is_valid() else accounts.none()
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "filter": filterset,
            "page": page,
            "rows": [AccountRow.of(user) for user in page.object_list],
            "query": query.urlencode(),
            "can_create": has_permission(self.actor, "accounts.manage"),
        }
        template = "org/account_list.html#rows" if request.htmx else "org/account_list.html"
        return render(request, template, context)


def _people_without_account(actor, user=None):
    """People in scope who have no account yet (plus the one already linked to ``user``)."""
    people = selectors.person_list(actor=actor)
    linked = getattr(user, "person", None) if user is not None else None
    if linked is not None:
        return people.filter(Q(user__isnull=True) | Q(pk=linked.pk))
    return people.filter(user__isnull=True)


class AccountDetailView(OrgView):
    """The account, its status and actions (system administrator), its roles with grant and revoke
    (security administrator)."""

    def get(self, request, pk: int):
        return self.show(pk)

    def show(self, pk: int, form=None, status=200):
        actor = self.actor
        user = selectors.account_get(actor=actor, user_id=pk)
        row = AccountRow.of(user)
        can_manage = has_permission(actor, "accounts.manage")
        can_roles = has_permission(actor, "roles.manage")
        own = user.pk == actor.pk
        assignments = [
            {"assignment": a, "can_revoke": can_roles and not own}
            for a in (
                selectors.assignment_list(actor=actor, user=user) if can_roles else user.live_assignments
            )
        ]
        if can_roles and not own and form is None:
            form = self.assignment_form()
        disabled_reason = "" if user.is_active else selectors.account_disable_reason(user)
        context = {
            "account": user,
            "row": row,
            "assignments": assignments,
            "form": form,
            "own": own,
            "can_manage": can_manage and not own,
            "can_edit": can_manage,
            "can_disable": can_manage and not own and user.is_active,
            "can_enable": can_manage and not user.is_active,
            "can_unlock": can_manage and row.status == AccountStatus.LOCKED,
            "can_grant": can_roles and not own,
            "disabled_reason": disabled_reason,
        }
        return render(self.request, "org/account_detail.html", context, status=status)

    def assignment_form(self, data=None):
        return AssignmentForm(
            data,
            roles=Role.objects.order_by("kind", "code"),
            units=selectors.unit_list(actor=self.actor, perm="roles.manage"),
        )


class AccountCreateView(FormPage):
    form_class = AccountCreateForm
    title = gettext_lazy("新建账号")
    submit_label = gettext_lazy("新建")
    intro = gettext_lazy("新账号首次登录时必须修改初始口令；角色由安全管理员授予。")

    def check(self, obj) -> None:
        require_permission(self.actor, "accounts.manage")

    def initial(self, obj) -> dict:
        person = self.request.GET.get("person", "")
        return {"person": person} if person.isdigit() else {}

    def form_kwargs(self, obj) -> dict:
        return {"people": _people_without_account(self.actor)}

    def perform(self, form, obj):
        data = dict(form.cleaned_data)
        data.pop("password2")
        return services.account_create(actor=self.actor, **data)

    def done(self, result, obj) -> str:
        return account_url(result)

    def cancel_url(self, obj) -> str:
        return reverse("org:account_list")

    def success_message(self, result, obj) -> str:
        return _("已新建账号%(u)s，请将初始口令当面或通过安全渠道告知本人") % {"u": result.username}


class AccountFormPage(FormPage):
    def load(self, pk):
        return selectors.account_get(actor=self.actor, user_id=pk, perms=["accounts.manage"])

    def check(self, obj) -> None:
        require_permission(self.actor, "accounts.manage")

    def get_title(self, obj) -> str:
        return f"{self.title}：{obj}"

    def done(self, result, obj) -> str:
        return account_url(obj)

    def cancel_url(self, obj) -> str:
        return account_url(obj)


class AccountEditView(AccountFormPage):
    form_class = AccountEditForm
    title = gettext_lazy("编辑账号")

    def initial(self, obj) -> dict:
        return {f: getattr(obj, f) for f in ["full_name", "email", "phone", "version"]}

    def perform(self, form, obj):
        data = dict(form.cleaned_data)
        return services.account_update(
            actor=self.actor, user=obj, expected_version=data.pop("version"), **data
        )

    def success_message(self, result, obj) -> str:
        return _("已保存")


class AccountDisableView(AccountFormPage):
    form_class = ReasonForm
    title = gettext_lazy("停用账号")
    submit_label = gettext_lazy("停用")
    intro = gettext_lazy("停用后该账号不能登录，已签发的令牌也不能再使用。")
    danger = True

    def perform(self, form, obj):
        data = form.cleaned_data
        return services.account_disable(
            actor=self.actor, user=obj, reason=data["reason"], expected_version=data["version"]
        )

    def success_message(self, result, obj) -> str:
        return _("已停用账号%(u)s") % {"u": obj.username}


class AccountEnableView(AccountFormPage):
    form_class = ReasonForm
    title = gettext_lazy("启用账号")
    submit_label = gettext_lazy("启用")

    def perform(self, form, obj):
        data = form.cleaned_data
        return services.account_enable(
            actor=self.actor, user=obj, reason=data["reason"], expected_version=data["version"]
        )

    def success_message(self, result, obj) -> str:
        return _("已启用账号%(u)s") % {"u": obj.username}


class AccountResetPasswordView(AccountFormPage):
    form_class = ResetPasswordForm
    title = gettext_lazy("重置口令")
    submit_label = gettext_lazy("重置")
    intro = gettext_lazy("设置一个临时口令，账号持有人下次登录时必须修改。")

    def perform(self, form, obj):
        data = form.cleaned_data
        return services.account_reset_password(
            actor=self.actor, user=obj, new_password=data["new_password"], expected_version=data["version"]
        )

    def success_message(self, result, obj) -> str:
        return _("已重置%(u)s的口令，请将临时口令通过安全渠道告知本人") % {"u": obj.username}


class AccountUnlockView(AccountFormPage):
    form_class = VersionForm
    title = gettext_lazy("解除锁定")
    submit_label = gettext_lazy("解除锁定")
    intro = gettext_lazy("账号因连续登录失败被锁定；确认是本人操作后可提前解除。")

    def perform(self, form, obj):
        return services.account_unlock(
            actor=self.actor, user=obj, expected_version=form.cleaned_data["version"]
        )

    def success_message(self, result, obj) -> str:
        return _("已解除锁定")


class AccountPersonView(AccountFormPage):
    form_class = LinkPersonForm
    title = gettext_lazy("关联人员")

    def initial(self, obj) -> dict:
        person = getattr(obj, "person", None)
        return {"version": obj.version, "person": person.pk if person else None}

    def form_kwargs(self, obj) -> dict:
        return {"people": _people_without_account(self.actor, obj)}

    def perform(self, form, obj):
        data = form.cleaned_data
        return services.account_link_person(
            actor=self.actor, user=obj, person=data["person"], expected_version=data["version"]
        )

    def success_message(self, result, obj) -> str:
        return _("已保存")


class AssignmentCreateView(AccountDetailView):
    """POST of the grant form on the account page (security administrator)."""

    def post(self, request, pk: int):
        user = selectors.account_get(actor=self.actor, user_id=pk, perms=["roles.manage"])
        form = self.assignment_form(request.POST)
        if form.is_valid():
            try:
                assignment = services.role_assignment_create(actor=self.actor, user=user, **form.cleaned_data)
            except DomainError as error:
                if not on_the_form(error, form):
                    raise
                apply_error(form, error)
                return self.show(pk, form=form, status=422)
            messages.success(request, _("已授予%(role)s") % {"role": assignment.role.name})
            return redirect(account_url(user))
        return self.show(pk, form=form, status=422)


class AssignmentRevokeView(FormPage):
    form_class = ReasonForm
    title = gettext_lazy("撤销授权")
    submit_label = gettext_lazy("撤销")
    danger = True

    def load(self, pk):
        return selectors.assignment_get(actor=self.actor, assignment_id=pk)

    def check(self, obj) -> None:
        require_permission(self.actor, "roles.manage", obj)

    def get_title(self, obj) -> str:
        return _("撤销授权：%(a)s") % {"a": obj}

    def perform(self, form, obj):
        data = form.cleaned_data
        return services.role_assignment_revoke(
            actor=self.actor, assignment=obj, reason=data["reason"], expected_version=data["version"]
        )

    def done(self, result, obj) -> str:
        return account_url(obj.user)

    def cancel_url(self, obj) -> str:
        return account_url(obj.user)

    def success_message(self, result, obj) -> str:
        return _("已撤销%(role)s") % {"role": obj.role.name}
