"""Staff pages of the cases app under /cases/: my tasks, the case list, registration (收件登记), a
case's page with its flowchart position, history and clocks, doing and claiming a step, and the
printable 一次性告知书 (CASE-105) and 受理通知书 (CASE-107)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from sunshine.cases import clocks, penalty, penalty_steps, pinned, selectors, services
from sunshine.cases.choices import CaseStatus, TaskStatus
from sunshine.cases.forms import CaseFilterForm, CaseRegisterForm, TaskCompleteForm
from sunshine.cases.outcome import rules as outcome_rules
from sunshine.cases.outcome import steps as outcome_steps
from sunshine.cases.paging import CappedPaginator
from sunshine.catalog import selectors as catalog_selectors
from sunshine.core import clock
from sunshine.core.errors import Conflict, NotFound, NotPermitted
from sunshine.core.pages import FormPage, StaffView
from sunshine.core.permissions import has_permission, require_permission
from sunshine.core.rules import get_rule
from sunshine.flows.engine import executor
from sunshine.workdays.errors import CalendarYearMissing
from sunshine.workdays.services import count_working_days, is_provisional

PAGE_SIZE = 50
SOON_WORKDAYS = 2  # "my tasks": orange when due within this many working days

STATUS_TAGS = {
    CaseStatus.RECEIVED: "tag-grey",
    CaseStatus.CORRECTING: "tag-orange",
    CaseStatus.ACCEPTED: "tag-blue",
    CaseStatus.REFUSED: "tag-red",
    CaseStatus.CLOSED: "tag-green",
}


def case_url(case_or_pk, anchor: str = "") -> str:
    pk = getattr(case_or_pk, "pk", case_or_pk)
    return reverse("cases:case_detail", args=[pk]) + anchor


def status_badge(status: str) -> dict:
    return {"status": status, "label": CaseStatus(status).label, "tag": STATUS_TAGS[status]}


def due_badge(
    due_at: dt.datetime | None, *, done_at: dt.datetime | None = None, step: bool = False
) -> dict | None:
    """A deadline as the pages colour it: red overdue, orange within two working days, green
    otherwise (working days as the calendar counts them, CAL-1); for a finished step or case,
    whether it was done in time."""
    if due_at is None:
        return None
    if done_at is not None:
        if done_at > due_at:
            return {"tag": "tag-red", "label": _("超时办理") if step else _("超期办结"), "late": True}
        return {"tag": "tag-green", "label": _("按时办理") if step else _("按期办结"), "late": False}
    today, due_day = clock.today(), clock.local(due_at).date()
    try:
        badge = _open_due_badge(due_at, today, due_day)
        if is_provisional(due_day):  # CAL-6: counted Monday to Friday until the year is loaded
            badge["label"] = _("%(label)s（暂定）") % {"label": badge["label"]}
        return badge
    except CalendarYearMissing as missing:
        # A list must still show: the due date stands, only the working-day count waits for the
        # year's schedule (CAL-1: never guessed as "weekends only").
        label = _("%(year)d年工作日历未载入") % {"year": missing.year}
        late = clock.now() > due_at
        return {"tag": "tag-red" if late else "tag-grey", "label": label, "late": late}


def _open_due_badge(due_at: dt.datetime, today: dt.date, due_day: dt.date) -> dict:
    if clock.now() > due_at:
        days = count_working_days(start=due_day, end=today)
        label = (
            ngettext("已逾期 %(n)d 个工作日", "已逾期 %(n)d 个工作日", days) % {"n": days}
            if days > 0
            else _("已逾期")
        )
        return {"tag": "tag-red", "label": label, "late": True}
    left = count_working_days(start=today, end=due_day)
    if left <= 0:
        label = _("今日到期")
    else:
        label = ngettext("剩余 %(n)d 个工作日", "剩余 %(n)d 个工作日", left) % {"n": left}
    return {"tag": "tag-orange" if left <= SOON_WORKDAYS else "tag-green", "label": label, "late": False}


def safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


# --- My tasks and the case list -----------------------------------------------------------------------


class RowUrls:
    """The URLs of a list's rows, reversed once per page: reversing three URLs for each of 50 rows
    cost more than the page's queries (issue #6)."""

    MARKER = 987654321

    def __init__(self, name: str) -> None:
        self.head, self.tail = reverse(name, args=[self.MARKER]).split(str(self.MARKER))

    def __call__(self, pk: int) -> str:
        return f"{self.head}{pk}{self.tail}"


