"""The public pages of petitions under /public/petitions/ (no log-in, issue #8 §6-7): file a complaint
or report, named or anonymous, and get its receipt code and secret; follow it with code and secret,
read the answers, add information, rate the answer.

No page here reads staff data: only the item opened with its code and secret, and only its public
events (answers, transfers, extensions). Filing and lookups are captcha- and rate-limited (guard).
After a successful lookup the item's id is kept in the visitor's session for 30 minutes, so adding
information does not need the secret again; the secret never appears in a URL.
"""

from __future__ import annotations

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from sunshine.core import clock
from sunshine.core.errors import DomainError
from sunshine.core.views import apply_domain_error
from sunshine.disclosure import captcha
from sunshine.petitions import forms, guard, services
from sunshine.petitions.choices import PetitionStatus
from sunshine.petitions.models import Petition

SESSION_KEY = "petitions_follow"
FOLLOW_SECONDS = 30 * 60


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


def _with_captcha(form_class):
    return captcha.with_captcha(form_class)


def _again(form_class, request, error=None):
    return captcha.again(form_class, request, error, forget=("secret", "files"))


def _too_many(request, error):
    return _no_store(render(request, "petitions/public/error.html", {"message": error.message}, status=429))


class IndexView(View):
    def get(self, request):
        return render(request, "petitions/public/index.html", {})


class FileView(View):
    """File a complaint, report, suggestion or request (网上信访, PET-1)."""

    template = "petitions/public/file.html"

    def get(self, request):
        form, question = _with_captcha(forms.PublicFileForm)
        return _no_store(render(request, self.template, {"form": form, "question": question}))

    def post(self, request):
        try:
            guard.rate_limit(request, "file")
        except guard.TooManyRequests as error:
            return _too_many(request, error)
        form = forms.PublicFileForm(request.POST, request.FILES)
        error = None
        if form.is_valid():
            data = form.cleaned_data
            try:
                guard.captcha_check(token=data["captcha_token"], answer=data["captcha"])
                petition, secret = services.petition_file(
                    actor=None,
                    body=data["body"],
                    kind=data["kind"],
                    channel="portal",
                    subject=data["subject"],
                    content=data["content"],
                    anonymous=data["anonymous"],
                    name="" if data["anonymous"] else data["name"],
                    phone="" if data["anonymous"] else data["phone"],
                    address="" if data["anonymous"] else data["address"],
                    accused_name=data["accused_name"],
                    accused_is_leader=data["accused_is_leader"],
                    files=data["files"],
                )
            except DomainError as e:
                error = e
            else:
                context = {"petition": petition, "secret": secret}
                return _no_store(render(request, "petitions/public/receipt.html", context, status=201))
        retry, question = _again(forms.PublicFileForm, request, error)
        if error is None and "captcha" in form.errors:
            retry.add_error("captcha", form.errors["captcha"][0])
        return _no_store(render(request, self.template, {"form": retry, "question": question}, status=422))


def _followed(request) -> Petition | None:
    data = request.session.get(SESSION_KEY)
    if not data or data.get("until", 0) < clock.now().timestamp():
        return None
    return Petition.objects.filter(pk=data.get("id")).select_related("body").first()


class FollowView(View):
    """Open an item with its receipt code and secret (PTN-3): the same answer for a wrong code and a
    wrong secret."""

    template = "petitions/public/follow.html"

    def get(self, request):
        form, question = _with_captcha(forms.FollowForm)
        return _no_store(render(request, self.template, {"form": form, "question": question}))

    def post(self, request):
        try:
            guard.rate_limit(request, "follow")
        except guard.TooManyRequests as error:
            return _too_many(request, error)
        form = forms.FollowForm(request.POST)
        error = None
        if form.is_valid():
            data = form.cleaned_data
            try:
                guard.captcha_check(token=data["captcha_token"], answer=data["captcha"])
                petition = services.petition_follow(code=data["code"], secret=data["secret"])
            except DomainError as e:
                error = e
            else:
                request.session.cycle_key()
                request.session[SESSION_KEY] = {
                    "id": petition.pk,
                    "until": clock.now().timestamp() + FOLLOW_SECONDS,
                }
                return HttpResponseRedirect(reverse("petitions_public:view"))
        retry, question = _again(forms.FollowForm, request, error)
        if error is None and "captcha" in form.errors:
            retry.add_error("captcha", form.errors["captcha"][0])
        return _no_store(render(request, self.template, {"form": retry, "question": question}, status=422))


class PetitionView(View):
    """The followed item: its public history, the answers, and the forms to add information and rate."""

    template = "petitions/public/view.html"

    def context(self, petition, supplement=None, rate=None) -> dict:
        events = petition.events.filter(public=True).prefetch_related("attachments").order_by("at", "id")
        return {
            "petition": petition,
            "events": events,
            "supplement_form": supplement or forms.SupplementForm(),
            "rate_form": rate or forms.RateForm(),
            "can_supplement": petition.status != PetitionStatus.CLOSED,
            "can_rate": petition.status == PetitionStatus.ANSWERED and not petition.satisfaction,
        }

    def get(self, request):
        petition = _followed(request)
        if petition is None:
            return HttpResponseRedirect(reverse("petitions_public:follow"))
        return _no_store(render(request, self.template, self.context(petition)))

    def post(self, request):
        petition = _followed(request)
        if petition is None:
            return HttpResponseRedirect(reverse("petitions_public:follow"))
        try:
            guard.rate_limit(request, "supplement")
        except guard.TooManyRequests as error:
            return _too_many(request, error)
        if request.POST.get("action") == "rate":
            form = forms.RateForm(request.POST)
            if form.is_valid():
                try:
                    services.petition_rate(
                        petition=petition,
                        satisfaction=form.cleaned_data["satisfaction"],
                        comment=form.cleaned_data["comment"],
                    )
                except DomainError as error:
                    apply_domain_error(form, error)
                else:
                    return HttpResponseRedirect(reverse("petitions_public:view") + "#history")
            return _no_store(render(request, self.template, self.context(petition, rate=form), status=422))
        form = forms.SupplementForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.petition_supplement(
                    petition=petition, text=form.cleaned_data["text"], files=form.cleaned_data["files"]
                )
            except DomainError as error:
                apply_domain_error(form, error)
            else:
                return HttpResponseRedirect(reverse("petitions_public:view") + "#history")
        return _no_store(render(request, self.template, self.context(petition, supplement=form), status=422))


class LeaveView(View):
    def post(self, request):
        request.session.pop(SESSION_KEY, None)
        return HttpResponseRedirect(reverse("petitions_public:index"))


# The portal's other public forms (disclosure's information requests) ask the same captcha.
with_captcha = _with_captcha
form_again = _again

__all__ = [
    "FileView",
    "FollowView",
    "IndexView",
    "LeaveView",
    "PetitionView",
    "_",
    "form_again",
    "with_captcha",
]
