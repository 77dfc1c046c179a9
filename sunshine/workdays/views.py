"""The calendar admin pages (工作日历): the year view, edits, CSV import, the compute helper.

Readers (workdays.view) see the calendar and may try computations; only workdays.manage sees and
uses the edit controls. Views compute the flags (``can_edit``); templates never look at roles.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget

from sunshine.core import clock
from sunshine.core.errors import DomainError
from sunshine.core.permissions import has_permission, require_permission
from sunshine.core.rules import get_rule
from sunshine.core.views import apply_domain_error
from sunshine.workdays.forms import (
    AddComputeForm,
    BetweenComputeForm,
    CsvImportForm,
    DeadlineComputeForm,
    RemoveForm,
    SpecialDayChangeForm,
    SpecialDayForm,
    YearMarkForm,
)
from sunshine.workdays.models import FIRST_YEAR, LAST_YEAR
from sunshine.workdays.selectors import (
    calendar_year_get,
    calendar_year_list,
    month_grids,
    next_year_loaded,
    special_day_get,
    special_day_list,
)
from sunshine.workdays.services import (
    add_working_days,
    calendar_import_csv,
    calendar_year_mark_loaded,
    calendar_year_withdraw,
    count_working_days,
    deadline_explain,
    special_day_add,
    special_day_change,
    special_day_remove,
)

TEMPLATE = "workdays/calendar.html"


def _year_param(request) -> int:
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or 0)
    except ValueError:
        year = 0
    return year if FIRST_YEAR <= year <= LAST_YEAR else clock.today().year


def _calendar_url(year: int, anchor: str = "") -> str:
    return f"{reverse('workdays:calendar')}?year={year}{anchor}"


def show_error(form, error: DomainError) -> None:
    """apply_domain_error, but an error about a hidden field (the version, the year) goes on top:
    a hidden field shows no errors."""
    field = form.fields.get(error.field) if error.field else None
    if field is not None and field.widget.is_hidden:
        error.field = None
    apply_domain_error(form, error)


def _done(request, url: str):
    """After a change: redirect (after an htmx request, tell htmx to load the page itself)."""
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def calendar_context(request, year: int, **forms) -> dict:
    """Everything the year view shows; the forms passed in (bound, with errors) replace the blank ones."""
    actor = request.user
    years = list(calendar_year_list(actor=actor))
    loaded = {record.year for record in years}
    days = list(special_day_list(actor=actor, year=year))
    upcoming, upcoming_loaded = next_year_loaded(years=loaded)
    record = next((r for r in years if r.year == year), None)
    can_edit = has_permission(actor, "workdays.manage")
    context = {
        "year": year,
        "years": years,
        "first_loaded": years[0].year if years else None,
        "last_loaded": years[-1].year if years else None,
        "record": record,
        "days": days,
        "grids": month_grids(year, days),
        "holiday_count": sum(1 for d in days if d.is_holiday),
        "workday_count": sum(1 for d in days if not d.is_holiday),
        "previous_year": year - 1 if year > FIRST_YEAR else None,
        "next_year": year + 1 if year < LAST_YEAR else None,
        "upcoming_year": upcoming,
        "upcoming_missing": not upcoming_loaded,
        "can_edit": can_edit,
        "add_form": SpecialDayForm(),
        "mark_form": YearMarkForm(initial={"year": year}),
        "withdraw_form": RemoveForm(initial={"version": record.version}, auto_id="withdraw_%s")
        if record
        else None,
        "add_compute_form": AddComputeForm(),
        "between_compute_form": BetweenComputeForm(),
        "deadline_compute_form": DeadlineComputeForm(initial={"unit": "workdays"}),
    }
    context.update(forms)
    return context


class CalendarView(LoginRequiredMixin, View):
    """The year view: twelve month grids, the year's special days, and (for managers) the edit forms."""

    def get(self, request):
        year = _year_param(request)
        context = calendar_context(request, year)
        template = f"{TEMPLATE}#year_panel" if request.htmx else TEMPLATE
        return render(request, template, context)


