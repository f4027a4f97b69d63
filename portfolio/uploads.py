"""Checks on uploaded evidence and the thumbnails of images.

Only JPEG, PNG, WebP, PDF and DOCX are accepted, up to 10 MB. The content must match the
extension (a PNG renamed to .pdf, or HTML renamed to .jpg, is refused). Images are bounded in
pixels before they are decoded (decompression bombs) and re-encoded without metadata, so GPS
positions in photo EXIF never reach the portfolio. DOCX files must be a real Word zip with a
bounded uncompressed size (zip bombs).
"""

import contextlib
import io
import logging
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps
from willow.image import Image as WillowImage

logger = logging.getLogger(__name__)

MAX_UPLOAD_SIZE = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
MAX_IMAGE_SIDE = 12_000
MAX_DOCX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_DOCX_MEMBERS = 2_000
THUMBNAIL_SIZE = (480, 360)

TYPES = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
PIL_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}


def sniff(head):
    """The content type that the first bytes show, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"PK\x03\x04"):
        return TYPES["docx"]
    return None


def _check_docx(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_DOCX_MEMBERS:
                raise ValidationError(_("This Word document contains too many parts."))
            total = sum(m.file_size for m in members)
            if total > MAX_DOCX_UNCOMPRESSED:
                raise ValidationError(_("This Word document unpacks to more than 50 MB."))
            names = {m.filename for m in members}
            if "[Content_Types].xml" not in names or not any(n.startswith("word/") for n in names):
                raise ValidationError(_("This file is not a Word document (.docx)."))
    except zipfile.BadZipFile as exc:
        raise ValidationError(_("This file is not a Word document (.docx).")) from exc


def _clean_image(data, content_type):
    """Bound the pixels before decoding, verify, then re-encode without metadata."""
    try:
        with Image.open(io.BytesIO(data)) as probe:
            width, height = probe.size
            if (
                width * height > MAX_IMAGE_PIXELS
                or width > MAX_IMAGE_SIDE
                or height > MAX_IMAGE_SIDE
            ):
                raise ValidationError(
                    _("This image is too large (at most 40 megapixels and 12,000 pixels a side).")
                )
            if probe.format != PIL_FORMATS[content_type]:
                raise ValidationError(_("The content of this file does not match its extension."))
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            if content_type == "image/jpeg" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            out = io.BytesIO()
            options = {"quality": 90} if content_type != "image/png" else {"optimize": True}
            image.save(out, PIL_FORMATS[content_type], **options)
            return out.getvalue(), image.size
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(_("This image is too large to process safely.")) from exc
    except Exception as exc:  # noqa: BLE001 - any decoder error means a broken image
        raise ValidationError(_("This image is damaged or not a real image.")) from exc


def validate_upload(uploaded):
    """Return (ContentFile, content_type, width, height) or raise ValidationError (Dutch)."""
    name = (uploaded.name or "").rsplit("/", 1)[-1]
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in TYPES:
        raise ValidationError(
            _("Only photos (JPEG, PNG, WebP), PDF and Word (.docx) files can be added.")
        )
    if uploaded.size is not None and uploaded.size > MAX_UPLOAD_SIZE:
        raise ValidationError(_("This file is larger than 10 MB."))
    data = uploaded.read(MAX_UPLOAD_SIZE + 1)
    if len(data) > MAX_UPLOAD_SIZE:
        raise ValidationError(_("This file is larger than 10 MB."))
    if not data:
        raise ValidationError(_("This file is empty."))
    content_type = TYPES[ext]
    if sniff(data[:16]) != content_type:
        raise ValidationError(_("The content of this file does not match its extension."))
    width = height = None
    if content_type in PIL_FORMATS:
        data, (width, height) = _clean_image(data, content_type)
    elif content_type == "application/pdf":
        if b"%%EOF" not in data[-2048:]:
            raise ValidationError(_("This PDF file is incomplete or damaged."))
    else:
        _check_docx(data)
    return ContentFile(data, name=name), content_type, width, height


def make_thumbnail(attachment):
    """A small JPEG of an image attachment, through Willow, cached in the private storage."""
    if not attachment.is_image:
        return None
    storage = attachment.file.storage
    if attachment.thumbnail and storage.exists(attachment.thumbnail):
        return attachment.thumbnail
    with attachment.file.open("rb") as fh:
        image = WillowImage.open(fh)
        image = image.auto_orient()
        width, height = image.get_size()
        scale = min(THUMBNAIL_SIZE[0] / width, THUMBNAIL_SIZE[1] / height, 1)
        if scale < 1:
            image = image.resize((max(1, int(width * scale)), max(1, int(height * scale))))
        out = io.BytesIO()
        if image.has_alpha():
            image = image.set_background_color_rgb((255, 255, 255))
        image.save_as_jpeg(out, quality=80)
    name = attachment.file.name.rsplit(".", 1)[0] + ".thumb.jpg"
    name = storage.save(name, ContentFile(out.getvalue()))
    attachment.thumbnail = name
    attachment.save(update_fields=["thumbnail"])
    return name


class StorageUnavailable(Exception):
    """The private storage could not take the file (disk full, folder not writable)."""


def _stored_names(storage, folder):
    try:
        return set(storage.listdir(folder)[1])
    except OSError:
        return set()


def save_attachment(form):
    """Save a new attachment from a valid AttachmentForm, all or nothing.

    When the storage fails (ENOSPC, EACCES, EROFS, ...) the row is not written and any file the
    storage half-wrote is removed again; ``StorageUnavailable`` tells the view to say so.
    """
    entry = form.instance.entry
    storage = form.instance.file.storage
    folder = f"portfolio/{entry.portfolio.public_id}"
    before = _stored_names(storage, folder)
    try:
        with transaction.atomic():
            return form.save()
    except OSError as exc:
        logger.error("Storing an attachment for entry %s failed: %s", entry.pk, exc)
        for name in _stored_names(storage, folder) - before:
            with contextlib.suppress(OSError):
                storage.delete(f"{folder}/{name}")
        raise StorageUnavailable(str(exc)) from exc
