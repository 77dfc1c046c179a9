"""Demo of the stored quarterly evaluation (季度效能考核, issue #6 §7, §10): the demo body with cases
(the work-safety bureau) gets a few permit cases handled in the last finished quarter, one of them
with a step done late, and the evaluation of that quarter made by its discipline inspector, so that
the report pages show the quarter's figures and a stored evaluation at once.

Everything goes through the services on the dates it happened (core.clock.as_of), as the demo's
cases do (cases.demo): registration by the window clerk, each step by whoever holds its post, the
decision, service; the anomaly alerts those steps raise are explained by the person responsible
and closed by the discipline office within the quarter. Loaded once: nothing is done when the
body has an evaluation of that quarter already."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.utils import timezone

from sunshine.cases import demo as cases_demo
from sunshine.cases import pinned
from sunshine.cases import services as case_services
from sunshine.cases.choices import TaskStatus
from sunshine.cases.models import Case
from sunshine.core import clock
from sunshine.core.errors import DomainError
from sunshine.core.models import User
from sunshine.core.permissions import has_permission
from sunshine.flows.engine import executor
from sunshine.org.models import Unit
from sunshine.oversight import services as alert_services
from sunshine.oversight.models import Alert, QuarterlyEvaluation
from sunshine.oversight.reports import evaluations, periods

# (power code, applicant, subject, day of the quarter it was received, days each step took)
PAST_CASES = [
    ("AJ-XK-005", "示范县福临门烟花店", "申请烟花爆竹经营（零售）许可证", 8, [1, 1, 1, 1, 1, 1]),
    # its on-site check took nine days, past its limit: the quarter's on-time rate is below 100%
    ("AJ-XK-005", "示范县万家乐超市", "申请烟花爆竹经营（零售）许可证", 29, [1, 2, 9, 1, 1, 1]),
    ("AJ-XK-001", "示范县石门采石场", "申请非煤矿山安全生产许可证初审", 43, [1, 2, 2, 1, 1, 1]),
]
EXPLANATION = "本人兼任该岗位，已按程序报分管领导同意；今后由承办人与审批人分别办理。"


def _body() -> Unit | None:
    """The demo body that has cases (the one with most, should there be several)."""
    row = Case.objects.values("body_id").annotate(n=Count("id")).order_by("-n", "body_id").first()
    return Unit.objects.filter(pk=row["body_id"]).first() if row else None


def _inspector(body) -> User | None:
    for user_id in alert_services._inspectors([body.pk]).get(body.pk, []):
        user = User.objects.filter(pk=user_id, is_active=True).first()
        if user is not None and has_permission(user, evaluations.PERM_MAKE, body):
            return user
    return None


def _handle(case, days: list[int]) -> int:
    """Do the case's steps, each ``days[i]`` days after the previous one (the first after receipt)."""
    xml = pinned.xml(case)
    at, done = case.received_at, 0
    for gap in days:
        task = case.tasks.filter(status=TaskStatus.OPEN).first()
        if task is None:
            break
        actor = cases_demo._actor(task)
        if actor is None or not case_services.may_handle(actor, task):
            break
        at += dt.timedelta(days=gap)
        labels = [o.label for o in executor.options_after(xml, task.element_id)]
        choice = next((c for c in ("受理", "否") if c in labels), labels[0] if labels else "")
        with clock.as_of(at):
            cases_demo._complete(actor, task, choice=choice)
        done += 1
    return done


def _close_alerts(cases, inspector) -> int:
    """The alerts the past cases raised: explained by the responsible person, closed by the
    discipline office two days after they were raised (OVS-2)."""
    closed = 0
    for alert in Alert.objects.filter(case__in=cases).order_by("raised_at", "id"):
        responsible = alert_services.responsible_ids(alert)
        person = User.objects.filter(pk__in=responsible[:1], is_active=True).first()
        if person is None or inspector is None:
            continue
        try:
            with clock.as_of(alert.raised_at + dt.timedelta(days=1)):
                alert = alert_services.alert_explain(actor=person, alert=alert, explanation=EXPLANATION)
            with clock.as_of(alert.raised_at + dt.timedelta(days=2)):
                alert_services.alert_close(actor=inspector, alert=alert, note="说明属实，已提醒整改。")
            closed += 1
        except DomainError:
            continue
    return closed


def load_evaluation() -> dict[str, int]:
    body = _body()
    if body is None:
        return {}
    now = clock.now()
    year, quarter = periods.previous_quarter(timezone.localdate(now))
    if QuarterlyEvaluation.objects.filter(body=body, year=year, quarter=quarter).exists():
        return {}
    first_day = periods.quarter(year, quarter).first_day
    inspector = _inspector(body)
    made, steps = [], 0
    for code, applicant, subject, day, days in PAST_CASES:
        version = cases_demo._current(code)
        clerk = cases_demo._who_may("cases.register", version) if version is not None else None
        if clerk is None:
            continue
        received = timezone.make_aware(dt.datetime.combine(first_day + dt.timedelta(days=day), dt.time(9)))
        try:
            with clock.as_of(received):
                case = case_services.case_register(
                    actor=clerk, version=version, subject=subject, applicant_kind="organisation",
                    applicant_name=applicant, applicant_contact="0738-7654321",
                    received=[m.name for m in version.materials.all()], received_at=received,
                )  # fmt: skip
            if case.body_id != body.pk:
                continue
            made.append(case)
            steps += _handle(case, days)
        except DomainError:
            continue  # e.g. the calendar of that year not loaded: fewer past cases rather than none
    closed = _close_alerts(made, inspector)
    try:
        evaluation = evaluations.evaluation_generate(
            actor=inspector,
            body=body,
            year=year,
            quarter=quarter,
            note="季度结束后由纪检监察室生成（演示数据）",
        )
    except DomainError:
        return {"past-quarter cases": len(made)}
    return {
        "past-quarter cases": len(made),
        "past-quarter steps": steps,
        "past-quarter alerts closed": closed,
        "quarterly evaluations": 1 if evaluation else 0,
    }
