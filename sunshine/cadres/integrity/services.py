"""The integrity file (廉政档案) and the pre-promotion integrity opinion (党风廉政意见回复).

* The file is assembled on every read from ``cadres.file_sources.sources()`` (SUP-218; issue #9 §6:
  "never re-typed"): nothing is copied into a table, so it is always what the records say now.
* Only the cadre's body's discipline office (``cadres.supervise``) and readers it approved for that
  cadre, for a reason and a period, read it (IFL-1). Every read, allowed or refused, is a ``FileRead``
  row and an audit record; a refusal names IFL-1.
* The opinion (SUP-115..119) is requested by the organisation side (``cadres.organise``), answered by
  the discipline office within the body's working-day limit with the veto (SUP-116) and deferral
  (SUP-118) computed from the file's entries, and the collective opinion (SUP-115(2)).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunshine.cadres.file_sources import FileEntry, sources
from sunshine.cadres.integrity.models import (
    DEFAULT_OPINION_WORKDAYS,
    FileRead,
    FileReadGrant,
    IntegritySetting,
    OpinionConclusion,
    OpinionStatus,
    PromotionOpinion,
)
from sunshine.core import clock
from sunshine.core.audit import audit_record, audit_snapshot
from sunshine.core.errors import Conflict, InvalidInput, NotFound, NotPermitted, RuleViolated
from sunshine.core.permissions import has_permission
from sunshine.workdays.choices import PeriodUnit
from sunshine.workdays.services import deadline_due

SUPERVISE = "cadres.supervise"
ORGANISE = "cadres.organise"

# The sections of a file, in the order a file is read; a source's other section comes after them.
SECTIONS = {
    "accountability": gettext_lazy("问责情况"),
    "evaluation": gettext_lazy("述责述廉与民主测评"),
    "talks": gettext_lazy("廉政谈话、诫勉谈话与约谈"),
    "letters": gettext_lazy("函询及回复"),
    "personal_matters": gettext_lazy("个人重大事项报告"),
    "absence": gettext_lazy("外出请示报备"),
    "petitions": gettext_lazy("信访举报反映"),
    "oversight": gettext_lazy("电子监察预警与督办"),
    "decisions": gettext_lazy("分管的三重一大事项"),
}


# --- Helpers ---------------------------------------------------------------------------------------


def body_of(unit):
    if unit is None:
        return None
    return unit if unit.body_id in (None, unit.pk) else unit.body


def cadre_body(cadre):
    """The body a cadre belongs to: the unit of their staff record, else of their first role."""
    from sunshine.org.models import Person, RoleAssignment

    person = Person.objects.filter(user=cadre).select_related("unit__body").first()
    if person is not None:
        return body_of(person.unit)
    assignment = RoleAssignment.objects.filter(user=cadre).select_related("unit__body").order_by("id").first()
    return body_of(assignment.unit) if assignment else None


def name_of(user) -> str:
    return (user.full_name or user.username) if user else ""


def _text(value, field_name: str, message: str, *, limit: int = 5000, rule: str | None = None) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput("required", message, field=field_name, rule=rule)
    if len(value) > limit:
        raise InvalidInput("too_long", _("内容过长（最多%(n)d字）") % {"n": limit}, field=field_name)
    return value


def may_supervise(actor, body) -> bool:
    return body is not None and has_permission(actor, SUPERVISE, body)


def require_supervise(actor, body=None) -> None:
    """Only the body's discipline office (cadres.supervise over the body); elsewhere 404 (SEC-7)."""
    if has_permission(actor, SUPERVISE, body):
        return
    if body is not None and has_permission(actor, SUPERVISE):
        raise NotFound("not_found", _("记录不存在或不在您的数据范围内"), rule="SEC-7")
    raise NotPermitted("not_discipline_office", _("只有本单位纪检监察机构可以办理（IFL-1）"), rule="IFL-1")


# --- Assembly and assessment -----------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    kind: str  # "veto" (SUP-116), "defer" (SUP-118), "issue" (SUP-119)
    rule: str
    title: str
    detail: str
    until: dt.date | None = None

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "rule": self.rule,
            "title": self.title,
            "detail": self.detail,
            "until": self.until.isoformat() if self.until else None,
        }


@dataclass
class Section:
    key: str
    label: str
    entries: list[FileEntry] = field(default_factory=list)


