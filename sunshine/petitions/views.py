"""Staff pages of petitions under /petitions/: the list of my body's items, registering a visit, call
or letter (首问负责), an item's page with its actions (triage, assign, transfer, extend, answer,
close), the reporter's identity for the assigned handlers (audited, PET-11), and the discipline
office's page of late items. Thin: parse, call a selector or service, render (STYLE §4)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunshine.core.errors import Conflict, DomainError, NotFound, NotPermitted
from sunshine.core.pages import StaffView, apply_error, on_the_form
from sunshine.core.permissions import has_permission, scope_q
from sunshine.org import selectors as org_selectors
from sunshine.org.choices import UnitKind
from sunshine.org.models import Person, Unit
from sunshine.petitions import forms, selectors, services, storage
from sunshine.petitions.choices import OPEN_STATUSES, PetitionStatus
from sunshine.petitions.models import PetitionAttachment

PAGE_SIZE = 50
ACTIONS = ("triage", "assign", "transfer", "extend", "answer", "close")


def petition_url(petition) -> str:
    return reverse("petitions:detail", args=[petition.pk])


def _people_of(body):
    return (
        Person.objects.filter(unit__path__startswith=body.path)
        .select_related("unit")
        .order_by("unit__path", "sort_order", "id")
    )


def handler_choices(petition):
    """Accounts that may be given the item: who may handle petitions in its body; for a report on a
    leader, the discipline office only (PTN-4); never the accused."""
    User = get_user_model()
    path = petition.body.path
    users = (
        User.objects.filter(is_active=True)
        .filter(
            Q(person__unit__path__startswith=path)
            | Q(role_assignments__unit__path__startswith=path, role_assignments__deleted_at__isnull=True)
        )
        .distinct()
    )
    ok = [
        u.pk
        for u in users
        if services.can_handle_in(u, petition.body)
        and not services.is_accused(u, petition)
        and (not petition.discipline_only or has_permission(u, "petitions.discipline", petition))
    ]
    return User.objects.filter(pk__in=ok).order_by("username")


def action_forms(actor, petition, bound: dict | None = None) -> dict:
    """The forms of the actions ``actor`` may take on the item now (flags computed here, not in the
    template)."""
    bound = bound or {}
    version = {"version": petition.version}
    is_open = petition.status in OPEN_STATUSES
    triager = has_permission(actor, "petitions.triage", petition)
    out = {}
    if is_open and triager:
        out["triage"] = bound.get("triage") or forms.TriageForm(
            initial={**version, "kind": petition.kind, "accused_person": petition.accused_person_id},
            people=_people_of(petition.body),
        )
        out["assign"] = bound.get("assign") or forms.AssignForm(
            initial=version, handlers=handler_choices(petition)
        )
        out["transfer"] = bound.get("transfer") or forms.TransferForm(
            initial=version, to_bodies=Unit.objects.filter(kind=UnitKind.BODY).exclude(pk=petition.body_id)
        )
    if is_open and not petition.extended and has_permission(actor, "petitions.approve_extension", petition):
        out["extend"] = bound.get("extend") or forms.ExtendForm(initial=version)
    if is_open and services.is_assigned(actor, petition):
        out["answer"] = bound.get("answer") or forms.AnswerForm(initial=version)
    if petition.status == PetitionStatus.ANSWERED and triager:
        out["close"] = bound.get("close") or forms.CloseForm(
            initial={**version, "satisfaction": petition.satisfaction or "not_given"}
        )
    return out


ACTION_TITLES = {
    "triage": gettext_lazy("分类"),
    "assign": gettext_lazy("交办"),
    "transfer": gettext_lazy("转办"),
    "extend": gettext_lazy("延期"),
    "answer": gettext_lazy("答复"),
    "close": gettext_lazy("办结"),
}


class ListView(StaffView):
    def get(self, request):
        actor = self.actor
        if not (has_permission(actor, "petitions.view") or has_permission(actor, "petitions.handle")):
            raise NotPermitted("permission_denied", _("您没有执行此操作的权限"))
        form = forms.ListFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        items = selectors.petition_list(
            actor=actor,
            status=filters.get("status", ""),
            kind=filters.get("kind", ""),
            late=bool(filters.get("late")),
            mine=bool(filters.get("mine")),
        )
        page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_register": has_permission(actor, "petitions.register"),
        }
        return render(request, "petitions/petition_list.html", context)


class RegisterView(StaffView):
    """A visit, call or letter, registered by whoever received it (首问负责, CASE-1, CASE-5)."""

    template = "petitions/petition_register.html"

    def form(self, data=None, files=None):
        actor = self.actor
        bodies = Unit.objects.filter(scope_q(actor, "petitions.register", ""), kind=UnitKind.BODY)
        body_ids = list(bodies.values_list("pk", flat=True))
        if not body_ids:  # a department-scoped clerk registers for their own body
            person = org_selectors.person_of(actor)
            if person is not None:
                body_ids = [org_selectors.body_of(person.unit).pk]
        body_choices = Unit.objects.filter(pk__in=body_ids).order_by("path")
        people = Person.objects.filter(unit__body_id__in=body_ids).order_by("unit__path", "sort_order", "id")
        return forms.RegisterForm(data, files, body_choices=body_choices, people=people)

    def get(self, request):
        if not has_permission(self.actor, "petitions.register"):
            raise NotPermitted("permission_denied", _("您没有执行此操作的权限"))
        return render(request, self.template, {"form": self.form()})

    def post(self, request):
        form = self.form(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                petition, secret = services.petition_file(
                    actor=self.actor,
                    body=data["body"],
                    kind=data["kind"],
                    channel=data["channel"],
                    subject=data["subject"],
                    content=data["content"],
                    anonymous=data["anonymous"],
                    name=data["name"],
                    phone=data["phone"],
                    address=data["address"],
                    accused_person=data["accused_person"],
                    accused_name=data["accused_name"],
                    files=data["files"],
                )
            except DomainError as error:
                if not on_the_form(error, form):
                    raise
                apply_error(form, error)
            else:
                response = render(
                    request,
                    "petitions/petition_registered.html",
                    {"petition": petition, "secret": secret},
                    status=201,
                )
                response["Cache-Control"] = "no-store"
                return response
        return render(request, self.template, {"form": form}, status=422)


class DetailView(StaffView):
    def render_page(self, petition, bound=None, status=200, identity=None, identity_read=False):
        actor = self.actor
        events = petition.events.select_related("actor", "from_body", "to_body").prefetch_related(
            "attachments"
        )
        context = {
            "petition": petition,
            "events": events,
            "handlers": selectors.current_handlers(petition),
            "actions": [
                {"name": name, "title": ACTION_TITLES[name], "form": form}
                for name, form in action_forms(actor, petition, bound).items()
            ],
            "can_read_identity": services.is_assigned(actor, petition) and not petition.anonymous,
            "identity": identity,
            "identity_read": identity_read,
            "late": petition.is_overdue,
        }
        return render(self.request, "petitions/petition_detail.html", context, status=status)

    def get(self, request, pk: int):
        return self.render_page(selectors.petition_get(actor=self.actor, pk=pk))


class ActionView(DetailView):
    def post(self, request, pk: int, action: str):
        if action not in ACTIONS:
            raise NotFound("not_found", _("页面或记录不存在"))
        actor = self.actor
        petition = selectors.petition_get(actor=actor, pk=pk)
        form = self.bind(action, petition)
        if form.is_valid():
            data = dict(form.cleaned_data)
            expected = data.pop("version")
            try:
                self.perform(action, petition, data, expected)
            except DomainError as error:
                if not on_the_form(error, form):
                    raise
                apply_error(form, error)
                petition = selectors.petition_get(actor=actor, pk=pk)
                return self.render_page(
                    petition, {action: form}, status=409 if isinstance(error, Conflict) else 422
                )
            messages.success(request, _("已%(action)s") % {"action": ACTION_TITLES[action]})
            if action == "transfer":
                return HttpResponseRedirect(reverse("petitions:list"))
            return HttpResponseRedirect(petition_url(petition))
        return self.render_page(petition, {action: form}, status=422)

    def bind(self, action, petition):
        data, files = self.request.POST, self.request.FILES
        if action == "triage":
            return forms.TriageForm(data, people=_people_of(petition.body))
        if action == "assign":
            return forms.AssignForm(data, handlers=handler_choices(petition))
        if action == "transfer":
            return forms.TransferForm(data, to_bodies=Unit.objects.filter(kind=UnitKind.BODY))
        if action == "extend":
            return forms.ExtendForm(data)
        if action == "answer":
            return forms.AnswerForm(data, files)
        return forms.CloseForm(data)

    def perform(self, action, petition, data, expected):
        actor = self.actor
        if action == "triage":
            return services.petition_triage(actor=actor, petition=petition, expected_version=expected, **data)
        if action == "assign":
            return services.petition_assign(actor=actor, petition=petition, expected_version=expected, **data)
        if action == "transfer":
            return services.petition_transfer(
                actor=actor, petition=petition, expected_version=expected, **data
            )
        if action == "extend":
            return services.petition_extend(actor=actor, petition=petition, expected_version=expected, **data)
        if action == "answer":
            return services.petition_answer(actor=actor, petition=petition, expected_version=expected, **data)
        return services.petition_close(actor=actor, petition=petition, expected_version=expected, **data)


class IdentityView(DetailView):
    """The reporter's name and contact, shown on the item's page to an assigned handler; each request
    is one audited read (PET-11). POST, so that no prefetch or history reload reads it unseen."""

    def post(self, request, pk: int):
        petition = selectors.petition_get(actor=self.actor, pk=pk)
        identity = services.petition_identity_read(actor=self.actor, petition=petition)
        response = self.render_page(petition, identity=identity, identity_read=True)
        response["Cache-Control"] = "no-store"
        return response


class AttachmentView(StaffView):
    def get(self, request, pk: int, file_id: int):
        petition = selectors.petition_get(actor=self.actor, pk=pk)
        attachment = PetitionAttachment.objects.filter(petition=petition, pk=file_id).first()
        path = storage.path_of(attachment.sha256) if attachment else None
        if attachment is None or not path.is_file():
            raise NotFound("no_document", _("文件不存在"))
        response = FileResponse(
            path.open("rb"),
            as_attachment=True,
            filename=attachment.name,
            content_type=attachment.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response


class DashboardView(StaffView):
    """The discipline office's page of late and nearly late items (PET-2, PET-4)."""

    def get(self, request):
        actor = self.actor
        if not has_permission(actor, "petitions.supervise"):
            raise NotPermitted("permission_denied", _("您没有执行此操作的权限"))
        level = request.GET.get("level", "")
        if level not in ("", "red", "yellow"):
            level = ""
        alerts = selectors.alert_list(actor=actor, level=level)
        page = Paginator(alerts, PAGE_SIZE).get_page(request.GET.get("page"))
        context = {"page": page, "counts": selectors.alert_counts(actor=actor), "level": level}
        return render(request, "petitions/dashboard.html", context)