def day(instant: dt.datetime | None) -> str:
    """A list's date (the local day), as the templates' ``date:"Y-m-d"`` wrote it."""
    return clock.local(instant).date().isoformat() if instant is not None else ""


def task_row(task) -> dict:
    """An open step on the case page."""
    return {
        "task": task,
        "case": task.case,
        "due": due_badge(task.due_at),
        "claimable": task.assignee_id is None,
        "url": case_url(task.case_id),
    }


# What the list pages show of a row: read as plain values, not models (cases.paging.OrderedUnion).
TASK_FIELDS = (
    "case_id",
    "name",
    "lane",
    "due_at",
    "assignee_id",
    "case__number",
    "case__subject",
    "case__applicant_name",
    "case__power_version__name",
)
CASE_FIELDS = (
    "number",
    "subject",
    "applicant_name",
    "power_version__name",
    "department__name",
    "status",
    "received_at",
    "due_at",
    "closed_at",
    "record_pending",
)


def task_rows(tasks) -> list[dict]:
    """The rows of "my tasks" (dicts of TASK_FIELDS): every value the template prints, computed here
    (the template does no URL, date or translation work per row: 50 rows of template tags cost
    more than the page's queries, issue #6)."""
    detail, complete, claim = (
        RowUrls("cases:case_detail"),
        RowUrls("cases:task_complete"),
        RowUrls("cases:task_claim"),
    )
    return [
        {
            "id": task["id"],
            "case_id": task["case_id"],
            "number": task["case__number"],
            "subject": task["case__subject"],
            "applicant": task["case__applicant_name"],
            "power": task["case__power_version__name"],
            "step": task["name"],
            "lane": task["lane"],
            "due": due_badge(task["due_at"]),
            "due_day": day(task["due_at"]),
            "claimable": task["assignee_id"] is None,
            "url": detail(task["case_id"]),
            "complete_url": complete(task["id"]),
            "claim_url": claim(task["id"]),
        }
        for task in tasks
    ]


def case_rows(cases) -> list[dict]:
    """The rows of the case list (dicts of CASE_FIELDS), as plain values (see task_rows)."""
    detail = RowUrls("cases:case_detail")
    return [
        {
            "id": c["id"],
            "number": c["number"],
            "subject": c["subject"],
            "applicant": c["applicant_name"],
            "power": c["power_version__name"],
            "department": c["department__name"],
            "status": status_badge(c["status"]),
            "record_pending": c.get("record_pending", False),  # 待备案 (CASE-156)
            "due": None
            if c["status"] == CaseStatus.REFUSED
            else due_badge(c["due_at"], done_at=c["closed_at"]),
            "due_day": day(c["due_at"]),
            "received_day": day(c["received_at"]),
            "url": detail(c["id"]),
        }
        for c in cases
    ]


class MyTasksView(StaffView):
    """The open steps that are mine (assigned to me, or unassigned steps of a post I hold), the
    soonest due first, coloured by how near the deadline is; unassigned ones can be claimed."""

    def get(self, request):
        tasks = selectors.my_tasks(actor=self.actor).values(*TASK_FIELDS)
        page = CappedPaginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
        context = {
            "page": page,
            "rows": task_rows(page.object_list),
            "can_register": has_permission(self.actor, "cases.register"),
        }
        return render(request, "cases/my_tasks.html", context)


class CaseListView(StaffView):
    """The cases in scope, newest first, by state and keyword; htmx refreshes the results only."""

    def get(self, request):
        actor = self.actor
        form = CaseFilterForm(request.GET or None)
        cases = selectors.case_list(actor=actor, **form.filters()).values(*CASE_FIELDS)
        page = CappedPaginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "form": form,
            "page": page,
            "rows": case_rows(page.object_list),
            "query": query.urlencode(),
            "can_register": has_permission(actor, "cases.register"),
        }
        template = "cases/case_list.html#rows" if request.htmx else "cases/case_list.html"
        return render(request, template, context)


