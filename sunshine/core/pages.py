"""The shape of every staff page that changes something: a form, a service call, a refusal put on
the form (with its rule as 依据), a redirect on success (STYLE §4). Shared by every app's pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views import View

from sunshine.core.errors import Conflict, DomainError, InvalidInput, RuleViolated
from sunshine.core.rules import get_rule
from sunshine.core.views import apply_domain_error

# Refusals shown on the form. NotFound and NotPermitted are not: they end on the error page
# (core.middleware.DomainErrorMiddleware) with 404 or 403.
FORM_ERRORS = (InvalidInput, Conflict, RuleViolated)


def on_the_form(error: DomainError, form) -> bool:
    """Whether a refusal belongs on the form: a bad input, a conflict or a rule, or anything that
    names one of the form's fields (a parent unit that may not be chosen, a removed person)."""
    return isinstance(error, FORM_ERRORS) or (error.field is not None and error.field in form.fields)


def apply_error(form, error: DomainError) -> None:
    """core.views.apply_domain_error, except that two kinds of error go to the top of the form: one
    on a hidden field (a stale ``version``), where nobody would see it, and a refusal by a rule,
    so that the message stands beside its 依据 instead of apart from it under a field."""
    field = form.fields.get(error.field) if error.field else None
    if (field is not None and field.widget.is_hidden) or (isinstance(error, RuleViolated) and error.rule):
        form.add_error(None, str(error.message))
        form.domain_rule = get_rule(error.rule).as_dict() if error.rule else None
        return
    apply_domain_error(form, error)


class StaffView(LoginRequiredMixin, View):
    @property
    def actor(self):
        return self.request.user


class FormPage(StaffView):
    """GET shows the form, POST calls the service. Subclasses set ``form_class`` and ``title`` and
    write ``load`` (the object, through a selector: 404 outside the scope), ``check`` (may the
    actor do it at all: 403 before showing a form they cannot use), ``perform`` and ``done``."""

    template_name = "org/form.html"
    form_class = None
    title = ""
    submit_label = None
    intro = ""
    danger = False

    def load(self, **kwargs):
        return None

    def check(self, obj) -> None:
        raise NotImplementedError

    def initial(self, obj) -> dict:
        return {"version": obj.version} if obj is not None and hasattr(obj, "version") else {}

    def form_kwargs(self, obj) -> dict:
        return {}

    def perform(self, form, obj):
        raise NotImplementedError

    def done(self, result, obj) -> str:
        raise NotImplementedError

    def success_message(self, result, obj) -> str:
        return ""

    def cancel_url(self, obj) -> str:
        return self.request.META.get("HTTP_REFERER", "") or "/org/"

    def context(self, obj) -> dict:
        return {}

    def get_title(self, obj) -> str:
        return str(self.title)

    def render_form(self, form, obj, status=200):
        context = {
            "form": form,
            "obj": obj,
            "title": self.get_title(obj),
            "intro": self.intro,
            "submit_label": self.submit_label,
            "danger": self.danger,
            "cancel_url": self.cancel_url(obj),
            **self.context(obj),
        }
        template = f"{self.template_name}#form" if self.request.htmx else self.template_name
        return render(self.request, template, context, status=status)

    def get(self, request, **kwargs):
        obj = self.load(**kwargs)
        self.check(obj)
        form = self.form_class(initial=self.initial(obj), **self.form_kwargs(obj))
        return self.render_form(form, obj)

    def post(self, request, **kwargs):
        obj = self.load(**kwargs)
        self.check(obj)
        form = self.form_class(request.POST, **self.form_kwargs(obj))
        if form.is_valid():
            try:
                result = self.perform(form, obj)
            except DomainError as error:
                if not on_the_form(error, form):
                    raise
                apply_error(form, error)
                return self.render_form(form, obj, status=409 if isinstance(error, Conflict) else 422)
            if message := self.success_message(result, obj):
                messages.success(request, message)
            url = self.done(result, obj)
            if request.htmx:
                response = HttpResponse(status=200)
                response["HX-Redirect"] = url
                return response
            return HttpResponseRedirect(url)
        return self.render_form(form, obj, status=422)
