"""The public portal under /public/ (issue #8 §1, §2, §3, §8): no log-in, published data only.

Views are thin: they read through disclosure.selectors, never through the staff selectors that take
an actor, and render the public layout (templates/public/base.html). The pages that are the same for
everyone are wrapped in the page cache (disclosure.cache) in urls.py; the case lookup is not (it
answers one person, and its form carries a CSRF token).
"""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from sunshine.cases.choices import CaseStatus, TaskStatus
from sunshine.cases.outcome.rules import results_public
from sunshine.cases.views import RowUrls, case_clock, due_badge, status_badge
from sunshine.catalog.choices import Category, PeriodUnit
from sunshine.catalog.selectors import risk_map
from sunshine.catalog.views.common import level_badge
from sunshine.catalog.views.items import step_rows
from sunshine.core import clock
from sunshine.core.errors import DomainError, NotFound, RuleViolated
from sunshine.decisions.choices import DECIDED_STATUSES
from sunshine.decisions.errors import COMMENT_CLOSED, COMMENT_NOT_OPEN
from sunshine.decisions.services import comment_window, public_comment_submit, settings_for
from sunshine.disclosure import captcha, selectors
from sunshine.disclosure.forms import CaseLookupForm, CatalogSearchForm, CommentForm
from sunshine.disclosure.ratelimit import Limit, client_key

PAGE_SIZE = 20
LOOKUP_LIMIT = Limit(
    "case_lookup",
    attempts=getattr(settings, "PORTAL_LOOKUP_ATTEMPTS", 10),
    window=getattr(settings, "PORTAL_LOOKUP_WINDOW", 15 * 60),
)


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def not_public(request, message: str = ""):
    return render(
        request, "disclosure/not_found.html", {"message": message or _("页面不存在或未公开。")}, status=404
    )


def catalog_rows(versions) -> list[dict]:
    """The list's rows as plain values: the template then does one lookup per value instead of
    walking model attributes and display methods (the uncached search's render time, issue #8 §10)."""
    url = RowUrls("disclosure:power")
    categories = dict(Category.choices)
    units = dict(PeriodUnit.choices)
    rows = []
    for v in versions:
        limit = (
            _("承诺时限 %(n)d %(unit)s") % {"n": v.promised_limit, "unit": units.get(v.promised_unit, "")}
            if v.promised_limit
            else ""
        )
        rows.append(
            {
                "name": v.name,
                "url": url(v.item_id),
                "code": v.item.code,
                "category": categories.get(v.category, ""),
                "where": f"{v.item.body.name} · {v.department.name}",
                "limit": limit,
                "level": level_badge(v.risk_level),
            }
        )
    return rows


