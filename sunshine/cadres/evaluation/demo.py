"""Demo evaluation rounds (issue #9 §8): one per demo body for last year, run through the services.

* The first body's round is counted and triggers a follow-up (SUP-11): its deputy gets more than a
  third of "不称职" votes and the 民主评议 found concentrated complaints; a low pass rate also
  triggers the admonition talk (SUP-253).
* The second body's round is counted without any trigger.
* The third body's round is left open for voting, so that its people can try the ballot page.

Cadres are the body's leaders (``cadres.approve``); the attendance list is every account of the
body (leaders and department heads vote online) plus paper attendees (retired cadres, staff and
service recipients, SUP-250's 10 %). Idempotent: a body that has a round is left alone."""

from __future__ import annotations

import datetime as dt

from sunshine.cadres.evaluation import services
from sunshine.cadres.evaluation.choices import Category, Grade, RoundStatus
from sunshine.cadres.evaluation.models import EvaluationRound
from sunshine.core import clock
from sunshine.core.models import User
from sunshine.core.permissions import has_permission
from sunshine.org.models import RoleAssignment, Unit

OUTSIDERS = [
    (Category.RETIRED, "离退休干部代表 老王"),
    (Category.STAFF, "普通干部职工代表 小刘"),
    (Category.RECIPIENT, "服务对象代表 某企业负责人"),
    (Category.RECIPIENT, "服务对象代表 某村委会主任"),
]
REPORT = (
    "一、履行职责情况：认真学习贯彻党的路线方针政策，落实分管领域工作任务。\n"
    "二、执行党风廉政建设责任制情况：落实“一岗双责”，分管科室未发生违纪违法问题。\n"
    "三、廉洁自律情况：严格执行个人重大事项报告制度，按时参加民主生活会。\n"
    "四、存在问题和努力方向：深入基层调研不够，下一年度加强。"
)


def _accounts(body) -> list[User]:
    ids = (
        RoleAssignment.objects.filter(unit__body_id=body.pk).order_by("id").values_list("user_id", flat=True)
    )
    users = User.objects.in_bulk(list(dict.fromkeys(ids)))
    return [users[pk] for pk in dict.fromkeys(ids) if pk in users and users[pk].is_active]


def has_data() -> bool:
    return EvaluationRound.objects.exists()


def load() -> dict[str, int]:
    year = clock.today().year - 1
    made = 0
    # In org.demo's order (ids): a path ("/9/" after "/10/") does not sort by number.
    bodies = [b for b in Unit.objects.filter(kind="body").order_by("pk") if _accounts(b)]
    for n, body in enumerate(bodies[:3]):
        if EvaluationRound.objects.filter(body=body).exists():
            continue
        people = _accounts(body)
        leaders = [u for u in people if has_permission(u, "cadres.approve", body)][:3]
        if not leaders or not any(has_permission(u, "cadres.organise", body) for u in people):
            continue
        _round(body, year, people, leaders, mode=("follow_up", "plain", "open")[n])
        made += 1
    return {"evaluation rounds": made} if made else {}


def _round(body, year, people, leaders, *, mode: str) -> None:
    evaluation = services.round_create(
        actor=None,
        body=body,
        year=year,
        meeting_date=dt.date(year + 1, 1, 20),
        place="机关三楼会议室",
    )
    entries = []
    for leader in leaders:
        entry = services.cadre_add(actor=None, evaluation=evaluation, cadre=leader, position="领导班子成员")
        entries.append(services.report_file(actor=leader, entry=entry, text=REPORT))
    voters = []
    for user in people:
        category = Category.LEADER if has_permission(user, "cadres.approve", body) else Category.UNIT_HEAD
        services.participant_add(actor=None, evaluation=evaluation, category=category, user=user)
        voters.append(user)
    for category, name in OUTSIDERS:
        services.participant_add(actor=None, evaluation=evaluation, category=category, name=name)
    if mode == "follow_up" and len(entries) > 1:
        services.complaints_record(
            actor=None,
            entry=entries[1],
            concentrated=True,
            note="群众反映其分管领域办事拖拉、作风简单粗暴，意见比较集中。",
        )
    evaluation = services.round_open(actor=None, evaluation=evaluation)
    online = voters if mode != "open" else voters[: len(voters) // 2]
    for k, user in enumerate(online):
        grades = {}
        for i, entry in enumerate(entries):
            if mode == "follow_up" and i == 1:
                grades[entry.pk] = Grade.POOR if k % 2 == 0 else Grade.BASIC  # about half 不称职
            else:
                grades[entry.pk] = Grade.EXCELLENT if (k + i) % 3 == 0 else Grade.COMPETENT
        services.ballot_cast(actor=user, evaluation=evaluation, grades=grades)
    if mode == "open":
        return
    for k in range(len(OUTSIDERS)):
        if k == 0:
            services.paper_ballot_enter(actor=None, evaluation=evaluation, invalid=True)
            continue
        grades = {e.pk: Grade.COMPETENT for e in entries}
        if mode == "follow_up" and len(entries) > 1:
            grades[entries[1].pk] = Grade.POOR
        services.paper_ballot_enter(actor=None, evaluation=evaluation, grades=grades)
    services.round_count(actor=None, evaluation=evaluation)
    assert evaluation.__class__.objects.get(pk=evaluation.pk).status == RoundStatus.COUNTED