@dataclass
class IntegrityFile:
    cadre: object
    body: object
    today: dt.date
    entries: list[FileEntry]
    findings: list[Finding]

    @property
    def sections(self) -> list[Section]:
        return group(self.entries)

    @property
    def vetoes(self) -> list[Finding]:
        return [f for f in self.findings if f.kind == "veto"]

    @property
    def deferrals(self) -> list[Finding]:
        return [f for f in self.findings if f.kind == "defer"]

    @property
    def issues(self) -> list[Finding]:
        return [f for f in self.findings if f.kind == "issue"]


def file_entries(cadre, *, today: dt.date | None = None) -> list[FileEntry]:
    """Every source's entries for the cadre, newest first (reads only; no permission check: callers
    are file_read and opinion_answer, which check and log)."""
    today = today or clock.today()
    entries: list[FileEntry] = []
    for source in sources():
        entries.extend(source(cadre, today=today))
    entries.sort(key=lambda e: (e.occurred_on, e.source), reverse=True)
    return entries


def group(entries: list[FileEntry]) -> list[Section]:
    """Entries by section, sections in SECTIONS order, each newest first."""
    found: dict[str, Section] = {}
    for entry in entries:
        if entry.section not in found:
            found[entry.section] = Section(entry.section, str(SECTIONS.get(entry.section, entry.section)))
        found[entry.section].entries.append(entry)
    order = list(SECTIONS)
    return sorted(found.values(), key=lambda s: (order.index(s.key) if s.key in order else len(order), s.key))


def vetoes_on(entry: FileEntry, today: dt.date) -> bool:
    """SUP-116: an open matter vetoes until concluded; a dated one while today <= vetoes_until (the
    last day of "半年" still vetoes: 尚未超过半年)."""
    return entry.veto_open or (entry.vetoes_until is not None and today <= entry.vetoes_until)


def assess(entries: list[FileEntry], today: dt.date) -> list[Finding]:
    """The vetoes (SUP-116), suggested deferrals (SUP-118) and issues to report (SUP-119: an outcome
    whose veto period has passed) that the entries give on ``today``."""
    findings: list[Finding] = []
    for e in entries:
        if vetoes_on(e, today):
            findings.append(Finding("veto", e.rule or "SUP-116", e.title, e.summary, e.vetoes_until))
        elif e.defers:
            findings.append(Finding("defer", e.rule or "SUP-118", e.title, e.summary))
        elif e.vetoes_until is not None:
            findings.append(Finding("issue", "SUP-119", e.title, e.summary, e.vetoes_until))
    return findings


def conclusion_of(findings: list[Finding], other_veto_reason: str = "") -> str:
    kinds = {f.kind for f in findings}
    if "veto" in kinds or other_veto_reason:
        return OpinionConclusion.VETO
    if "defer" in kinds:
        return OpinionConclusion.DEFER
    if "issue" in kinds:
        return OpinionConclusion.REPORTED
    return OpinionConclusion.NO_OBJECTION


# --- Reading ---------------------------------------------------------------------------------------


def active_grant(actor, cadre, today: dt.date) -> FileReadGrant | None:
    return (
        FileReadGrant.objects.filter(
            reader=actor, cadre=cadre, revoked_at__isnull=True, starts_on__lte=today, ends_on__gte=today
        )
        .order_by("-ends_on", "-id")
        .first()
    )


def _log_read(*, actor, cadre, body, via: str, kind: str, grant=None, rule: str = "") -> FileRead:
    read = FileRead.objects.create(
        body=body, reader=actor, cadre=cadre, at=clock.now(), via=via, kind=kind, grant=grant, rule=rule
    )
    audit_record(
        actor=actor,
        action="cadres.file_read" if via != FileRead.Via.REFUSED else "cadres.file_read_refused",
        target=read,
        label=_("廉政档案：%(name)s") % {"name": name_of(cadre)},
        extra={"cadre": cadre.pk, "via": via, "kind": kind, "grant": grant.pk if grant else None},
    )
    return read


