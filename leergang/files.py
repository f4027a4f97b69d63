"""Serving and deleting stored files: one owner for the headers and the timing.

``private_file_response`` is the only way a view hands out a file that is not public (attachments,
PDFs, export ZIPs, snapshot copies) and ``cms_file_response`` the only way for CMS documents and
images: browsers neither sniff nor run what they get, and a private file is never cached.
``delete_files_after_commit`` removes files only once the rows that pointed at them are gone for good,
so a rolled-back transaction never leaves a row without its file.
"""

import logging
import mimetypes

from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files import File
from django.db import transaction
from django.http import FileResponse, Http404

logger = logging.getLogger(__name__)

PUBLIC_MAX_AGE = 3600
_SANDBOX = "sandbox; default-src 'none'"


def _guess(filename, content_type):
    return content_type or mimetypes.guess_type(filename or "")[0] or "application/octet-stream"


def _harden(response, *, same_origin=True):
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = _SANDBOX
    if same_origin:
        response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def private_file_response(
    file, *, filename, content_type=None, inline=False, storage=None, name=None
):
    """A private file as a download (or inline where the browser may show it).

    Pass an open file-like object (or a Django ``File``/``FieldFile``) as ``file``, or
    ``storage`` and ``name`` to open it here; a missing file is a 404, not a 500.
    """
    if file is None:
        try:
            file = storage.open(name, "rb")
        except (FileNotFoundError, OSError, ValidationError, SuspiciousFileOperation) as exc:
            raise Http404 from exc
    elif isinstance(file, File):
        file = file.open("rb")
    response = FileResponse(
        file,
        as_attachment=not inline,
        filename=filename,
        content_type=_guess(filename, content_type),
    )
    response["Cache-Control"] = "private, no-store"
    return _harden(response)


def cms_file_response(file, *, filename, content_type=None, attachment, public=False):
    """A CMS document or image: cached publicly when anyone may read it, privately otherwise.

    A public one (the photo of a published story) may also be shown by other sites, as it
    always could; a private one only by pages of this site."""
    response = FileResponse(
        file.open("rb"),
        as_attachment=attachment,
        filename=filename,
        content_type=_guess(filename, content_type),
    )
    response["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}" if public else "private"
    return _harden(response, same_origin=not public)


def delete_files(storage, names):
    """Delete stored files now; a file already gone is fine, one that cannot go is logged."""
    for name in names:
        if not name:
            continue
        try:
            storage.delete(name)
        except FileNotFoundError:
            pass
        except OSError:
            logger.exception("Could not delete stored file %s", name)


def delete_files_after_commit(storage, names):
    """Delete these files once the surrounding transaction commits (at once outside one)."""
    names = [n for n in names if n]
    if names:
        transaction.on_commit(lambda: delete_files(storage, names))
