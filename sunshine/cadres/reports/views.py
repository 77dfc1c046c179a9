"""Staff pages of the reports area under /cadres/reports/ (Chinese, server-rendered): a cadre files
his absence requests and personal major-matter reports; the approver whose turn it is approves; the
office files; the discipline office reads. The half-yearly summary (SUP-18) as a page and a PDF,
the democratic-life-meeting list (SUP-234). Thin views: the rules are the services'."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunshine.cadres.reports import forms, printing, services
from sunshine.cadres.reports.models import AbsenceStatus, StepStatus
from sunshine.core import clock
from sunshine.core.errors import Conflict, DomainError
from sunshine.core.pages import FormPage, StaffView, on_the_form
from sunshine.core.permissions import has_permission, scope_q
from sunshine.core.views import apply_domain_error
from sunshine.org.models import Unit

STATUS_TAGS = {
    AbsenceStatus.PENDING: "tag-orange",
    AbsenceStatus.APPROVED: "tag-green",
    AbsenceStatus.REFUSED: "tag-red",
    AbsenceStatus.WITHDRAWN: "tag-grey",
    AbsenceStatus.RETURNED: "tag-blue",
}


def absence_url(request) -> str:
    return reverse("cadres:reports_absence_detail", args=[request.pk])


def matter_url(report) -> str:
    return reverse("cadres:reports_matter_detail", args=[report.pk])


def readable_bodies(actor, perms):
    q = Q(pk__in=[])
    for perm in perms:
        if has_permission(actor, perm):
            q |= scope_q(actor, perm, "")
    return Unit.objects.filter(q, kind="body").order_by("path")


class ReportFormPage(FormPage):
    """FormPage whose refusals stay on their field, with the rule (依据) shown on the form."""

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
                apply_domain_error(form, error)
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


class HomeView(StaffView):
    """外出报备与个人事项: the actor's own, what awaits him, what his bodies show him."""

    def get(self, request):
        actor = self.actor
        todo = services.absence_todo(actor=actor)
        visible = services.absence_list(actor=actor)[:300]
        matters = services.matter_list(actor=actor)[:300]
        today = clock.today()
        return render(
            request,
            "cadres/reports/home.html",
            {
                "todo": todo,
                "absences": [
                    {"r": r, "tag": STATUS_TAGS[r.status], "missing": r.written_missing(today)}
                    for r in visible
                ],
                "matters": [{"m": m, "missing": m.written_missing(today)} for m in matters],
                "may_summarise": readable_bodies(
                    actor, (services.SUPERVISE, services.ORGANISE, services.APPROVE)
                ).exists(),
                "may_meeting": readable_bodies(actor, (services.SUPERVISE,)).exists(),
            },
        )


class AbsenceNewView(ReportFormPage):
    form_class = forms.AbsenceForm
    title = gettext_lazy("外出请示报备单")
    submit_label = gettext_lazy("提交请示")
    intro = gettext_lazy(
        "审批人按职务和外出天数自动确定（SUP-16、SUP-17、SUP-221至SUP-225）：班子成员3天以内由主要负责人批准，"
        "4至7天批准后报上级组织部门备案，8天以上经主要负责人同意后报上级分管领导批准；出国（境）须先经同意（SUP-14）。"
    )

    def load(self, **kwargs):
        return services.cadre_of(self.actor)

    def check(self, obj) -> None:
        pass

    def initial(self, obj) -> dict:
        return {"kind": "business"}

    def form_kwargs(self, obj) -> dict:
        return {"body": obj[1], "actor": self.actor}

    def perform(self, form, obj):
        return services.absence_file(actor=self.actor, **form.cleaned_data)

    def done(self, result, obj) -> str:
        return absence_url(result)

    def success_message(self, result, obj) -> str:
        return _("外出请示已提交，待“%(step)s”") % {"step": services.current_step(result).label}

    def cancel_url(self, obj) -> str:
        return reverse("cadres:reports_home")


