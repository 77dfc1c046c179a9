"""The discipline office's page of its body's sanction catalogue (问责方式目录, SUP-38) under
/accountability/sanctions/: the ordered list per target, adopting the default, adding and editing.
Thin views over accountability.sanction_catalogue."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunshine.accountability import forms, services
from sunshine.accountability import sanction_catalogue as catalogue
from sunshine.accountability.choices import Target
from sunshine.accountability.models import Sanction
from sunshine.core.errors import NotFound
from sunshine.core.pages import FormPage, StaffView
from sunshine.org import selectors as org_selectors


def bodies(actor):
    return org_selectors.unit_list(actor=actor, perm=services.MANAGE).filter(kind="body").order_by("path")


def body_for(actor, pk: str | None):
    """The body asked for (``?body=``) among those the actor's discipline office runs, else the first."""
    services.require_manage(actor)
    found = bodies(actor)
    body = found.filter(pk=pk).first() if (pk or "").isdigit() else found.first()
    if body is None:
        raise NotFound("not_found", _("记录不存在或不在您的数据范围内"), rule="SEC-7")
    return body


def list_url(body) -> str:
    return reverse("accountability:sanctions") + f"?body={body.pk}"


class CatalogueView(StaffView):
    def get(self, request):
        body = body_for(self.actor, request.GET.get("body"))
        rows = list(catalogue.rows(body))
        context = {
            "body": body,
            "bodies": bodies(self.actor),
            "own": catalogue.has_own(body),
            "groups": [(label, [r for r in rows if r.target == value]) for value, label in Target.choices],
        }
        return render(request, "accountability/sanction_catalogue.html", context)

    def post(self, request):
        body = body_for(self.actor, request.GET.get("body"))
        catalogue.sanction_catalogue_adopt(actor=self.actor, body=body)
        messages.success(request, _("已采用默认目录，可在此基础上调整"))
        return HttpResponseRedirect(list_url(body))


class SanctionAddView(FormPage):
    form_class = forms.SanctionForm
    title = gettext_lazy("增加问责方式")
    submit_label = gettext_lazy("增加")

    def load(self, **kwargs):
        return body_for(self.actor, self.request.GET.get("body"))

    def check(self, obj) -> None:
        services.require_manage(self.actor, obj)

    def initial(self, obj) -> dict:
        return {"target": self.request.GET.get("target") or Target.INDIVIDUAL}

    def perform(self, form, obj):
        d = form.cleaned_data
        return catalogue.sanction_add(
            actor=self.actor, body=obj, target=d["target"], name=d["name"], tier=d["tier"],
            rank=d["rank"], rule=d["rule"],
        )  # fmt: skip

    def done(self, result, obj) -> str:
        return list_url(obj)

    def success_message(self, result, obj) -> str:
        return _("已增加问责方式“%(name)s”") % {"name": result.name}

    def cancel_url(self, obj) -> str:
        return list_url(obj)


class SanctionEditView(FormPage):
    form_class = forms.SanctionForm
    submit_label = gettext_lazy("保存")

    def load(self, pk: int, **kwargs):
        sanction = Sanction.objects.filter(pk=pk, body__isnull=False).select_related("body").first()
        if sanction is None or not services.may_manage(self.actor, sanction.body):
            raise NotFound("not_found", _("记录不存在或不在您的数据范围内"), rule="SEC-7")
        return sanction

    def check(self, obj) -> None:
        services.require_manage(self.actor, obj.body)

    def form_kwargs(self, obj) -> dict:
        return {"editing": True}

    def initial(self, obj) -> dict:
        return {"name": obj.name, "tier": obj.tier, "rule": obj.rule, "active": obj.active}

    def get_title(self, obj) -> str:
        return _("修改问责方式：%(name)s") % {"name": obj.name}

    def perform(self, form, obj):
        d = form.cleaned_data
        return catalogue.sanction_update(
            actor=self.actor, sanction=obj, name=d["name"], tier=d["tier"], active=d["active"], rule=d["rule"]
        )

    def done(self, result, obj) -> str:
        return list_url(obj.body)

    def success_message(self, result, obj) -> str:
        return _("已保存")

    def cancel_url(self, obj) -> str:
        return list_url(obj.body)