class CatalogView(View):
    """The public power catalogue (权力清单): search by keyword, body and category."""

    def get(self, request):
        form = CatalogSearchForm(request.GET or None)
        versions = selectors.public_search(**form.filters())
        page = Paginator(versions, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = catalog_rows(page.object_list)
        context = {"form": form, "page": page, "rows": rows, "query": _query_without_page(request)}
        return render(request, "disclosure/catalog.html", context)


class PowerView(View):
    """One power as published: legal basis, conditions, materials, limits, fees, the flowchart with
    its risk points and prevention measures, the rights and the complaint channel."""

    def get(self, request, item: int):
        try:
            version = selectors.public_power_get(item_pk=item)
        except NotFound as error:
            return not_public(request, error.message)
        flowchart = getattr(version, "flowchart", None)
        risks = risk_map(version)
        context = {
            "version": version,
            "item": version.item,
            "flowchart": flowchart,
            "risks": risks,
            "steps": step_rows(flowchart, risks),
            "risk_rows": [
                {"point": p, "level": level_badge(p.level), "measures": list(p.measures.all())}
                for p in version.risk_points.all()
            ],
            "benchmarks": list(version.benchmarks.all()),
            "results_public": results_public(version),
        }
        return render(request, "disclosure/power.html", context)


def case_progress(case) -> dict:
    """What the applicant sees of their case: its state, dates, clock and steps; no person (handler,
    first-contact officer, approver), no opinion, no other case."""
    suspensions = list(case.suspensions.all())
    steps = []
    for task in case.tasks.exclude(status=TaskStatus.CANCELLED).order_by("opened_at", "id"):
        done = task.status == TaskStatus.DONE
        steps.append(
            {
                "name": task.name,
                "status": _("已办理")
                if done
                else (_("已退回") if task.status == TaskStatus.SENT_BACK else _("办理中")),
                "tag": "tag-green"
                if done
                else ("tag-grey" if task.status == TaskStatus.SENT_BACK else "tag-blue"),
                "opened_at": task.opened_at,
                "completed_at": task.completed_at,
                "due_at": task.due_at,
                "due": None
                if task.status == TaskStatus.SENT_BACK
                else due_badge(task.due_at, done_at=task.completed_at if done else None, step=True),
            }
        )
    return {
        "case": case,
        "version": case.power_version,
        "status": status_badge(case.status),
        "clock": case_clock(case, suspensions),
        "suspended": [s for s in suspensions if s.ended_at is None],
        "extension_days": sum(e.amount for e in case.extensions.all()),
        "steps": steps,
        "refused": case.status == CaseStatus.REFUSED,
        "power_public": selectors.public_item_exists(case.power_version.item),
    }


class CaseLookupView(View):
    """办件查询: the receipt number and the check code of the acceptance notice show the case's
    progress. A wrong number and a wrong code give the same answer; each client has a limited number
    of attempts per window (issue #8 §2, §7)."""

    template_name = "disclosure/case_lookup.html"

    def get(self, request):
        return render(request, self.template_name, {"form": CaseLookupForm()})

    def post(self, request):
        form = CaseLookupForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=422)
        client = client_key(request)
        if not LOOKUP_LIMIT.hit(client):
            minutes = max(1, -(-LOOKUP_LIMIT.retry_after(client) // 60))
            message = _("查询次数过多，请%(minutes)d分钟后再试。") % {"minutes": minutes}
            response = render(request, self.template_name, {"form": form, "error": message}, status=429)
            response["Retry-After"] = str(LOOKUP_LIMIT.retry_after(client) or LOOKUP_LIMIT.window)
            return response
        case = selectors.case_lookup(
            number=form.cleaned_data["number"], check_code=form.cleaned_data["check_code"]
        )
        if case is None:
            message = _("受理编号或查询码不正确，请核对受理通知书后重试。")
            return render(request, self.template_name, {"form": form, "error": message}, status=422)
        response = render(
            request, self.template_name, {"form": CaseLookupForm(), "progress": case_progress(case)}
        )
        response["Cache-Control"] = "no-store"
        return response


class ResultsView(View):
    """结果公示: the results of cases published for the public, newest first."""

    def get(self, request):
        results = selectors.published_results()
        page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
        return render(
            request, "disclosure/results.html", {"page": page, "query": _query_without_page(request)}
        )


class CheckpointsView(View):
    """审计校验点: the daily checkpoints of the audit chain and how to verify against them."""

    def get(self, request):
        checkpoints = selectors.checkpoint_list()
        page = Paginator(checkpoints, 60).get_page(request.GET.get("page"))
        return render(
            request, "disclosure/checkpoints.html", {"page": page, "query": _query_without_page(request)}
        )


def checkpoints_json(request):
    """The same checkpoints for programs that keep them: [{"day", "count", "hash"}], newest first."""
    rows = [
        {"day": c.day.isoformat(), "count": c.count, "hash": c.head_hash}
        for c in selectors.checkpoint_list()[:400]
    ]
    return JsonResponse({"checkpoints": rows}, json_dumps_params={"ensure_ascii": False})


# --- Decisions under public notice (决策公开征求意见, PUB-12, DEC-14) --------------------------------

COMMENT_LIMIT = Limit(
    "decision_comment",
    attempts=getattr(settings, "PORTAL_COMMENT_ATTEMPTS", 10),
    window=getattr(settings, "PORTAL_COMMENT_WINDOW", 60 * 60),
)


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


def consultation_state(period, today) -> dict:
    """Where the period stands for the public: open (comments taken), closed (answers shown)."""
    window = comment_window(period, today)
    topic = period.topic
    decided = topic.status in DECIDED_STATUSES
    return {
        "window": window,
        "open": window == "open",
        "closed": window == "closed",
        "tag": {"open": "tag-green", "closed": "tag-grey"}.get(window, "tag-blue"),
        "label": {"open": _("征求意见中"), "closed": _("已截止")}.get(window, _("未开始")),
        "decided": decided,
        "outcome": topic.get_status_display() if decided else "",
    }


class ConsultationListView(View):
    """决策公开征求意见: the decisions put out for comment, those still open first."""

    def get(self, request):
        today = clock.today()
        periods = selectors.public_consultations(today=today)
        open_rows = [
            {"period": p, "state": consultation_state(p, today)} for p in periods.filter(closes_on__gte=today)
        ]
        page = Paginator(periods.filter(closes_on__lt=today), PAGE_SIZE).get_page(request.GET.get("page"))
        closed_rows = [{"period": p, "state": consultation_state(p, today)} for p in page.object_list]
        context = {
            "open_rows": open_rows,
            "closed_rows": closed_rows,
            "page": page,
            "query": _query_without_page(request),
        }
        return render(request, "disclosure/consultations.html", context)


class ConsultationView(View):
    """One decision under public notice: the text put out for comment, the period (at least the body's
    minimum of working days, PUB-12), the way to comment while it is open; once closed, the comments
    with the body's answers and, when decided, the outcome. No commenter is named."""

    def get(self, request, pk: int):
        today = clock.today()
        try:
            period = selectors.public_consultation_get(pk=pk, today=today)
        except NotFound as error:
            return not_public(request, error.message)
        state = consultation_state(period, today)
        context = {
            "period": period,
            "topic": period.topic,
            "state": state,
            "minimum": settings_for(period.topic.body).public_comment_workdays,
            "entries": selectors.public_comment_entries(period) if state["closed"] else [],
            "count": selectors.public_comment_count(period),
        }
        return render(request, "disclosure/consultation.html", context)


class CommentView(View):
    """发表意见: the comment form of an open period (captcha, per-client limit); never cached (its
    captcha is for one visitor). A period not open answers with its dates instead of the form."""

    template_name = "disclosure/comment.html"

    def _period(self, pk):
        return selectors.public_consultation_get(pk=pk, today=clock.today())

    def _page(self, request, period, form=None, error="", status=200):
        state = consultation_state(period, clock.today())
        if form is None and state["open"]:
            form, _question = captcha.with_captcha(CommentForm)
        context = {"period": period, "topic": period.topic, "state": state, "form": form, "error": error}
        return _no_store(render(request, self.template_name, context, status=status))

    def get(self, request, pk: int):
        try:
            period = self._period(pk)
        except NotFound as error:
            return not_public(request, error.message)
        return self._page(request, period)

    def post(self, request, pk: int):
        try:
            period = self._period(pk)
        except NotFound as error:
            return not_public(request, error.message)
        client = client_key(request)
        if not COMMENT_LIMIT.hit(client):
            retry = COMMENT_LIMIT.retry_after(client) or COMMENT_LIMIT.window
            message = _("提交过于频繁，请%(minutes)d分钟后再试。") % {"minutes": max(1, -(-retry // 60))}
            response = self._page(request, period, error=message, status=429)
            response["Retry-After"] = str(retry)
            return response
        form = CommentForm(request.POST)
        failure = None
        if form.is_valid():
            data = form.cleaned_data
            try:
                captcha.captcha_check(token=data["captcha_token"], answer=data["captcha"])
                entry = public_comment_submit(
                    period=period,
                    text_=data["text"],
                    commenter=data["commenter"],
                    contact=data["contact"],
                )
            except DomainError as e:
                failure = e
            else:
                context = {"period": period, "topic": period.topic, "entry": entry}
                return _no_store(render(request, "disclosure/comment_received.html", context, status=201))
        if isinstance(failure, RuleViolated) and failure.code in (COMMENT_CLOSED, COMMENT_NOT_OPEN):
            # the period closed while the visitor wrote: say so instead of showing the form again
            return self._page(request, period, error=failure.message, status=failure.status)
        retry, _question = captcha.again(CommentForm, request, failure)
        if failure is None and "captcha" in form.errors:
            retry.add_error("captcha", form.errors["captcha"][0])
        return self._page(request, period, form=retry, status=422)
