"""The portal's pages of routine disclosure and information requests (issue #8 §4, §5), no log-in.

- ``/public/disclosure/``: the bodies with a disclosure plan; ``/public/disclosure/<body>/``: the
  body's plan (what is published, how often, by whom) and what was published, newest first.
- ``/public/requests/``: an information request (依申请公开, PUB-208), with the portal's captcha
  (petitions.guard) and a per-client limit (disclosure.ratelimit); the receipt code and secret are
  shown once (core.receipts). ``/public/requests/follow/`` opens it with code and secret; the
  request is then kept in the visitor's session for 30 minutes (the secret never in a URL).

Nothing here reads staff data: no publisher, no handler, no applicant other than the visitor's own
request, and of that only the description, dates and answer.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from sunshine.core import clock
from sunshine.core.errors import DomainError, NotFound
from sunshine.core.views import apply_domain_error
from sunshine.disclosure import forms, selectors, services
from sunshine.disclosure.models import InformationRequest, Publication
from sunshine.disclosure.ratelimit import Limit, client_key
from sunshine.petitions import guard
from sunshine.petitions.public_views import form_again, with_captcha

SESSION_KEY = "disclosure_request_follow"
FOLLOW_SECONDS = 30 * 60
FILE_LIMIT = Limit("request_file", attempts=5, window=3600)
FOLLOW_LIMIT = Limit("request_follow", attempts=20, window=600)
PAGE_SIZE = 20


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


def _not_found(request, message: str):
    return render(request, "disclosure/not_found.html", {"message": message}, status=404)


def _too_many(request, limit: Limit, client: str):
    minutes = max(1, -(-limit.retry_after(client) // 60))
    message = _("操作过于频繁，请%(minutes)d分钟后再试。") % {"minutes": minutes}
    response = render(request, "disclosure/not_found.html", {"message": message}, status=429)
    response["Retry-After"] = str(limit.retry_after(client) or limit.window)
    return _no_store(response)


def _file_response(sha256: str, name: str, content_type: str):
    path = services.file_path(sha256) if sha256 else None
    if path is None or not path.is_file():
        raise NotFound("no_document", _("文件不存在"))
    response = FileResponse(path.open("rb"), as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


class DisclosureIndexView(View):
    """政务公开: the bodies with a disclosure plan."""

    def get(self, request):
        return render(request, "disclosure/disclosure_index.html", {"bodies": selectors.public_plan_bodies()})


class BodyDisclosureView(View):
    """One body's disclosure plan and what it published, newest first (PUB-2, PUB-205)."""

    def get(self, request, body: int):
        try:
            unit = selectors.public_body_get(pk=body)
        except NotFound as error:
            return _not_found(request, error.message)
        plans = list(selectors.public_plans(unit))
        year = request.GET.get("year", "")
        plan = next((p for p in plans if str(p.year) == year), plans[0] if plans else None)
        items = list(selectors.public_plan_items(plan)) if plan else []
        page = Paginator(selectors.public_publications(unit), PAGE_SIZE).get_page(request.GET.get("page"))
        rows = [
            {"p": p, "period": services.period_label(p.period), "item": p.item.title}
            for p in page.object_list
        ]
        context = {
            "body": unit,
            "plans": plans,
            "plan": plan,
            "items": items,
            "page": page,
            "rows": rows,
            "year": plan.year if plan else None,
        }
        return render(request, "disclosure/disclosure_body.html", context)


class PublicationFileView(View):
    def get(self, request, pk: int):
        publication = Publication.objects.filter(pk=pk, item__deleted_at__isnull=True).first()
        if publication is None or not publication.file_sha256:
            return _not_found(request, _("文件不存在"))
        return _file_response(publication.file_sha256, publication.file_name, publication.file_type)


class RequestFileView(View):
    """申请政府信息公开 (PUB-208): anyone, no account; the answer follows with code and secret."""

    template = "disclosure/request_file.html"

    def get(self, request):
        form, question = with_captcha(forms.RequestFileForm)
        return _no_store(render(request, self.template, {"form": form, "question": question}))

    def post(self, request):
        client = client_key(request)
        if not FILE_LIMIT.hit(client):
            return _too_many(request, FILE_LIMIT, client)
        form = forms.RequestFileForm(request.POST)
        error = None
        if form.is_valid():
            data = form.cleaned_data
            try:
                guard.captcha_check(token=data["captcha_token"], answer=data["captcha"])
                info_request, secret = services.request_file(
                    actor=None,
                    body=data["body"],
                    channel="portal",
                    name=data["name"],
                    contact=data["contact"],
                    address=data["address"],
                    description=data["description"],
                    purpose=data["purpose"],
                    delivery_form=data["delivery_form"],
                )
            except DomainError as e:
                error = e
            else:
                context = {"info_request": info_request, "secret": secret}
                return _no_store(render(request, "disclosure/request_receipt.html", context, status=201))
        retry, question = form_again(forms.RequestFileForm, request, error)
        if error is None and "captcha" in form.errors:
            retry.add_error("captcha", form.errors["captcha"][0])
        return _no_store(render(request, self.template, {"form": retry, "question": question}, status=422))


def _followed(request) -> InformationRequest | None:
    data = request.session.get(SESSION_KEY)
    if not data or data.get("until", 0) < clock.now().timestamp():
        return None
    return InformationRequest.objects.filter(pk=data.get("id")).select_related("body").first()


class RequestFollowView(View):
    """Open a request with its receipt code and secret: a wrong code and a wrong secret give the same
    answer (core.receipts)."""

    template = "disclosure/request_follow.html"

    def get(self, request):
        form, question = with_captcha(forms.RequestFollowForm)
        return _no_store(render(request, self.template, {"form": form, "question": question}))

    def post(self, request):
        client = client_key(request)
        if not FOLLOW_LIMIT.hit(client):
            return _too_many(request, FOLLOW_LIMIT, client)
        form = forms.RequestFollowForm(request.POST)
        error = None
        if form.is_valid():
            data = form.cleaned_data
            try:
                guard.captcha_check(token=data["captcha_token"], answer=data["captcha"])
                info_request = services.request_follow(code=data["code"], secret=data["secret"])
            except DomainError as e:
                error = e
            else:
                request.session.cycle_key()
                request.session[SESSION_KEY] = {
                    "id": info_request.pk,
                    "until": clock.now().timestamp() + FOLLOW_SECONDS,
                }
                return HttpResponseRedirect(reverse("disclosure:request_view"))
        retry, question = form_again(forms.RequestFollowForm, request, error)
        if error is None and "captcha" in form.errors:
            retry.add_error("captcha", form.errors["captcha"][0])
        if error is not None and error.field not in retry.fields:
            apply_domain_error(retry, error)
        return _no_store(render(request, self.template, {"form": retry, "question": question}, status=422))


class RequestView(View):
    """The followed request: received, due date (and extension with its reason), the answer."""

    def get(self, request):
        info_request = _followed(request)
        if info_request is None:
            return HttpResponseRedirect(reverse("disclosure:request_follow"))
        context = {"r": info_request, "late": info_request.is_overdue}
        return _no_store(render(request, "disclosure/request_view.html", context))


class RequestAnswerFileView(View):
    def get(self, request):
        info_request = _followed(request)
        if info_request is None or not info_request.answered_at or not info_request.file_sha256:
            return _not_found(request, _("文件不存在"))
        return _no_store(
            _file_response(info_request.file_sha256, info_request.file_name, info_request.file_type)
        )


class RequestLeaveView(View):
    def post(self, request):
        request.session.pop(SESSION_KEY, None)
        return HttpResponseRedirect(reverse("disclosure:request_follow"))