def file_read(*, actor, cadre, kind: str = FileRead.Kind.VIEW, today: dt.date | None = None) -> IntegrityFile:
    """Read a cadre's integrity file (IFL-1). The refusal is logged and audited before it is raised
    (its own transaction), so that refused attempts stay on the list the discipline office reads."""
    today = today or clock.today()
    if actor is None or not actor.is_authenticated:
        raise NotPermitted("not_authenticated", _("请先登录"))
    body = cadre_body(cadre)
    grant = None
    if may_supervise(actor, body):
        via = FileRead.Via.OFFICE
    elif (grant := active_grant(actor, cadre, today)) is not None:
        via = FileRead.Via.GRANT
    else:
        with transaction.atomic():
            _log_read(actor=actor, cadre=cadre, body=body, via=FileRead.Via.REFUSED, kind=kind, rule="IFL-1")
        raise NotPermitted(
            "file_read_refused",
            _(
                "廉政档案只限本单位纪检监察机构和经其批准的人员在批准期限内查阅；您没有查阅%(name)s廉政档案的授权，"
                "本次查阅已记录（IFL-1）"
            )
            % {"name": name_of(cadre)},
            rule="IFL-1",
        )
    with transaction.atomic():
        _log_read(actor=actor, cadre=cadre, body=body, via=via, kind=kind, grant=grant)
    entries = file_entries(cadre, today=today)
    return IntegrityFile(
        cadre=cadre, body=body, today=today, entries=entries, findings=assess(entries, today)
    )


def cadre_list(*, actor, query: str = ""):
    """The cadres (staff with an account) of the bodies whose discipline office the actor is in."""
    from sunshine.core.permissions import scope_filter
    from sunshine.org.models import Person

    require_supervise(actor)
    people = scope_filter(Person.objects.filter(user__isnull=False), actor, SUPERVISE, "unit")
    if query:
        people = people.filter(name__icontains=query.strip())
    return people.select_related("unit", "user").order_by("unit__path", "sort_order", "id")


def cadre_get(*, actor, pk: int):
    """A cadre by account id, if in the actor's supervision scope (else 404)."""
    from sunshine.core.models import User

    cadre = User.objects.filter(pk=pk).first()
    if cadre is None:
        raise NotFound("not_found", _("记录不存在或不在您的数据范围内"), rule="SEC-7")
    return cadre


def read_list(*, actor, cadre=None):
    from sunshine.core.permissions import scope_filter

    require_supervise(actor)
    reads = scope_filter(FileRead.objects.all(), actor, SUPERVISE, "body").select_related(
        "reader", "cadre", "grant"
    )
    if cadre is not None:
        reads = reads.filter(cadre=cadre)
    return reads


def grant_list(*, actor, active_only: bool = False):
    from sunshine.core.permissions import scope_filter

    require_supervise(actor)
    grants = scope_filter(FileReadGrant.objects.all(), actor, SUPERVISE, "body").select_related(
        "reader", "cadre", "approved_by", "revoked_by"
    )
    if active_only:
        today = clock.today()
        grants = grants.filter(revoked_at__isnull=True, ends_on__gte=today)
    return grants


def grant_get(*, actor, pk: int) -> FileReadGrant:
    grant = grant_list(actor=actor).filter(pk=pk).first()
    if grant is None:
        raise NotFound("not_found", _("记录不存在或不在您的数据范围内"), rule="SEC-7")
    return grant


# --- Grants ----------------------------------------------------------------------------------------

MAX_GRANT_DAYS = 90


@transaction.atomic
def grant_approve(
    *, actor, reader, cadre, reason: str, starts_on: dt.date, ends_on: dt.date
) -> FileReadGrant:
    """Approve one reader for one cadre's file, for a reason and a period (IFL-1): by the cadre's
    body's discipline office only; never the cadre's own file; at most 90 days."""
    body = cadre_body(cadre)
    require_supervise(actor, body)
    reason = _text(reason, "reason", _("请填写查阅事由"))
    if reader is None:
        raise InvalidInput("required", _("请选择查阅人"), field="reader")
    if reader.pk == cadre.pk:
        raise RuleViolated(
            "own_file", _("干部本人不能经授权查阅自己的廉政档案（IFL-1）"), field="reader", rule="IFL-1"
        )
    if starts_on is None or ends_on is None:
        raise InvalidInput("required", _("请填写查阅期限"), field="ends_on")
    if ends_on < starts_on:
        raise InvalidInput("period_reversed", _("截止日期不能早于起始日期"), field="ends_on")
    if ends_on < clock.today():
        raise InvalidInput("period_past", _("截止日期不能早于今天"), field="ends_on")
    if (ends_on - starts_on).days + 1 > MAX_GRANT_DAYS:
        raise InvalidInput(
            "period_too_long", _("查阅期限最长%(n)d天") % {"n": MAX_GRANT_DAYS}, field="ends_on"
        )
    grant = FileReadGrant.objects.create(
        body=body,
        reader=reader,
        cadre=cadre,
        reason=reason,
        starts_on=starts_on,
        ends_on=ends_on,
        approved_by=actor,
        approved_at=clock.now(),
        created_by=actor,
    )
    audit_record(actor=actor, action="cadres.file_grant", target=grant)
    return grant


