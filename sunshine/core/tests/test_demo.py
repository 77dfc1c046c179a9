"""``sunshine demo`` as ``make run`` runs it: the whole demo of every app, loaded once for this
module (a load takes ~25 s; each app's test of its own part used to load it again, ADR 0014's CI
budget). What each app's part must show is checked here, area by area; the tests only read, and each
runs in a savepoint inside the module's transaction, which is rolled back at the end.

The module's tests stay on one xdist worker (``xdist_group``, ``--dist loadgroup``), so the demo is
loaded once per run."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from sunshine.cases import demo as cases_demo
from sunshine.cases import penalty
from sunshine.cases.choices import CaseStatus, TaskStatus
from sunshine.cases.models import Case, CaseTask
from sunshine.cases.services import _post_for
from sunshine.catalog import demo as catalog_demo
from sunshine.catalog.choices import Category
from sunshine.catalog.choices import Status as PowerStatus
from sunshine.catalog.models import (
    DiscretionBenchmark,
    PowerItem,
    PowerVersion,
    Responsibility,
    Review,
    RiskPoint,
)
from sunshine.catalog.services import publication_problems
from sunshine.core import clock
from sunshine.core.models import AuditRecord, User
from sunshine.core.permissions import has_permission
from sunshine.core.system import system_actor
from sunshine.flows.engine import HUMAN_TASK_KINDS
from sunshine.org.choices import PostKind
from sunshine.org.models import Post, PostHolding, Unit

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("whole-demo")]


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The output of ``sunshine demo --if-empty`` on an empty database, kept for the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("demo", "--if-empty", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def counts() -> dict[str, int]:
    from sunshine.decisions.models import Meeting, Topic
    from sunshine.disclosure.models import DisclosurePlan, InformationRequest, Publication
    from sunshine.oversight.models import Alert, SupervisionOrder
    from sunshine.petitions.models import Petition

    models = [Unit, User, PowerItem, PowerVersion, RiskPoint, DiscretionBenchmark, Review, Case, CaseTask]
    models += [Alert, SupervisionOrder, Topic, Meeting, DisclosurePlan, Publication, InformationRequest]
    models += [Petition, AuditRecord]
    return {model.__name__: model.objects.count() for model in models}


# --- the command ---------------------------------------------------------------------------------


def test_if_empty_loads_an_empty_database_and_a_second_run_changes_nothing(loaded):
    assert "demo org:" in loaded
    assert "demo cases:" in loaded
    assert User.objects.filter(username="eco.clerk").exists()
    before = counts()
    out = StringIO()
    call_command("demo", "--if-empty", stdout=out)
    assert "nothing loaded" in out.getvalue()
    call_command("demo", stdout=out)
    assert counts() == before
    for line in out.getvalue().splitlines()[1:]:
        assert line.endswith(("nothing new", " 0 topics, 0 meetings, 0 minutes")), line


# --- catalog --------------------------------------------------------------------------------------


def test_catalogue_spans_the_kinds_of_power_and_publishes_only_complete_items(loaded):
    latest = PowerVersion.objects.filter(item__latest=F("pk"))
    assert PowerItem.objects.count() >= 30
    assert len(set(latest.values_list("category", flat=True))) >= 8
    assert set(PowerItem.objects.values_list("body__code", flat=True)) == {"ECO", "SAFETY", "TOWN"}
    statuses = set(latest.values_list("status", flat=True))
    assert {PowerStatus.PUBLISHED, PowerStatus.DRAFT, PowerStatus.SUBMITTED} <= statuses
    assert PowerItem.objects.filter(versions__number=2).exists()
    # Every post the data names is a post of the org demo (none was left out as missing).
    duties = sum(len(item.duties) for catalog in catalog_demo.CATALOGS for item in catalog.items)
    assert Responsibility.objects.filter(version__number=1).count() == duties
    published = PowerVersion.objects.filter(status=PowerStatus.PUBLISHED)
    assert published.count() >= 30
    for version in published:
        assert publication_problems(version) == [], version


def test_every_post_a_published_flowchart_names_has_an_account_that_may_do_its_steps(loaded):
    """A demo case can run to its end in the browser: each step of a published flowchart whose lane
    names a post of the body (resolved as a case would: cases.services._post_for) has a holder with a
    demo account who may handle a case of that power (data scope, SEC-7), and the penalty
    template's legality review (法制审核, CASE-151) is the legal reviewer's."""
    missing, legal_lanes = [], 0
    for version in PowerVersion.objects.filter(status=PowerStatus.PUBLISHED).select_related("flowchart"):
        case = Case(body_id=version.item.body_id, department_id=version.department_id, power_version=version)
        for step in version.flowchart.steps:
            if step["kind"] not in HUMAN_TASK_KINDS:
                continue
            post_id, _holder = _post_for(case, step.get("lane", ""))
            if post_id is None:
                continue  # a collective body or the window: open to whoever may handle the case
            post = Post.objects.get(pk=post_id)
            if step["element_id"] == "Task_legal_review":
                assert post.kind == PostKind.LEGAL, version
                legal_lanes += 1
            holders = PostHolding.objects.filter(post=post, end_date__isnull=True, person__user__isnull=False)
            if not any(has_permission(h.person.user, "cases.handle", case) for h in holders):
                missing.append((version.item.code, step["name"], post.name))
    assert not missing, missing
    assert legal_lanes >= 8  # the penalties of the three bodies


# --- cases (issue #6 §10) -------------------------------------------------------------------------


def test_cases_cover_the_states_and_some_are_late(loaded):
    assert Case.objects.count() >= 6
    states = set(Case.objects.values_list("status", flat=True))
    assert {
        CaseStatus.RECEIVED,
        CaseStatus.CORRECTING,
        CaseStatus.ACCEPTED,
        CaseStatus.REFUSED,
        CaseStatus.CLOSED,
    } <= states
    late = CaseTask.objects.filter(status=TaskStatus.OPEN, due_at__lt=clock.now())
    assert late.exists()
    assert Case.objects.filter(status=CaseStatus.CORRECTING).first().notice.missing


def test_task_actions(loaded):
    """Issue #6 §3: the demo shows a case sent back, a copy and a stand-in (cases.actions), and a
    before-signer waiting (加签, cases.actions.sign)."""
    from sunshine.cases.action_models import ActionKind, CaseCopy, StandIn, TaskAction
    from sunshine.cases.signer_models import Signature

    assert TaskAction.objects.filter(kind=ActionKind.SEND_BACK).exclude(reason="").count() == 1
    assert CaseTask.objects.filter(status=TaskStatus.SENT_BACK).exists()
    assert CaseCopy.objects.exists()
    assert StandIn.objects.count() == 1
    assert Signature.objects.filter(phase="before", signed_at__isnull=True).count() == 1


def test_decisions_one_out_of_range(loaded):
    from sunshine.cases.models import Archive, Decision, Publication

    assert Decision.objects.count() >= 3
    assert Decision.objects.filter(out_of_range=True).exclude(range_reason="").exists()
    assert Decision.objects.filter(kind="refuse").exists()
    assert Publication.objects.exists()
    assert Archive.objects.exists()


def penalties() -> dict[str, Case]:
    cases = Case.objects.filter(power_version__category=Category.PENALTY)
    return {c.applicant_name: c for c in cases}


def waiting_at(case: Case) -> str:
    task = case.tasks.filter(status=TaskStatus.OPEN).first()
    return task.name if task is not None else ("archived" if hasattr(case, "archive") else case.status)


def test_penalty_cases_wait_in_every_stage(loaded):
    cases = penalties()
    assert {spec.party: waiting_at(cases[spec.party]) for spec in cases_demo.PENALTIES} == {
        spec.party: spec.stage for spec in cases_demo.PENALTIES
    }
    stages = {spec.stage for spec in cases_demo.PENALTIES}
    assert {
        "立案",
        "调查取证",
        "法制审核",
        "告知权利及听证",
        "集体讨论",
        "送达",
        "执行",
        "archived",
    } <= stages
    archived = cases["示范县好运来烟花店"]
    assert archived.status == CaseStatus.CLOSED
    assert archived.archive.file_number
    assert archived.deliveries.exists()
    assert archived.publication is not None
    assert all(penalty.stage_clocks(c) for c in cases.values())


def test_each_penalty_step_is_done_by_the_account_holding_its_post(loaded):
    """The officer files, investigates, serves and files the dossier; the legal reviewer reviews
    (CASE-151); the director decides and closes (CASE-152/155): no step done without its post."""
    from sunshine.oversight.models import Alert

    done = CaseTask.objects.filter(
        case__power_version__category=Category.PENALTY, status=TaskStatus.DONE
    ).select_related("completed_by")
    by_step = {}
    for task in done:
        by_step.setdefault(task.name, set()).add(task.completed_by.username)
    assert by_step["立案"] == by_step["调查取证"] == by_step["送达"] == by_step["归档"] == {"safety.officer"}
    assert by_step["法制审核"] == {"safety.legal"}
    assert by_step["作出处罚决定"] == by_step["结案"] == {"safety.director"}
    penalty_alerts = Alert.objects.filter(case__power_version__category=Category.PENALTY)
    assert not penalty_alerts.filter(kind__in=["done_without_post", "same_handler_approver"]).exists()


def test_late_filing_late_duration_and_an_extension(loaded):
    cases = penalties()
    filing = {r.key: r for r in penalty.stage_clocks(cases["示范县福源日杂店"])}["filing"]
    assert (filing.rule, filing.state, filing.late) == ("CASE-146", "running", True)
    duration = {r.key: r for r in penalty.stage_clocks(cases["示范县金星日杂店"])}["duration"]
    assert (duration.rule, duration.late) == ("CASE-157", True)
    extended = cases["示范县安泰建材公司"]
    assert penalty.duration_days(extended) == 60
    assert not {r.key: r for r in penalty.stage_clocks(extended)}["duration"].late
    on_time = {r.key: r for r in penalty.stage_clocks(cases["示范县顺达运输公司"])}["filing"]
    assert (on_time.state, on_time.late) == ("running", False)


def test_one_penalty_beyond_its_tier_raises_the_discretion_alert(loaded):
    from sunshine.oversight.models import Alert

    beyond = penalties()["示范县金鑫冶炼厂"]
    assert beyond.decision.out_of_range
    assert beyond.decision.range_reason
    alert = Alert.objects.get(kind="discretion_exceeded", case=beyond)
    assert alert.level == "red"
    in_range = [c for c in penalties().values() if hasattr(c, "decision") and c != beyond]
    assert in_range
    assert not any(c.decision.out_of_range for c in in_range)


# --- oversight (issue #6 §5-§7, §10) -------------------------------------------------------------


def test_anomaly_alerts(loaded):
    from sunshine.oversight.choices import AlertKind
    from sunshine.oversight.models import Alert
    from sunshine.oversight.suspensions import check_suspensions

    with system_actor("test"):
        check_suspensions()  # what the periodic scan does
    kinds = set(Alert.objects.values_list("kind", flat=True))
    assert {
        AlertKind.REPEATED_REFUSAL,
        AlertKind.DONE_WITHOUT_POST,
        AlertKind.SAME_HANDLER_APPROVER,
        AlertKind.SUSPENSION_OVERDUE,
        AlertKind.DISCRETION_EXCEEDED,
    } <= kinds, kinds
    # Only the deputy's step given him by hand is done without the post: everyone else held theirs
    # on the (past) day of the step (org.demo.DEMO_HOLDINGS_SINCE).
    irregular = Alert.objects.filter(kind=AlertKind.DONE_WITHOUT_POST)
    assert [a.message for a in irregular] == [
        f"办件{irregular[0].case.number}的“审查”环节由朱建军办理，其不在“承办人A”岗位"
    ]


def test_orders_from_red_alerts_in_three_states(loaded):
    from sunshine.oversight.models import Alert, SupervisionOrder

    # (the decisions' demo gives implementation tasks as orders too: those have no alert)
    orders = SupervisionOrder.objects.filter(alert__isnull=False)
    assert sorted(orders.values_list("status", flat=True)) == ["closed", "issued", "replied"]
    assert all(o.alert is not None and o.alert.level == "red" for o in orders)
    # about cases past their limit, a penalty case's filing or duration among them (CASE-146/157)
    assert {(o.alert.kind, o.alert.task_id) for o in orders} == {("overdue", None)}
    assert Alert.objects.filter(kind__in=["deadline_near", "overdue"]).count() > 3
    assert {o.alert.case.power_version.category for o in orders} >= {"permit", "penalty"}
    assert orders.get(status="issued").escalated_at is not None
    assert sorted(orders.values_list("seq", flat=True)) == [1, 2, 3]


def test_stored_evaluation_of_the_last_quarter(loaded):
    from sunshine.oversight.choices import AlertStatus
    from sunshine.oversight.models import Alert, QuarterlyEvaluation
    from sunshine.oversight.reports import periods

    year, quarter = periods.previous_quarter(timezone.localdate())
    evaluation = QuarterlyEvaluation.objects.get()
    assert (evaluation.year, evaluation.quarter, evaluation.revision) == (year, quarter, 1)
    assert evaluation.body.name == "示范县安全生产监督管理局"
    assert evaluation.generated_by.username == "safety.inspector"
    totals = evaluation.figures["totals"]
    assert totals["steps"] >= 18
    assert totals["closed"] >= 3
    assert totals["on_time_rate"] < 100  # one on-site check took nine days
    past = Case.objects.filter(
        applicant_name__in=["示范县福临门烟花店", "示范县万家乐超市", "示范县石门采石场"]
    )
    assert past.filter(status="closed").count() == 3
    # Done by the holders of their posts in time (ANO-3 quiet): any alert they raised is closed.
    assert set(Alert.objects.filter(case__in=past).values_list("status", flat=True)) <= {AlertStatus.CLOSED}


# --- decisions (issue #7 §10) ---------------------------------------------------------------------


def test_a_year_of_decisions_per_body(loaded):
    from sunshine.decisions import demo
    from sunshine.decisions.choices import EvaluationResult, NoticeKind, Outcome, VoteMethod
    from sunshine.decisions.models import (
        AgendaItem,
        DisciplineNotice,
        Evaluation,
        Minutes,
        ScopeSettings,
        Vote,
    )

    assert "demo decisions: 18 topics, 12 meetings, 12 minutes" in loaded
    for code in demo.BODIES:
        items = AgendaItem.objects.filter(meeting__body__code=code)
        assert {Outcome.ADOPTED, Outcome.REJECTED, Outcome.DEFERRED} <= set(
            items.values_list("outcome", flat=True)
        )
        assert Vote.objects.filter(
            item__in=items, method=VoteMethod.SECRET, item__topic__kind="personnel"
        ).exists()
        (refused,) = DisciplineNotice.objects.filter(body__code=code, kind=NoticeKind.REFUSED)
        assert refused.rule == "DEC-64"
        assert Evaluation.objects.get(item__in=items).result == EvaluationResult.CONTINUE
        assert Minutes.objects.filter(body__code=code, locked_at__isnull=False).count() == 4
    assert ScopeSettings.objects.get(body__code="SAFETY").quorum["office"]["general"] == [2, 3]
    assert ScopeSettings.objects.get(body__code="TOWN").notice_workdays == 1
    assert demo.has_data()


# --- petitions and disclosure (issue #8) ----------------------------------------------------------


def test_petitions_in_every_state(loaded):
    from sunshine.petitions.models import Petition, PetitionAlert

    assert Petition.objects.count() >= 18
    assert set(Petition.objects.values_list("status", flat=True)) == {
        "received",
        "assigned",
        "answered",
        "closed",
    }
    assert Petition.objects.filter(discipline_only=True).count() == 3
    assert Petition.objects.filter(events__kind="transferred").exists()
    assert PetitionAlert.objects.filter(level="red", resolved_at__isnull=True).exists()


def test_disclosure_plans_publications_late_items_and_requests(loaded):
    from sunshine.disclosure import services
    from sunshine.disclosure.models import DisclosurePlan, InformationRequest, Publication

    assert DisclosurePlan.objects.count() == 3
    assert InformationRequest.objects.filter(status="answered").count() == 3
    assert InformationRequest.objects.filter(status="assigned").count() == 3
    if clock.today().month >= 5:  # a quarter is due by then: published ones and one late per body
        assert Publication.objects.exists()
        late = [r for p in DisclosurePlan.objects.all() for r in services.late_rows(body=p.body)]
        assert len([r for r in late if r.publication is None]) == 3
