"""Documents attached to a case's steps (办件文书, issue #6 §1, §6): checked by type (extension AND
content signature) and size, stored once under MEDIA_ROOT/cases/ by their SHA-256, and downloaded
only through the permission- and scope-checked view (never served from a public URL)."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from sunshine.cases.locks import lock_case
from sunshine.cases.models import Case, CaseDocument, CaseTask
from sunshine.cases.outcome import rules
from sunshine.core import clock
from sunshine.core.audit import audit_record
from sunshine.core.errors import InvalidInput
from sunshine.core.permissions import require_permission

MAX_BYTES = 20 * 1024 * 1024  # per file; scans of a dossier are rarely larger
MAX_FILES = 10
# Extension -> (content type, the file's leading bytes).
ALLOWED = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    ".ofd": ("application/ofd", (b"PK\x03\x04",)),
}


@dataclass(frozen=True)
class Upload:
    name: str
    content_type: str
    data: bytes
    sha256: str


def _clean_name(name: str) -> str:
    name = os.path.basename((name or "").replace("\\", "/")).strip()
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '<>:"/|?*')
    return name[-200:] or "file"


def check_files(files) -> list[Upload]:
    """Read and check the uploads before anything is written (a bad file refuses the whole step)."""
    files = [f for f in (files or []) if f]
    if len(files) > MAX_FILES:
        raise InvalidInput(
            "too_many_files", _("一次最多上传%(n)d个文件") % {"n": MAX_FILES}, field="documents"
        )
    out = []
    for f in files:
        name = _clean_name(getattr(f, "name", ""))
        ext = Path(name).suffix.lower()
        if ext not in ALLOWED:
            raise InvalidInput(
                "file_type",
                _("“%(name)s”的类型不允许；可上传 PDF、JPG、PNG、DOCX、XLSX、OFD 文件") % {"name": name},
                field="documents",
            )
        size = getattr(f, "size", None)
        if size is not None and size > MAX_BYTES:
            raise InvalidInput(
                "file_too_large", _("“%(name)s”超过20MB，不能上传") % {"name": name}, field="documents"
            )
        data = f.read() if hasattr(f, "read") else bytes(f)
        if len(data) > MAX_BYTES:
            raise InvalidInput(
                "file_too_large", _("“%(name)s”超过20MB，不能上传") % {"name": name}, field="documents"
            )
        if not data:
            raise InvalidInput("file_empty", _("“%(name)s”是空文件") % {"name": name}, field="documents")
        content_type, signatures = ALLOWED[ext]
        if not any(data.startswith(sig) for sig in signatures):
            raise InvalidInput(
                "file_content",
                _("“%(name)s”的内容与文件类型不符") % {"name": name},
                field="documents",
            )
        out.append(Upload(name, content_type, data, hashlib.sha256(data).hexdigest()))
    return out


def storage_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "cases"


def path_of(sha256: str) -> Path:
    return storage_root() / sha256[:2] / sha256


def _store(upload: Upload) -> None:
    """Write once by content hash; a file already there is the same content. The write is atomic
    (temp file, then rename), so a crash never leaves half a file under its hash."""
    target = path_of(upload.sha256)
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(upload.data)
    os.replace(tmp, target)


def attach(*, actor, case: Case, task: CaseTask | None, uploads: list[Upload]) -> list[CaseDocument]:
    """Record checked uploads (inside the caller's transaction, the case already locked)."""
    docs = []
    now = clock.now()
    for upload in uploads:
        _store(upload)
        doc = CaseDocument.objects.create(
            case=case,
            task=task,
            name=upload.name,
            content_type=upload.content_type,
            size=len(upload.data),
            sha256=upload.sha256,
            uploaded_by=actor,
            uploaded_at=now,
        )
        audit_record(actor=actor, action="cases.document_attach", target=doc, extra={"sha256": upload.sha256})
        docs.append(doc)
    return docs


@transaction.atomic
def documents_add(*, actor, case: Case, files, task: CaseTask | None = None) -> list[CaseDocument]:
    """Attach files to a case (or one of its steps) outside a step's completion."""
    require_permission(actor, "cases.handle", case)
    case = lock_case(case.pk)
    rules.ensure_open(case)
    if task is not None and task.case_id != case.pk:
        raise InvalidInput("task_not_of_case", _("该环节不属于本办件"), field="task")
    uploads = check_files(files)
    if not uploads:
        raise InvalidInput("file_required", _("请选择要上传的文件"), field="documents")
    return attach(actor=actor, case=case, task=task, uploads=uploads)


@transaction.atomic
def step_complete(*, actor, task: CaseTask, files=(), **kwargs) -> CaseTask:
    """Do an ordinary step with its documents (services.task_complete, then the files, one transaction)."""
    from sunshine.cases import services

    uploads = check_files(files)
    if uploads:
        rules.ensure_open(lock_case(task.case_id))
    done = services.task_complete(actor=actor, task=task, **kwargs)
    attach(actor=actor, case=done.case, task=done, uploads=uploads)
    return done