class AbsenceDetailView(StaffView):
    def get(self, request, pk: int):
        r = services.absence_get(actor=self.actor, pk=pk)
        step = services.current_step(r) if r.status == AbsenceStatus.PENDING else None
        today = clock.today()
        return render(
            request,
            "cadres/reports/absence_detail.html",
            {
                "r": r,
                "tag": STATUS_TAGS[r.status],
                "steps": r.steps.select_related("assignee", "acted_by", "office_body").order_by("order"),
                "step": step,
                "may_decide": step is not None and services.may_act(self.actor, step),
                "is_mine": r.person_id == self.actor.pk,
                "may_withdraw": r.person_id == self.actor.pk
                and r.status == AbsenceStatus.PENDING
                and not r.steps.exclude(status=StepStatus.WAITING).exists(),
                "written_missing": r.written_missing(today),
                "changes": r.changes.all(),
            },
        )


ABSENCE_ACTIONS = {
    "approve": (forms.DecideForm, gettext_lazy("同意"), gettext_lazy("同意")),
    "refuse": (forms.DecideForm, gettext_lazy("不同意"), gettext_lazy("不同意")),
    "withdraw": (forms.VersionForm, gettext_lazy("撤回外出请示"), gettext_lazy("撤回")),
    "written": (forms.VersionForm, gettext_lazy("补办书面手续（SUP-229）"), gettext_lazy("确认补办")),
    "return": (forms.ReturnForm, gettext_lazy("销假（SUP-224）"), gettext_lazy("销假")),
    "change": (forms.ChangeForm, gettext_lazy("行程变更补充请示报备（SUP-229）"), gettext_lazy("提交")),
}


class AbsenceActionView(ReportFormPage):
    def dispatch(self, request, *args, **kwargs):
        from django.http import Http404

        if kwargs.get("action") not in ABSENCE_ACTIONS:
            raise Http404
        self.form_class, self.title, self.submit_label = ABSENCE_ACTIONS[kwargs["action"]]
        self.action = kwargs["action"]
        return super().dispatch(request, *args, **kwargs)

    def load(self, pk: int, action: str):
        return services.absence_get(actor=self.actor, pk=pk)

    def check(self, obj) -> None:
        pass

    def get_title(self, obj) -> str:
        return f"{self.title}：{obj}"

    def initial(self, obj) -> dict:
        initial = {"version": obj.version}
        if self.action == "return":
            initial["returned_on"] = min(clock.today(), obj.end_date)
        if self.action == "change":
            initial.update(
                destination=obj.destination, end_date=obj.end_date, contact_phone=obj.contact_phone
            )
        return initial

    def perform(self, form, obj):
        d = form.cleaned_data
        if self.action in ("approve", "refuse"):
            return services.absence_decide(
                actor=self.actor,
                request=obj,
                approve=self.action == "approve",
                opinion=d["opinion"],
                version=d["version"],
            )
        if self.action == "withdraw":
            return services.absence_withdraw(actor=self.actor, request=obj, version=d["version"])
        if self.action == "written":
            return services.absence_complete_in_writing(actor=self.actor, request=obj, version=d["version"])
        if self.action == "change":
            return services.absence_change(actor=self.actor, request=obj, **d).request
        return services.absence_return(
            actor=self.actor, request=obj, returned_on=d["returned_on"], version=d["version"]
        )

    def done(self, result, obj) -> str:
        return absence_url(result)

    def cancel_url(self, obj) -> str:
        return absence_url(obj)


def _half_year_query(request, actor, perms):
    bodies = readable_bodies(actor, perms)
    today = clock.today()
    data = request.GET if "body" in request.GET else None
    form = forms.HalfYearForm(
        data,
        bodies=bodies,
        initial={"body": bodies.first(), "year": today.year, "half": 1 if today.month <= 6 else 2},
    )
    if data is None:
        body, year, half = bodies.first(), today.year, (1 if today.month <= 6 else 2)
    elif form.is_valid():
        body, year, half = form.cleaned_data["body"], form.cleaned_data["year"], form.cleaned_data["half"]
    else:
        body = year = half = None
    return form, body, year, half


