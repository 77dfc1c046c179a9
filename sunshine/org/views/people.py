"""Pages of people (人员): the filtered list, a person's page with posts held and portfolios, and
the forms to add, edit, transfer and remove people, appoint them, end holdings and portfolios."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunshine.core.permissions import has_permission, require_permission
from sunshine.org import selectors, services
from sunshine.org.filters import PersonListFilter
from sunshine.org.forms import (
    EndForm,
    HoldingForPersonForm,
    PersonCreateForm,
    PersonEditForm,
    PersonMoveForm,
    PortfolioEditForm,
    PortfolioForm,
    RemoveForm,
)
from sunshine.org.models import Unit
from sunshine.org.views.base import FormPage, OrgView
from sunshine.org.views.units import unit_url

PAGE_SIZE = 50


def person_url(person) -> str:
    return reverse("org:person_detail", args=[person.pk])


class PersonListView(OrgView):
    def get(self, request):
        people = selectors.person_list(actor=self.actor)
        filterset = PersonListFilter(request.GET or None, queryset=people, request=request)
        rows = filterset.qs if filterset.is_bound and filterset.is_valid() else people
        if filterset.is_bound and not filterset.is_valid():
            rows = people.none()
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "can_add": has_permission(self.actor, "org.manage"),
        }
        template = "org/person_list.html#rows" if request.htmx else "org/person_list.html"
        return render(request, template, context)


class PersonDetailView(OrgView):
    def get(self, request, pk: int):
        person = selectors.person_get(actor=self.actor, person_id=pk)
        holdings = list(selectors.holding_list(actor=self.actor, person=person, current=None))
        portfolios = list(selectors.portfolio_list(actor=self.actor, leader=person, current=None))
        can_manage = has_permission(self.actor, "org.manage", person)
        account = None
        if person.user_id and has_permission(self.actor, "accounts.manage"):
            account = (
                selectors.account_list(actor=self.actor, perms=["accounts.manage"])
                .filter(pk=person.user_id)
                .first()
            )
        return render(
            request,
            "org/person_detail.html",
            {
                "person": person,
                "current_holdings": [h for h in holdings if h.end_date is None],
                "past_holdings": [h for h in holdings if h.end_date is not None],
                "current_portfolios": [p for p in portfolios if p.end_date is None],
                "past_portfolios": [p for p in portfolios if p.end_date is not None],
                "account": account,
                "can_manage": can_manage,
            },
        )


class PersonCreateView(FormPage):
    form_class = PersonCreateForm
    title = gettext_lazy("新增人员")
    submit_label = gettext_lazy("新增")

    def check(self, obj) -> None:
        require_permission(self.actor, "org.manage")

    def initial(self, obj) -> dict:
        unit = self.request.GET.get("unit", "")
        return {"unit": unit} if unit.isdigit() else {}

    def form_kwargs(self, obj) -> dict:
        return {"units": selectors.unit_list(actor=self.actor, perm="org.manage")}

    def perform(self, form, obj):
        data = dict(form.cleaned_data)
        data["sort_order"] = data["sort_order"] or 0
        return services.person_create(actor=self.actor, **data)

    def done(self, result, obj) -> str:
        return person_url(result)

    def success_message(self, result, obj) -> str:
        return _("已新增人员%(name)s") % {"name": result.name}


class PersonEditView(FormPage):
    form_class = PersonEditForm
    title = gettext_lazy("编辑人员信息")

    def load(self, pk):
        return selectors.person_get(actor=self.actor, person_id=pk)

    def check(self, obj) -> None:
        require_permission(self.actor, "org.manage", obj)

    def get_title(self, obj) -> str:
        return f"{self.title}：{obj.name}"

    def initial(self, obj) -> dict:
        return {
            f: getattr(obj, f) for f in ["name", "gender", "title", "phone", "email", "sort_order", "version"]
        }

    def perform(self, form, obj):
        data = dict(form.cleaned_data)
        data["sort_order"] = data["sort_order"] or 0
        return services.person_update(
            actor=self.actor, person=obj, expected_version=data.pop("version"), **data
        )

    def done(self, result, obj) -> str:
        return person_url(obj)

    def cancel_url(self, obj) -> str:
        return person_url(obj)

    def success_message(self, result, obj) -> str:
        return _("已保存")


class PersonMoveView(PersonEditView):
    form_class = PersonMoveForm
    title = gettext_lazy("调动")
    submit_label = gettext_lazy("调动")

    def initial(self, obj) -> dict:
        return {"version": obj.version, "unit": obj.unit_id}

    def form_kwargs(self, obj) -> dict:
        return {"units": selectors.unit_list(actor=self.actor, perm="org.manage")}

    def perform(self, form, obj):
        data = form.cleaned_data
        return services.person_move(
            actor=self.actor, person=obj, unit=data["unit"], expected_version=data["version"]
        )

    def success_message(self, result, obj) -> str:
        return _("%(name)s已调至%(unit)s") % {"name": obj.name, "unit": result.unit.name}


class PersonDeleteView(PersonEditView):
    form_class = RemoveForm
    title = gettext_lazy("作废人员")
    submit_label = gettext_lazy("作废")
    intro = gettext_lazy("先办理离任、结束分管并停用其账号；记录保留备查。")
    danger = True

    def initial(self, obj) -> dict:
        return {"version": obj.version}

    def perform(self, form, obj):
        data = form.cleaned_data
        return services.person_delete(
            actor=self.actor, person=obj, reason=data["reason"], expected_version=data["version"]
        )

    def done(self, result, obj) -> str:
        return reverse("org:person_list")

    def success_message(self, result, obj) -> str:
        return _("已作废人员%(name)s") % {"name": obj.name}


class PersonAssignView(PersonEditView):
    """Appoint this person to a post (任职)."""

    form_class = HoldingForPersonForm
    title = gettext_lazy("任职")
    submit_label = gettext_lazy("任职")

    def initial(self, obj) -> dict:
        return {}

    def form_kwargs(self, obj) -> dict:
        body = Unit.all_objects.get(pk=obj.unit.body_id) if obj.unit.body_id else obj.unit
        return {"posts": selectors.post_list(actor=self.actor, unit=body, include_subunits=True)}

    def perform(self, form, obj):
        data = form.cleaned_data
        return services.post_holding_assign(
            actor=self.actor, person=obj, post=data["post"], start_date=data["start_date"]
        )

    def success_message(self, result, obj) -> str:
        return _("%(name)s已在%(post)s任职") % {"name": obj.name, "post": result.post.name}


class HoldingEndView(FormPage):
    form_class = EndForm
    title = gettext_lazy("离任")
    submit_label = gettext_lazy("办理离任")

    def load(self, pk):
        return selectors.holding_get(actor=self.actor, holding_id=pk)

    def check(self, obj) -> None:
        require_permission(self.actor, "org.manage", obj)

    def get_title(self, obj) -> str:
        return _("%(name)s：%(post)s离任") % {"name": obj.person.name, "post": obj.post}

    def perform(self, form, obj):
        data = form.cleaned_data
        return services.post_holding_end(
            actor=self.actor,
            holding=obj,
            expected_version=data["version"],
            end_date=data["end_date"],
            note=data["note"],
        )

    def done(self, result, obj) -> str:
        return person_url(obj.person)

    def cancel_url(self, obj) -> str:
        return person_url(obj.person)

    def success_message(self, result, obj) -> str:
        return _("已办理离任")


# --- Portfolios -----------------------------------------------------------------------------------


class PortfolioCreateView(FormPage):
    form_class = PortfolioForm
    title = gettext_lazy("新增领导分工")
    submit_label = gettext_lazy("确定分工")

    def load(self, pk):
        return selectors.unit_get(actor=self.actor, unit_id=pk)

    def check(self, obj) -> None:
        require_permission(self.actor, "org.manage", obj)

    def get_title(self, obj) -> str:
        return _("%(body)s：新增领导分工") % {"body": obj.name}

    def initial(self, obj) -> dict:
        leader = self.request.GET.get("leader", "")
        return {"leader": leader} if leader.isdigit() else {}

    def form_kwargs(self, obj) -> dict:
        return {
            "people": selectors.leaders_of(obj),
            "departments": selectors.unit_list(actor=self.actor).filter(body=obj).exclude(pk=obj.pk),
        }

    def perform(self, form, obj):
        return services.portfolio_assign(actor=self.actor, body=obj, **form.cleaned_data)

    def done(self, result, obj) -> str:
        return unit_url(obj)

    def cancel_url(self, obj) -> str:
        return unit_url(obj)

    def success_message(self, result, obj) -> str:
        return _("已确定%(name)s分管%(area)s") % {
            "name": result.leader.name,
            "area": result.get_area_display(),
        }


class PortfolioEditView(FormPage):
    form_class = PortfolioEditForm
    title = gettext_lazy("调整分工")

    def load(self, pk):
        return selectors.portfolio_get(actor=self.actor, portfolio_id=pk)

    def check(self, obj) -> None:
        require_permission(self.actor, "org.manage", obj)

    def get_title(self, obj) -> str:
        return _("%(name)s分管%(area)s：调整") % {"name": obj.leader.name, "area": obj.get_area_display()}

    def initial(self, obj) -> dict:
        return {
            "version": obj.version,
            "title": obj.title,
            "departments": [u.pk for u in obj.departments.all()],
        }

    def form_kwargs(self, obj) -> dict:
        return {
            "departments": selectors.unit_list(actor=self.actor).filter(body=obj.body).exclude(pk=obj.body_id)
        }

    def perform(self, form, obj):
        data = form.cleaned_data
        return services.portfolio_update(
            actor=self.actor,
            portfolio=obj,
            expected_version=data["version"],
            title=data["title"],
            departments=data["departments"],
        )

    def done(self, result, obj) -> str:
        return unit_url(obj.body)

    def cancel_url(self, obj) -> str:
        return unit_url(obj.body)

    def success_message(self, result, obj) -> str:
        return _("已保存")


class PortfolioEndView(PortfolioEditView):
    form_class = EndForm
    title = gettext_lazy("结束分管")
    submit_label = gettext_lazy("结束分管")

    def get_title(self, obj) -> str:
        return _("%(name)s分管%(area)s：结束") % {"name": obj.leader.name, "area": obj.get_area_display()}

    def initial(self, obj) -> dict:
        return {"version": obj.version}

    def form_kwargs(self, obj) -> dict:
        return {}

    def perform(self, form, obj):
        data = form.cleaned_data
        return services.portfolio_end(
            actor=self.actor,
            portfolio=obj,
            expected_version=data["version"],
            end_date=data["end_date"],
            note=data["note"],
        )

    def success_message(self, result, obj) -> str:
        return _("已结束分管")
