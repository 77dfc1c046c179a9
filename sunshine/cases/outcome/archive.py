"""Archiving a closed case (归档, CASE-156): its file number in the uniform dossier and who filed it.
Afterwards the outcome is read-only (rules.ensure_open). A major penalty is then also filed for the
record (备案) with the superior bureau (CASE-156, CASE-159 step 9): ``record_filing_record``.

A penalty is **major** when its decision went through collective discussion: the 集体讨论 step of the
flowchart (the built-in penalty template's ``Task_collective``, reached when the gateway variable
``major`` is true, or a step named 集体讨论 on a hand-drawn chart) was done and not sent back
(``cases.penalty.COLLECTIVE_STEP``). The step, not the engine variable, is read: it is stored on
the case's tasks, and a hand-drawn chart may have no ``major`` variable."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sunshine.cases import penalty
from sunshine.cases.locks import lock_case
from sunshine.cases.models import Archive, Case, RecordFiling
from sunshine.cases.outcome import rules
from sunshine.catalog.services._inputs import text
from sunshine.core import clock
from sunshine.core.audit import audit_record
from sunshine.core.errors import Conflict, InvalidInput
from sunshine.core.permissions import require_permission


def suggested_number(case: Case) -> str:
    """卷宗号 proposal: the body's code, the year and the next number of that year."""
    year = clock.today().year
    prefix = f"{case.body.code}-{year}-"
    count = Archive.objects.filter(file_number__startswith=prefix).count()
    return f"{prefix}{count + 1:04d}"


@transaction.atomic
def case_archive(*, actor, case: Case, file_number: str, note: str = "") -> Archive:
    require_permission(actor, "cases.handle", case)
    case = lock_case(case.pk)
    rules.ensure_open(case)
    if case.closed_at is None:
        raise Conflict("not_closed", _("办件尚未办结，不能归档"), rule="CASE-156")
    file_number = text(file_number, field="file_number", label=_("档案号"), max_length=60)
    note = text(note, field="note", label=_("卷宗说明"), max_length=2000, required=False)
    if Archive.objects.filter(file_number=file_number).exists():
        raise InvalidInput(
            "file_number_taken", _("档案号“%(n)s”已被使用") % {"n": file_number}, field="file_number"
        )
    try:
        with transaction.atomic():
            archive = Archive.objects.create(
                case=case,
                file_number=file_number,
                archived_by=actor,
                archived_at=clock.now(),
                note=note,
                created_by=actor,
            )
    except IntegrityError:
        raise InvalidInput(
            "file_number_taken", _("档案号“%(n)s”已被使用") % {"n": file_number}, field="file_number"
        ) from None
    audit_record(actor=actor, action="cases.case_archive", target=archive)
    return archive


def is_major(case: Case) -> bool:
    """A major penalty (重大行政处罚): a penalty case whose 集体讨论 step was done (CASE-152)."""
    if not penalty.is_penalty(case):
        return False
    return penalty.step_done(list(case.tasks.all()), penalty.COLLECTIVE_STEP)


def record_filing_of(case: Case) -> RecordFiling | None:
    try:
        return case.record_filing
    except RecordFiling.DoesNotExist:
        return None


def record_filing_pending(case: Case) -> bool:
    """待备案: an archived major penalty not yet filed for the record (CASE-156)."""
    return hasattr(case, "archive") and is_major(case) and record_filing_of(case) is None


def default_recipient(case: Case) -> str:
    """The seed names no recipient: the superior bureau, i.e. the body's parent unit (CASE-156)."""
    parent = case.body.parent
    return parent.name if parent is not None else _("上级主管部门")


@transaction.atomic
def record_filing_record(
    *, actor, case: Case, recipient: str, document_number: str, filed_on=None, note: str = ""
) -> RecordFiling:
    """备案 of an archived major penalty (CASE-156): date, recipient (by default the superior
    bureau), document number, by whom. Once per case; permission as for archiving (cases.handle)."""
    require_permission(actor, "cases.handle", case)
    case = lock_case(case.pk)
    if not hasattr(case, "archive"):
        raise Conflict("not_archived", _("办件归档后才能备案"), rule="CASE-156")
    if not is_major(case):
        raise Conflict("not_major", _("只有经集体讨论的重大行政处罚案件需要备案"), rule="CASE-156")
    if record_filing_of(case) is not None:
        raise Conflict(
            "already_filed",
            _("该案件已备案（文号 %(n)s）") % {"n": case.record_filing.document_number},
            rule="CASE-156",
        )
    recipient = text(recipient, field="recipient", label=_("备案机关"), max_length=200)
    document_number = text(document_number, field="document_number", label=_("备案文号"), max_length=100)
    note = text(note, field="note", label=_("备案说明"), max_length=2000, required=False)
    filed_on = filed_on or clock.today()
    if isinstance(filed_on, str):
        try:
            filed_on = dt.date.fromisoformat(filed_on)
        except ValueError:
            raise InvalidInput("bad_date", _("备案日期格式不正确"), field="filed_on") from None
    if filed_on > clock.today():
        raise InvalidInput("filed_in_future", _("备案日期不能晚于今天"), field="filed_on")
    if filed_on < clock.local(case.archive.archived_at).date():
        raise InvalidInput(
            "filed_before_archive", _("备案日期不能早于归档日期"), field="filed_on", rule="CASE-156"
        )
    filing = RecordFiling.objects.create(
        case=case,
        filed_on=filed_on,
        recipient=recipient,
        document_number=document_number,
        filed_by=actor,
        note=note,
        created_by=actor,
    )
    audit_record(actor=actor, action="cases.record_filing", target=filing)
    return filing