class SummaryView(StaffView):
    """外出请示报备半年汇总 (SUP-18): ``?body=&year=&half=``; ``?format=pdf`` prints it."""

    def get(self, request):
        perms = (services.SUPERVISE, services.ORGANISE, services.APPROVE)
        form, body, year, half = _half_year_query(request, self.actor, perms)
        rows = []
        if body is not None:
            rows = services.half_year_summary(actor=self.actor, body=body, year=year, half=half)
            if request.GET.get("format") == "pdf":
                response = HttpResponse(
                    printing.summary_pdf(body, year, half, rows), content_type="application/pdf"
                )
                response["Content-Disposition"] = f'inline; filename="absence-{year}-h{half}.pdf"'
                return response
        elif not readable_bodies(self.actor, perms).exists():
            services.require_body_reader(self.actor, None, perms)
        return render(
            request,
            "cadres/reports/summary.html",
            {"form": form, "body": body, "year": year, "half": half, "rows": rows},
        )


class MatterNewView(ReportFormPage):
    form_class = forms.MatterForm
    title = gettext_lazy("个人重大事项报告")
    submit_label = gettext_lazy("提交报告")
    intro = gettext_lazy(
        "事前书面报告，写明时间、地点、经费来源和操办方式；来不及事前报告的，先口头报告，事后在规定期限内书面补报（SUP-233）。"
        "报告内容保密，仅本人、审阅领导和纪检监察机构可以查阅（SUP-235）。"
    )

    def load(self, **kwargs):
        return services.cadre_of(self.actor)

    def check(self, obj) -> None:
        pass

    def initial(self, obj) -> dict:
        return {}

    def perform(self, form, obj):
        return services.matter_report(actor=self.actor, **form.cleaned_data)

    def done(self, result, obj) -> str:
        return matter_url(result)

    def success_message(self, result, obj) -> str:
        return _("个人重大事项报告已提交")

    def cancel_url(self, obj) -> str:
        return reverse("cadres:reports_home")


class MatterDetailView(StaffView):
    def get(self, request, pk: int):
        m = services.matter_get(actor=self.actor, pk=pk)
        return render(
            request,
            "cadres/reports/matter_detail.html",
            {
                "m": m,
                "is_mine": m.person_id == self.actor.pk,
                "is_leader": m.leader_id == self.actor.pk,
                "written_missing": m.written_missing(clock.today()),
            },
        )


MATTER_ACTIONS = {
    "acknowledge": (forms.DecideForm, gettext_lazy("阅示个人重大事项报告"), gettext_lazy("已阅")),
    "written": (forms.MatterWrittenForm, gettext_lazy("书面补报（SUP-233）"), gettext_lazy("提交书面报告")),
}


class MatterActionView(ReportFormPage):
    def dispatch(self, request, *args, **kwargs):
        from django.http import Http404

        if kwargs.get("action") not in MATTER_ACTIONS:
            raise Http404
        self.form_class, self.title, self.submit_label = MATTER_ACTIONS[kwargs["action"]]
        self.action = kwargs["action"]
        return super().dispatch(request, *args, **kwargs)

    def load(self, pk: int, action: str):
        return services.matter_get(actor=self.actor, pk=pk)

    def check(self, obj) -> None:
        pass

    def initial(self, obj) -> dict:
        return {
            "version": obj.version,
            "place": obj.place,
            "funds_source": obj.funds_source,
            "handling": obj.handling,
        }

    def perform(self, form, obj):
        d = form.cleaned_data
        if self.action == "acknowledge":
            return services.matter_acknowledge(
                actor=self.actor, report=obj, opinion=d["opinion"], version=d["version"]
            )
        return services.matter_complete_in_writing(
            actor=self.actor,
            report=obj,
            place=d["place"],
            funds_source=d["funds_source"],
            handling=d["handling"],
            description=d["description"],
            version=d["version"],
        )

    def done(self, result, obj) -> str:
        return matter_url(result)

    def cancel_url(self, obj) -> str:
        return matter_url(obj)


class MeetingListView(StaffView):
    """民主生活会通报清单 (SUP-234): the leading cadres' personal major matters of a half-year."""

    def get(self, request):
        form, body, year, half = _half_year_query(request, self.actor, (services.SUPERVISE,))
        reports = []
        if body is not None:
            reports = services.meeting_list(actor=self.actor, body=body, year=year, half=half)
        else:
            services.require_body_reader(self.actor, None, (services.SUPERVISE,), rule="SUP-235")
        today = clock.today()
        return render(
            request,
            "cadres/reports/meeting.html",
            {
                "form": form,
                "body": body,
                "year": year,
                "half": half,
                "rows": [{"m": m, "missing": m.written_missing(today)} for m in reports],
            },
        )