@transaction.atomic
def grant_revoke(*, actor, grant: FileReadGrant, reason: str) -> FileReadGrant:
    require_supervise(actor, grant.body)
    reason = _text(reason, "reason", _("请填写撤销理由"))
    if grant.revoked_at is not None:
        raise Conflict("already_revoked", _("该授权已撤销"))
    before = audit_snapshot(grant)
    grant.revoked_at = clock.now()
    grant.revoked_by = actor
    grant.revoke_reason = reason
    grant.version += 1
    grant.save(update_fields=["revoked_at", "revoked_by", "revoke_reason", "version", "updated_at"])
    audit_record(actor=actor, action="cadres.file_grant_revoke", target=grant, before=before)
    return grant


# --- Settings --------------------------------------------------------------------------------------


def opinion_workdays(body) -> int:
    """The body's limit for answering an opinion (SUP-115); changed only through
    sunshine.cadres.body_settings (versioned, AUD-3)."""
    setting = IntegritySetting.objects.filter(body=body).first()
    return setting.opinion_workdays if setting else DEFAULT_OPINION_WORKDAYS


# --- Pre-promotion opinion -------------------------------------------------------------------------


def may_organise(actor, body) -> bool:
    return body is not None and has_permission(actor, ORGANISE, body)


@transaction.atomic
def opinion_request(
    *, actor, cadre, current_post: str, proposed_post: str, note: str = ""
) -> PromotionOpinion:
    """The organisation side sends 《拟提拔任用干部征求意见表》 before the Party committee discusses
    the cadre (SUP-115(1)); the answer falls due after the body's working-day limit."""
    body = cadre_body(cadre)
    if body is None:
        raise InvalidInput("no_body", _("该干部没有所属单位，不能征求意见"), field="cadre")
    if not may_organise(actor, body):
        if has_permission(actor, ORGANISE):
            raise NotFound("not_found", _("记录不存在或不在您的数据范围内"), rule="SEC-7")
        raise NotPermitted(
            "not_organisation", _("只有本单位组织人事部门可以征求党风廉政意见（SUP-115）"), rule="SUP-115"
        )
    current_post = _text(current_post, "current_post", _("请填写现任职务"), limit=200)
    proposed_post = _text(proposed_post, "proposed_post", _("请填写拟任职务"), limit=200)
    if PromotionOpinion.objects.filter(cadre=cadre, status=OpinionStatus.REQUESTED).exists():
        raise Conflict(
            "opinion_pending",
            _("该干部已有待回复的征求意见表，请等待纪委回复（SUP-115）"),
            field="cadre",
            rule="SUP-115",
        )
    now = clock.now()
    workdays = opinion_workdays(body)
    opinion = PromotionOpinion.objects.create(
        body=body,
        cadre=cadre,
        current_post=current_post,
        proposed_post=proposed_post,
        note=(note or "").strip(),
        requested_by=actor,
        requested_at=now,
        workdays=workdays,
        due_at=deadline_due(start=now, amount=workdays, unit=PeriodUnit.WORKDAYS),
        created_by=actor,
    )
    audit_record(actor=actor, action="cadres.opinion_request", target=opinion)
    return opinion


def opinion_list(*, actor, status: str = ""):
    """The opinions of the actor's bodies: the discipline office's and the organisation side's."""
    from sunshine.core.permissions import scope_q

    if not (has_permission(actor, SUPERVISE) or has_permission(actor, ORGANISE)):
        raise NotPermitted("permission_denied", _("您没有执行此操作的权限"))
    opinions = PromotionOpinion.objects.filter(
        scope_q(actor, SUPERVISE, "body") | scope_q(actor, ORGANISE, "body")
    ).select_related("cadre", "requested_by", "answered_by", "body")
    if status:
        opinions = opinions.filter(status=status)
    return opinions