# --- Registration -----------------------------------------------------------------------------------


class CaseRegisterView(FormPage):
    """收件登记 (首问负责): the officer who receives the application registers it; the power's
    version in force is pinned and its flowchart starts. The materials follow the chosen power."""

    template_name = "cases/case_register.html"
    form_class = CaseRegisterForm
    title = gettext_lazy("收件登记")
    submit_label = gettext_lazy("登记")
    intro = gettext_lazy(
        "登记人为首问责任人。登记后办件进入受理审查：材料不齐的，须在5个工作日内一次性告知需要补正的全部内容。"
    )

    def check(self, obj) -> None:
        require_permission(self.actor, "cases.register")

    def form_kwargs(self, obj) -> dict:
        return {"versions": list(selectors.registrable_versions(actor=self.actor))}

    def initial(self, obj) -> dict:
        # ?version=… (the power changed, or the page was opened from a power) keeps what was typed.
        query = self.request.GET
        initial = {name: query.get(name) for name in self.form_class.base_fields if name in query}
        if "received" in query:
            initial["received"] = query.getlist("received")
        return initial

    def get(self, request, **kwargs):
        if request.htmx and "version" in request.GET:  # the power changed: its materials only
            self.check(None)
            form = self.form_class(initial=self.initial(None), **self.form_kwargs(None))
            return render(request, "cases/case_register.html#received", {"form": form})
        return super().get(request, **kwargs)

    def perform(self, form, obj):
        data = dict(form.cleaned_data)
        return services.case_register(actor=self.actor, **data)

    def done(self, result, obj) -> str:
        return case_url(result)

    def cancel_url(self, obj) -> str:
        return reverse("cases:case_list")

    def success_message(self, result, obj) -> str:
        return _("已登记办件 %(number)s") % {"number": result.number}


# --- A case -------------------------------------------------------------------------------------------


def notice_option(options) -> str:
    """The label of the way out that gives the one-time notice (its data: acceptance = correct)."""
    return next((o.label for o in options if o.data.get("acceptance") == services.CORRECT), "")


def gateway_question(xml: str, element_id: str) -> str:
    """The name of the exclusive gateway right after a step (受理审查结果, 重大事项？), the question its
    choices answer; empty when the step leads straight on or the gateway has no name."""
    diagram = executor.prepared(xml).diagram
    outgoing = diagram.outgoing(element_id)
    if len(outgoing) != 1:
        return ""
    gateway = diagram.step(outgoing[0].target)
    return (gateway.name or "") if gateway is not None and gateway.kind == "exclusiveGateway" else ""


def task_initial(case) -> dict:
    """Every material not yet received is ticked for the notice to begin with."""
    return {"missing": [m.pk for m in case.materials.all() if m.received_at is None]}


def task_form_kwargs(task, case) -> dict:
    """The form of ``task``: its choices, and the notice's materials at the acceptance step. A prefix
    per step keeps the fields of two open steps on one page apart."""
    xml = pinned.xml(case)
    options = executor.options_after(xml, task.element_id)
    return {
        "prefix": f"task{task.pk}",
        "options": options,
        "question": gateway_question(xml, task.element_id) if options else "",
        "notice_label": notice_option(options),
        "materials": list(case.materials.all()),
        # The deciding step records the decision (cases.outcome, docs/decisions/0007).
        "decision_version": case.power_version
        if outcome_rules.is_decision_step(xml, task.element_id)
        else None,
        "investigator_choices": investigator_choices(task, case),
    }


def investigator_choices(task, case) -> list[tuple] | None:
    """The enforcement officers offered at a penalty case's 调查取证 step (CASE-147); None elsewhere."""
    if not penalty.is_penalty(case) or not penalty_steps.is_step(task, penalty_steps.INVESTIGATION_STEP):
        return None
    return [
        (person.pk, f"{person.name}（{person.title}）" if person.title else person.name)
        for person, _post in penalty_steps.enforcement_holders(case, task.lane)
    ]


