"""Moving the catalogue in and out: the Excel workbook (export, blank template, import with every
bad cell marked) and the printable catalogue book (PDF). The work is catalog.workbook and
catalog.book; these pages pick the body and send the files."""

from __future__ import annotations

import base64

from django import forms
from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunshine.catalog.book import BookFontMissing, render_book
from sunshine.catalog.workbook import export_workbook, import_workbook, template_workbook
from sunshine.core.errors import DomainError, InvalidInput, NotFound
from sunshine.core.pages import StaffView
from sunshine.core.permissions import require_permission
from sunshine.org import selectors as org_selectors
from sunshine.org.models import Unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD = 20 * 1024 * 1024


def bodies(actor, perm: str) -> list[Unit]:
    """The bodies of the units in the actor's scope for ``perm`` (a clerk's department gives its body)."""
    units = org_selectors.unit_list(actor=actor, perm=perm).select_related("body")
    seen: dict[int, Unit] = {}
    for unit in units:
        body = unit.body or unit
        seen.setdefault(body.pk, body)
    return sorted(seen.values(), key=lambda b: b.path)


def chosen_body(request, perm: str) -> Unit:
    """The body named by ``?body=`` (or the form), else the actor's only or first one."""
    options = bodies(request.user, perm)
    wanted = request.GET.get("body") or request.POST.get("body")
    if wanted:
        for body in options:
            if str(body.pk) == wanted:
                return body
        raise NotFound("not_found", _("记录不存在或不在您的数据范围内"), field="body")
    if not options:
        raise NotFound("not_found", _("您的数据范围内没有单位"), field="body")
    return options[0]


def _filename(body: Unit, what: str, ext: str) -> str:
    from urllib.parse import quote

    return quote(f"{body.name}{what}") + f".{ext}"


class ExportView(StaffView):
    """GET: the catalogue of a body as an .xlsx (latest versions; ``?published=1``: those in force)."""

    def get(self, request):
        require_permission(self.actor, "catalog.view")
        body = chosen_body(request, "catalog.view")
        published = request.GET.get("published") == "1"
        data = export_workbook(self.actor, body, published=published)
        return _attachment(data, _filename(body, _("权力清单"), "xlsx"), XLSX)


class TemplateView(StaffView):
    """GET: a blank import workbook with the body's departments and posts in its lists."""

    def get(self, request):
        require_permission(self.actor, "catalog.import")
        body = chosen_body(request, "catalog.import")
        return _attachment(
            template_workbook(self.actor, body), _filename(body, _("权力清单导入模板"), "xlsx"), XLSX
        )


class BookView(StaffView):
    """GET: the printable catalogue book (PDF) of the powers in force of a body."""

    def get(self, request):
        require_permission(self.actor, "catalog.view")
        body = chosen_body(request, "catalog.view")
        try:
            data = render_book(self.actor, body)
        except BookFontMissing as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(reverse("catalog:item_list"))
        return _attachment(data, _filename(body, _("权力清单汇编"), "pdf"), "application/pdf")


def _attachment(data: bytes, quoted_name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quoted_name}"
    return response


class ImportForm(forms.Form):
    body = forms.TypedChoiceField(label=gettext_lazy("导入到单位"), coerce=int)
    file = forms.FileField(label=gettext_lazy("Excel 工作簿（.xlsx）"))

    def __init__(self, *args, bodies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [(b.pk, b.name) for b in bodies]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("文件不能超过20MB"))
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("请上传 .xlsx 格式的 Excel 工作簿"))
        return upload


class ImportView(StaffView):
    """Upload a workbook: every row is checked first; all of it is written, or nothing and the user
    gets the workbook back with each bad cell marked (issue #5 §6)."""

    template_name = "catalog/import.html"

    def context(self, form, **extra) -> dict:
        return {"form": form, "title": _("导入权力清单"), **extra}

    def get(self, request):
        require_permission(self.actor, "catalog.import")
        form = ImportForm(bodies=bodies(self.actor, "catalog.import"))
        return render(request, self.template_name, self.context(form))

    def post(self, request):
        require_permission(self.actor, "catalog.import")
        options = bodies(self.actor, "catalog.import")
        form = ImportForm(request.POST, request.FILES, bodies=options)
        if not form.is_valid():
            return render(request, self.template_name, self.context(form), status=422)
        body = next(b for b in options if b.pk == form.cleaned_data["body"])
        try:
            result = import_workbook(self.actor, body, form.cleaned_data["file"].read())
        except (InvalidInput, NotFound) as error:
            form.add_error("file", str(error.message))
            return render(request, self.template_name, self.context(form), status=422)
        except DomainError:
            raise
        if result.ok:
            messages.success(request, result.message)
            return HttpResponseRedirect(reverse("catalog:item_list"))
        marked = base64.b64encode(result.workbook or b"").decode()
        extra = {
            "errors": [e.as_dict() for e in result.errors],
            "message": result.message,
            "marked": f"data:{XLSX};base64,{marked}",
            "marked_name": f"{body.name}-{_('错误标注')}.xlsx",
        }
        return render(request, self.template_name, self.context(form, **extra), status=422)
