"""A known data set for the efficiency report tests (issue #6 §7): two departments of one body,
steps, closed cases, alerts and supervision orders in 2025's third quarter (and a few just outside
it), with the exact figures the report must show (EXPECTED)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sunshine.cases.choices import TaskStatus
from sunshine.cases.models import Case, CaseTask
from sunshine.org.tests.factories import DepartmentFactory, PersonFactory, PostFactory, UserFactory
from sunshine.oversight.choices import AlertKind, AlertLevel, SubjectType
from sunshine.oversight.models import Alert, SupervisionOrder
from sunshine.oversight.tests.conftest import register

TZ = ZoneInfo("Asia/Shanghai")


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TZ)


def _step(task, *, opened, due, completed, by, post=None):
    CaseTask.objects.filter(pk=task.pk).update(
        opened_at=opened,
        due_at=due,
        completed_at=completed,
        completed_by=by,
        post=post,
        status=TaskStatus.DONE,
    )


def _extra_step(case, n, **kwargs):
    task = CaseTask.objects.create(
        case=case, spiff_id=f"extra-{n}", element_id=f"extra{n}", name=f"审核{n}", opened_at=kwargs["opened"]
    )
    _step(task, **kwargs)
    return task


def _alert(case, department, *, level, raised, responsible=None, post=None):
    kind = AlertKind.OVERDUE if level == AlertLevel.RED else AlertKind.DEADLINE_NEAR
    return Alert.objects.create(
        kind=kind,
        level=level,
        rule="CASE-10" if level == AlertLevel.RED else "OVS-1",
        subject_type=SubjectType.CASE,
        case=case,
        body=case.body,
        department=department,
        responsible=responsible,
        post=post,
        due_at=raised,
        message="测试预警",
        raised_at=raised,
        status="closed",
        closed_at=raised,
    )


def _order(body, department, seq, *, responsible, issuer, issued, reply_due, replied=None):
    return SupervisionOrder.objects.create(
        body=body,
        year=issued.year,
        seq=seq,
        number=f"督字〔{issued.year}〕{seq}号",
        department=department,
        responsible=responsible,
        subject="督办事项",
        requirement="按期办结",
        issued_by=issuer,
        issued_at=issued,
        reply_due=reply_due,
        replied_at=replied,
    )


def build(*, clerk, inspector, leader, permit, body, department):
    """The data set; returns the second department and the post."""
    second = DepartmentFactory(name="安监二股", code="BODY-1-D2", parent=body)
    post = PostFactory(unit=department, name="受理岗")
    a, b, c = (register(clerk, permit, applicant_name=name) for name in ("甲公司", "乙公司", "丙公司"))
    Case.objects.filter(pk=c.pk).update(department=second)
    ta, tb, tc = (case.tasks.get() for case in (a, b, c))
    # Department 1 (安监一股): A1 on time in 24 h, B1 late in 60 h, A2 late in 2174.5 h (done on
    # 30 September at 23:30 local time, still in the quarter).
    _step(
        ta, opened=at(2025, 7, 1, 9), due=at(2025, 7, 3, 9), completed=at(2025, 7, 2, 9), by=clerk, post=post
    )
    _step(
        tb, opened=at(2025, 7, 1, 9), due=at(2025, 7, 2, 9), completed=at(2025, 7, 3, 21), by=clerk, post=post
    )
    _extra_step(
        a, 2, opened=at(2025, 7, 2, 9), due=at(2025, 7, 10, 9), completed=at(2025, 9, 30, 23, 30), by=clerk
    )
    # Outside the quarter: 1 October 00:30 local time (still 30 September in UTC).
    _extra_step(
        b, 3, opened=at(2025, 7, 4, 9), due=at(2025, 7, 10, 9), completed=at(2025, 10, 1, 0, 30), by=clerk
    )
    # Department 2 (安监二股): C1 without a limit, 6 h, by the inspector.
    _step(tc, opened=at(2025, 8, 1, 9), due=None, completed=at(2025, 8, 1, 15), by=inspector)
    # Closed cases: A by its limit, C after it; B still open.
    Case.objects.filter(pk=a.pk).update(closed_at=at(2025, 9, 30, 23, 30), due_at=at(2025, 10, 15, 17))
    Case.objects.filter(pk=c.pk).update(closed_at=at(2025, 8, 1, 15), due_at=at(2025, 7, 31, 17))
    _alert(a, department, level=AlertLevel.RED, raised=at(2025, 7, 3, 10), responsible=clerk, post=post)
    _alert(b, department, level=AlertLevel.YELLOW, raised=at(2025, 8, 20, 10), responsible=clerk, post=post)
    _alert(c, second, level=AlertLevel.RED, raised=at(2025, 9, 1, 10))
    _alert(c, second, level=AlertLevel.RED, raised=at(2025, 6, 30, 10))  # previous quarter
    _order(body, department, 1, responsible=clerk, issuer=inspector, issued=at(2025, 7, 3, 11),
           reply_due=at(2025, 7, 8, 17), replied=at(2025, 7, 7, 10))  # fmt: skip
    _order(body, department, 2, responsible=clerk, issuer=inspector, issued=at(2025, 8, 1, 11),
           reply_due=at(2025, 8, 6, 17), replied=at(2025, 8, 8, 10))  # fmt: skip
    _order(body, second, 3, responsible=leader, issuer=inspector, issued=at(2025, 9, 2, 11),
           reply_due=at(2025, 9, 9, 17))  # fmt: skip
    return second, post


def second_department_staff(second):
    """A post of the second department and a person of it (with an account) who did its step:
    the post and person rows a section head of that department reads in a stored evaluation."""
    post = PostFactory(unit=second, name="审核岗")
    user = UserFactory(username="clerk-2", full_name="刘二股")
    PersonFactory(unit=second, name="刘二股", user=user)
    CaseTask.objects.filter(case__department=second).update(completed_by=user, post=post)
    return post, user


# Expected figures of 2025 Q3 (on-time rates in %, hours to one decimal).
BODY = {
    "cases": 3, "steps": 4, "timed": 3, "on_time": 1, "on_time_rate": 33.3,
    "avg_hours": 566.1, "slowest_hours": 2174.5,
    "closed": 2, "closed_on_time": 1, "closed_on_time_rate": 50.0,
    "alerts": 3, "red": 2, "orders": 3, "replied": 2, "replied_late": 1, "unanswered_overdue": 1,
}  # fmt: skip
DEPARTMENT_1 = {
    "cases": 2, "steps": 3, "timed": 3, "on_time": 1, "on_time_rate": 33.3,
    "avg_hours": 752.8, "slowest_hours": 2174.5,
    "closed": 1, "closed_on_time": 1, "closed_on_time_rate": 100.0,
    "alerts": 2, "red": 1, "orders": 2, "replied": 2, "replied_late": 1, "unanswered_overdue": 0,
}  # fmt: skip
DEPARTMENT_2 = {
    "cases": 1, "steps": 1, "timed": 0, "on_time": 0, "on_time_rate": None,
    "avg_hours": 6.0, "slowest_hours": 6.0,
    "closed": 1, "closed_on_time": 0, "closed_on_time_rate": 0.0,
    "alerts": 1, "red": 1, "orders": 1, "replied": 0, "replied_late": 0, "unanswered_overdue": 1,
}  # fmt: skip