def task_form(task, case) -> TaskCompleteForm:
    return TaskCompleteForm(initial=task_initial(case), **task_form_kwargs(task, case))


def may_do(actor, task) -> bool:
    return (
        task.status == TaskStatus.OPEN
        and has_permission(actor, "cases.handle", task)
        and services.may_handle(actor, task)
    )


def history_row(task) -> dict:
    done = task.status == TaskStatus.DONE
    return {
        "task": task,
        "status": task.get_status_display(),
        "status_tag": {TaskStatus.OPEN: "tag-blue", TaskStatus.DONE: "tag-green"}.get(
            task.status, "tag-grey"
        ),
        "due": None
        if task.status == TaskStatus.CANCELLED
        else due_badge(task.due_at, done_at=task.completed_at if done else None, step=True),
    }


def case_clock(case, suspensions) -> dict | None:
    """The case's own clock (限时办结): from acceptance to the promised limit (CASE-106), standing
    still while suspended (CASE-114)."""
    if case.status == CaseStatus.REFUSED:
        return None
    stopped = next((s for s in suspensions if s.ended_at is None), None)
    if stopped is not None and case.closed_at is None:
        return {
            "tag": "tag-grey",
            "label": _("计时中止：%(kind)s") % {"kind": stopped.get_kind_display()},
            "late": False,
        }
    return due_badge(case.due_at, done_at=case.closed_at)


class CaseDetailView(StaffView):
    """A case: who applied for what, its materials and one-time notice, where it stands on the
    pinned flowchart (open steps blue, done steps green, risk colours of the version), every step
    with its clock, and a form for each open step the viewer may do."""

    def get(self, request, pk: int):
        actor = self.actor
        case = selectors.case_get(actor=actor, pk=pk)
        version = case.power_version
        tasks = list(case.tasks.all())
        open_tasks = [t for t in tasks if t.status == TaskStatus.OPEN]
        current = sorted({t.element_id for t in open_tasks})
        done = sorted({t.element_id for t in tasks if t.status == TaskStatus.DONE} - set(current))
        notice = getattr(case, "notice", None)
        is_penalty = penalty.is_penalty(case)
        suspensions = list(case.suspensions.all())
        deadline = clocks.case_clock(case) if case.accepted_at and case.status != CaseStatus.REFUSED else None
        open_rows = []
        for task in open_tasks:
            handle = may_do(actor, task)
            open_rows.append(
                {
                    **task_row(task),
                    "can_handle": handle,
                    "can_claim": handle and task.assignee_id is None,
                    "form": task_form(task, case) if handle else None,
                }
            )
        context = {
            "case": case,
            "version": version,
            "flowchart": getattr(version, "flowchart", None),
            "status": status_badge(case.status),
            "clock": case_clock(case, suspensions),
            "deadline_lines": deadline.lines() if deadline is not None else [],
            "suspensions": suspensions,
            "extensions": list(case.extensions.all()),
            "deemed_rule": get_rule("CASE-105").as_dict() if case.deemed_accepted else None,
            "materials": list(case.materials.all()),
            "notice": notice,
            "risks": catalog_selectors.risk_map(version),
            "current_steps": current,
            "done_steps": done,
            "open_rows": open_rows,
            "history": [history_row(t) for t in tasks],
            # A penalty case starts with its filing (立案, CASE-146), not with the acceptance of an
            # application: no 受理通知书, and the page names the party and the filing.
            "penalty_case": is_penalty,
            "has_acceptance": case.accepted_at is not None and not is_penalty,
            "running": case.status == CaseStatus.ACCEPTED,
            "suspended": any(s.ended_at is None for s in suspensions),
            "can_handle": has_permission(actor, "cases.handle", case),
            # a penalty case is extended by its own rule (cases.penalty, CASE-157), in its panel
            "can_extend": version.category != "penalty"
            and has_permission(actor, "cases.approve_extension", case),
            "catalog_url": reverse("catalog:version_detail", args=[version.pk])
            if has_permission(actor, "catalog.view", version)
            else "",
        }
        return render(request, "cases/case_detail.html", context)


# --- Doing and claiming a step -------------------------------------------------------------------------