def opinion_get(*, actor, pk: int) -> PromotionOpinion:
    opinion = opinion_list(actor=actor).filter(pk=pk).first()
    if opinion is None:
        raise NotFound("not_found", _("记录不存在或不在您的数据范围内"), rule="SEC-7")
    return opinion


def opinion_preview(*, actor, opinion: PromotionOpinion) -> IntegrityFile:
    """What the file gives today for the opinion (the discipline office only, a logged read)."""
    require_supervise(actor, opinion.body)
    return file_read(actor=actor, cadre=opinion.cadre, kind=FileRead.Kind.OPINION)


@transaction.atomic
def opinion_answer(
    *,
    actor,
    opinion: PromotionOpinion,
    collective_opinion: str,
    discussed_on: dt.date | None,
    other_veto_reason: str = "",
    expected_version: int | None = None,
) -> PromotionOpinion:
    """Answer the form from the file (SUP-115(2)): the vetoes (SUP-116) and deferrals (SUP-118)
    computed from the entries on the day of the answer, the issues to report (SUP-119), the
    collective opinion with its date, and any veto the file cannot know (SUP-116(5)). A computed
    veto cannot be answered away: the conclusion follows the findings."""
    require_supervise(actor, opinion.body)
    fresh = PromotionOpinion.objects.select_for_update().get(pk=opinion.pk)
    if fresh.version != (opinion.version if expected_version is None else expected_version):
        raise Conflict("stale", _("征求意见表已被他人处理，请刷新后重试"))
    if fresh.status != OpinionStatus.REQUESTED:
        raise Conflict("already_answered", _("该征求意见表已回复"), field="status")
    collective_opinion = _text(
        collective_opinion, "collective_opinion", _("请填写纪委集体讨论形成的意见（SUP-115）"), rule="SUP-115"
    )
    if discussed_on is None:
        raise InvalidInput(
            "required", _("请填写集体讨论日期（SUP-115）"), field="discussed_on", rule="SUP-115"
        )
    today = clock.today()
    if discussed_on > today:
        raise InvalidInput("future_date", _("集体讨论日期不能晚于今天"), field="discussed_on")
    if discussed_on < clock.local(fresh.requested_at).date():
        raise InvalidInput("before_request", _("集体讨论日期不能早于征求意见日期"), field="discussed_on")
    other_veto_reason = (other_veto_reason or "").strip()
    read = file_read(actor=actor, cadre=fresh.cadre, kind=FileRead.Kind.OPINION, today=today)
    findings = read.findings
    if other_veto_reason:
        findings = [*findings, Finding("veto", "SUP-116(5)", _("其他否决理由"), other_veto_reason)]
    before = audit_snapshot(fresh)
    fresh.status = OpinionStatus.ANSWERED
    fresh.answered_by = actor
    fresh.answered_at = clock.now()
    fresh.conclusion = conclusion_of(findings, other_veto_reason)
    fresh.findings = [f.as_dict() for f in findings]
    fresh.collective_opinion = collective_opinion
    fresh.discussed_on = discussed_on
    fresh.other_veto_reason = other_veto_reason
    fresh.version += 1
    fresh.save()
    audit_record(actor=actor, action="cadres.opinion_answer", target=fresh, before=before)
    return fresh


# --- The discipline office's dashboard of open matters ----------------------------------------------


@dataclass(frozen=True)
class OpenMatter:
    """One open matter of an area, for the dashboard: what, whom, which clock, late or not."""

    area: str
    title: str
    person: str
    clock_label: str
    due: dt.datetime | None
    late: bool
    url: str
    rule: str = ""


def open_matters(*, actor) -> list[tuple[str, list[OpenMatter]]]:
    """Each area's open matters in the actor's scope, by the functions on CadresConfig.open_matters
    (``fn(actor) -> iterable of OpenMatter``), grouped by area label."""
    from django.apps import apps
    from django.utils.module_loading import import_string

    require_supervise(actor)
    groups: dict[str, list[OpenMatter]] = {}
    for path in getattr(apps.get_app_config("cadres"), "open_matters", ()):
        for row in import_string(path)(actor):
            groups.setdefault(row.area, []).append(row)
    return [
        (area, sorted(rows, key=lambda r: (not r.late, r.due or dt.datetime.max.replace(tzinfo=dt.UTC))))
        for area, rows in groups.items()
    ]