class SpecialDayAddView(LoginRequiredMixin, View):
    def post(self, request):
        require_permission(request.user, "workdays.manage")
        form = SpecialDayForm(request.POST)
        year = _year_param(request)
        if form.is_valid():
            try:
                day = special_day_add(actor=request.user, **form.cleaned_data)
            except DomainError as error:
                show_error(form, error)
            else:
                message = _("已添加 %(date)s %(name)s（%(kind)s）") % {
                    "date": day.date.isoformat(),
                    "name": day.name,
                    "kind": day.get_kind_display(),
                }
                if request.htmx:  # the updated year, and a blank form in place of the filled one
                    context = calendar_context(request, day.date.year, flash=message)
                    panel = render_to_string(f"{TEMPLATE}#year_panel", context, request)
                    form_html = render_to_string(f"{TEMPLATE}#add_form", {**context, "oob": True}, request)
                    return HttpResponse(panel + form_html)
                messages.success(request, message)
                return redirect(_calendar_url(day.date.year, "#days"))
        if request.htmx:  # the errors go back into the form, not over the calendar
            response = render(request, f"{TEMPLATE}#add_form", {"add_form": form, "year": year}, status=422)
            return reswap(retarget(response, "#add-form"), "outerHTML")
        return render(request, TEMPLATE, calendar_context(request, year, add_form=form), status=422)


class SpecialDayEditView(LoginRequiredMixin, View):
    template_name = "workdays/special_day_edit.html"

    def get(self, request, pk: int):
        require_permission(request.user, "workdays.manage")
        day = special_day_get(actor=request.user, pk=pk)
        form = SpecialDayChangeForm(
            initial={"date": day.date, "kind": day.kind, "name": day.name, "version": day.version}
        )
        return render(request, self.template_name, {"form": form, "day": day})

    def post(self, request, pk: int):
        require_permission(request.user, "workdays.manage")
        day = special_day_get(actor=request.user, pk=pk)
        form = SpecialDayChangeForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                special_day_change(
                    actor=request.user,
                    day=day,
                    expected_version=data["version"],
                    date=data["date"],
                    kind=data["kind"],
                    name=data["name"],
                )
            except DomainError as error:
                show_error(form, error)
            else:
                messages.success(request, _("已修改 %(date)s 的安排") % {"date": day.date.isoformat()})
                return _done(request, _calendar_url(day.date.year, "#days"))
        template = f"{self.template_name}#form" if request.htmx else self.template_name
        return render(request, template, {"form": form, "day": day}, status=422)