class TaskCompleteView(FormPage):
    """Do a step (办理): the opinion and the way out; at the acceptance step, the one-time notice
    with every missing material (CASE-105). Done meanwhile by someone else: the form says so (409)."""

    template_name = "cases/task_complete.html"
    form_class = TaskCompleteForm
    submit_label = gettext_lazy("提交办理")

    def load(self, pk):
        task = selectors.task_get(actor=self.actor, pk=pk)
        self.case = selectors.case_get(actor=self.actor, pk=task.case_id)
        return task

    def check(self, task) -> None:
        require_permission(self.actor, "cases.handle", task)
        # A step done meanwhile goes on to the service, which says by whom (Conflict on the form).
        if task.status == TaskStatus.OPEN and not services.may_handle(self.actor, task):
            raise NotPermitted(
                "not_your_post",
                _("该环节由“%(lane)s”岗位办理，您不在该岗位") % {"lane": task.lane or task.name},
            )

    def get_title(self, task) -> str:
        return _("办理：%(step)s") % {"step": task.name}

    def initial(self, task) -> dict:
        return task_initial(self.case)

    def form_kwargs(self, task) -> dict:
        kwargs = task_form_kwargs(task, self.case)
        if self.request.method == "POST":
            kwargs["files"] = self.request.FILES  # the step's documents (cases.outcome.documents)
        return kwargs

    def perform(self, form, task):
        return outcome_steps.complete(
            actor=self.actor, task=task, data=form.cleaned_data, decision_step=form.decision_step
        )

    def done(self, result, task) -> str:
        return case_url(task.case_id)

    def cancel_url(self, task) -> str:
        return case_url(task.case_id)

    def success_message(self, result, task) -> str:
        if result.choice:
            return _("已办理“%(step)s”：%(choice)s") % {"step": result.name, "choice": result.choice}
        return _("已办理“%(step)s”") % {"step": result.name}

    def context(self, task) -> dict:
        return {
            "case": self.case,
            "task": task,
            "is_done": task.status != TaskStatus.OPEN,
            "due": due_badge(task.due_at) if task.status == TaskStatus.OPEN else None,
            "status": status_badge(self.case.status),
        }


class TaskClaimView(StaffView):
    """POST only: take an unassigned step of one's post (认领); back where the button was."""

    http_method_names = ["post"]

    def post(self, request, pk: int):
        task = selectors.task_get(actor=self.actor, pk=pk)
        try:
            services.task_claim(actor=self.actor, task=task)
        except Conflict as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("已认领“%(step)s”") % {"step": task.name})
        return redirect(safe_next(request, case_url(task.case_id)))


# --- Printable documents -------------------------------------------------------------------------------


class NoticePrintView(StaffView):
    """The 一次性告知书 (CASE-105): every missing material in one notice, to print and seal."""

    def get(self, request, pk: int):
        case = selectors.case_get(actor=self.actor, pk=pk)
        notice = getattr(case, "notice", None)
        if notice is None:
            raise NotFound("no_notice", _("该办件没有一次性告知书"))
        context = {"case": case, "version": case.power_version, "notice": notice, "back": case_url(case)}
        return render(request, "cases/notice_print.html", context)


class AcceptancePrintView(StaffView):
    """The 受理通知书 (CASE-107): the case number and check code (查询码) the applicant follows the
    case with, the acceptance date (CASE-106) and the promised time limit."""

    def get(self, request, pk: int):
        case = selectors.case_get(actor=self.actor, pk=pk)
        if case.accepted_at is None or case.status == CaseStatus.REFUSED:
            raise NotFound("not_accepted", _("该办件尚未受理，没有受理通知书"))
        if penalty.is_penalty(case):  # filed, not accepted: the party is told by the 行政处罚告知书
            raise NotFound("penalty_no_acceptance", _("行政处罚案件经立案办理，没有受理通知书"))
        version = case.power_version
        context = {
            "case": case,
            "version": version,
            "deemed_rule": get_rule("CASE-105").as_dict() if case.deemed_accepted else None,
            "back": case_url(case),
        }
        return render(request, "cases/acceptance_print.html", context)
