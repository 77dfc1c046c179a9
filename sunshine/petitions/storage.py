"""Files sent with a petition, an added piece of information or an answer (issue #8 §7: uploads
checked by type and size). The check is the cases app's (cases.outcome.documents: extension AND
content signature), with a tighter limit for what the public sends; files are stored once by their
SHA-256 under MEDIA_ROOT/petitions/ and served only through permission-checked views."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from sunshine.cases.outcome.documents import Upload
from sunshine.cases.outcome.documents import check_files as _check_case_files
from sunshine.core import clock
from sunshine.core.errors import InvalidInput

MAX_FILES = 3
MAX_BYTES = 5 * 1024 * 1024


def check_files(files) -> list[Upload]:
    """Read and check the uploads before anything is written: at most 3 files of 5 MB, PDF, JPG,
    PNG, DOCX, XLSX or OFD whose content matches the extension."""
    files = [f for f in (files or []) if f]
    if len(files) > MAX_FILES:
        raise InvalidInput("too_many_files", _("最多上传%(n)d个附件") % {"n": MAX_FILES}, field="files")
    for f in files:
        size = getattr(f, "size", None)
        if size is not None and size > MAX_BYTES:
            raise InvalidInput(
                "file_too_large",
                _("“%(name)s”超过5MB，不能上传") % {"name": getattr(f, "name", "")},
                field="files",
            )
    try:
        uploads = _check_case_files(files)
    except InvalidInput as error:
        raise InvalidInput(error.code, error.message, field="files") from error
    for upload in uploads:
        if len(upload.data) > MAX_BYTES:
            raise InvalidInput(
                "file_too_large", _("“%(name)s”超过5MB，不能上传") % {"name": upload.name}, field="files"
            )
    return uploads


def storage_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "petitions"


def path_of(sha256: str) -> Path:
    return storage_root() / sha256[:2] / sha256


def _store(upload: Upload) -> None:
    target = path_of(upload.sha256)
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(upload.data)
    os.replace(tmp, target)


def attach(*, petition, event, uploads: list[Upload]) -> list:
    from sunshine.petitions.models import PetitionAttachment

    now = clock.now()
    out = []
    for upload in uploads:
        _store(upload)
        out.append(
            PetitionAttachment.objects.create(
                petition=petition,
                event=event,
                name=upload.name,
                content_type=upload.content_type,
                size=len(upload.data),
                sha256=upload.sha256,
                uploaded_at=now,
            )
        )
    return out