class SpecialDayRemoveView(LoginRequiredMixin, View):
    """Remove (作废) a day: asks for the reason first."""

    template_name = "workdays/special_day_remove.html"

    def get(self, request, pk: int):
        require_permission(request.user, "workdays.manage")
        day = special_day_get(actor=request.user, pk=pk)
        # one form per row may be open on the calendar page: ids per day
        form = RemoveForm(initial={"version": day.version}, auto_id=f"remove{day.pk}_%s")
        # htmx: a table row under the day's row on the calendar page
        template = f"{self.template_name}#row" if request.htmx else self.template_name
        return render(request, template, {"form": form, "day": day})

    def post(self, request, pk: int):
        require_permission(request.user, "workdays.manage")
        day = special_day_get(actor=request.user, pk=pk)
        form = RemoveForm(request.POST, auto_id=f"remove{day.pk}_%s")
        if form.is_valid():
            try:
                special_day_remove(
                    actor=request.user,
                    day=day,
                    expected_version=form.cleaned_data["version"],
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as error:
                show_error(form, error)
            else:
                messages.success(
                    request, _("已作废 %(date)s %(name)s") % {"date": day.date.isoformat(), "name": day.name}
                )
                return _done(request, _calendar_url(day.date.year, "#days"))
        template = f"{self.template_name}#form" if request.htmx else self.template_name
        return render(request, template, {"form": form, "day": day}, status=422)


class YearMarkView(LoginRequiredMixin, View):
    def post(self, request):
        require_permission(request.user, "workdays.manage")
        form = YearMarkForm(request.POST)
        year = _year_param(request)
        if form.is_valid():
            try:
                record = calendar_year_mark_loaded(
                    actor=request.user, year=form.cleaned_data["year"], note=form.cleaned_data["note"]
                )
            except DomainError as error:
                show_error(form, error)
            else:
                messages.success(request, _("%(year)d年的安排已标记为已载入") % {"year": record.year})
                return _done(request, _calendar_url(record.year))
        return render(request, TEMPLATE, calendar_context(request, year, mark_form=form), status=422)


class YearWithdrawView(LoginRequiredMixin, View):
    def post(self, request, year: int):
        require_permission(request.user, "workdays.manage")
        record = calendar_year_get(actor=request.user, year=year)
        form = RemoveForm(request.POST, auto_id="withdraw_%s")
        if form.is_valid():
            try:
                calendar_year_withdraw(
                    actor=request.user,
                    calendar_year=record,
                    expected_version=form.cleaned_data["version"],
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as error:
                show_error(form, error)
            else:
                messages.warning(
                    request, _("已撤销%(year)d年的已载入标记，涉及该年的期限计算将被拒绝") % {"year": year}
                )
                return _done(request, _calendar_url(year))
        return render(request, TEMPLATE, calendar_context(request, year, withdraw_form=form), status=422)


class CsvImportView(LoginRequiredMixin, View):
    """Import a year's schedule from CSV; every bad line is listed and nothing is written then."""

    template_name = "workdays/calendar_import.html"

    def get(self, request):
        require_permission(request.user, "workdays.manage")
        form = CsvImportForm(
            initial={"year": _year_param(request) if "year" in request.GET else clock.today().year + 1}
        )
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        require_permission(request.user, "workdays.manage")
        form = CsvImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = calendar_import_csv(
                    actor=request.user,
                    year=form.cleaned_data["year"],
                    content=upload.read(),
                    note=form.cleaned_data["note"],
                    filename=upload.name,
                )
            except DomainError as error:
                show_error(form, error)
                if error.errors:  # the lines are on the file field; the summary goes on top
                    form.add_error(None, str(error.message))
            else:
                messages.success(
                    request,
                    _(
                        "已导入%(year)d年的安排（%(rows)d行）：新增%(created)d天，修改%(changed)d天，作废%(removed)d天"
                    )
                    % {
                        "year": result.calendar_year.year,
                        "rows": result.rows,
                        "created": len(result.created),
                        "changed": len(result.changed),
                        "removed": len(result.removed),
                    },
                )
                return _done(request, _calendar_url(result.calendar_year.year))
        template = f"{self.template_name}#form" if request.htmx else self.template_name
        return render(request, template, {"form": form}, status=422)


class ComputeView(LoginRequiredMixin, View):
    """Try a computation (add, between, deadline) and see the result with its explanation."""

    template_name = "workdays/compute.html"
    FORMS = {"add": AddComputeForm, "between": BetweenComputeForm, "deadline": DeadlineComputeForm}

    def get(self, request):
        require_permission(request.user, "workdays.view")
        op = request.GET.get("op", "add")
        form_class = self.FORMS.get(op, AddComputeForm)
        form = form_class(request.GET if "op" in request.GET else None)
        result, status = None, 200
        if form.is_bound:
            if form.is_valid():
                try:
                    result = self.compute(op, form)
                except DomainError as error:
                    show_error(form, error)
                    status = 422
            else:
                status = 422
        context = {"op": op, "form": form, "result": result, **self.blank_forms(op, form)}
        template = f"{self.template_name}#result" if request.htmx else self.template_name
        return render(request, template, context, status=status)

    def blank_forms(self, op: str, form) -> dict:
        return {
            "add_compute_form": form if op == "add" else AddComputeForm(),
            "between_compute_form": form if op == "between" else BetweenComputeForm(),
            "deadline_compute_form": form
            if op == "deadline"
            else DeadlineComputeForm(initial={"unit": "workdays"}),
        }

    def compute(self, op: str, form) -> dict:
        data = form.cleaned_data
        if op == "between":
            count = count_working_days(start=data["start"], end=data["end"])
            return {
                "headline": _("%(start)s 至 %(end)s 之间有 %(n)d 个工作日（起始日不计入，截止日计入）")
                % {"start": data["start"].isoformat(), "end": data["end"].isoformat(), "n": count},
                "value": str(count),
                "rules": _rules("CAL-1", "CAL-2"),
            }
        if op == "deadline":
            deadline = deadline_explain(
                start=data["start"], amount=data["amount"], unit=data["unit"], suspensions=form.suspensions
            )
            return {
                "headline": _("届满时间：%(due)s") % {"due": deadline.due_text},
                "value": deadline.due.isoformat(),
                "lines": deadline.lines(),
                "rules": _rules(*deadline.rules),
            }
        result = add_working_days(date=data["date"], n=data["n"])
        return {
            "headline": _("%(date)s 后第 %(n)d 个工作日是 %(result)s")
            % {"date": data["date"].isoformat(), "n": data["n"], "result": result.isoformat()}
            if data["n"] >= 0
            else _("%(date)s 前第 %(n)d 个工作日是 %(result)s")
            % {"date": data["date"].isoformat(), "n": -data["n"], "result": result.isoformat()},
            "value": result.isoformat(),
            "rules": _rules("CAL-1", "CAL-2"),
        }


def _rules(*ids: str) -> list[dict]:
    return [get_rule(rule_id).as_dict() for rule_id in ids]


def next_year_panel(request) -> dict | None:
    """Workbench panel: tell administrators when next year's schedule is not loaded yet (CAL-1)."""
    user = request.user
    if not has_permission(user, "workdays.manage"):
        return None
    year, loaded = next_year_loaded()
    if loaded:
        return None
    return {
        "template": "workdays/panel_next_year.html",
        "year": year,
        "calendar_url": _calendar_url(year),
        "import_url": f"{reverse('workdays:import')}?year={year}",
    }
