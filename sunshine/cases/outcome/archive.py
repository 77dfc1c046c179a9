"""Archiving a closed case (归档, CASE-156): its file number in the uniform dossier and who filed it.
Afterwards the outcome is read-only (rules.ensure_open)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sunshine.cases.locks import lock_case
from sunshine.cases.models import Archive, Case
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
