"""The certificate as an A4 PDF/A document, through the portfolio's sandboxed render path.

The HTML is built here; ``portfolio_pdf.pdf.render_html`` lays it out in its time- and
memory-limited child with the fetcher that resolves only the shipped fonts and the files handed
to it (here: the frozen copy of the signature), and ``portfolio_pdf.pdfa`` finishes the PDF/A.
The QR code with the verification URL is inline SVG (segno), so nothing is fetched for it.
The PDF is kept in the private storage under a hash of everything that shapes it.
"""

import hashlib
import json

import segno
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from portfolio_pdf import fetcher, pdf

from . import openbadges
from .models import Certificate

TEMPLATE_VERSION = "2025-certificate-3"
PDF_DIR = "certificates/pdf"
SIGNATURE_ID = 1


def qr_svg(url, title):
    """The QR code as inline SVG; its <title> becomes the figure's alternative text."""
    code = segno.make(url, error="m")
    return mark_safe(  # noqa: S308 - segno's own markup; url and title are escaped by segno
        code.svg_inline(scale=3, border=0, dark="#1f2a2e", title=title, omitsize=False)
    )


def build_html(certificate, *, for_browser=False):
    verify_url = openbadges.verify_url(certificate)
    with translation.override("nl"):
        context = {
            "certificate": certificate,
            "verify_url": verify_url,
            "qr": qr_svg(verify_url, f"QR-code: {verify_url}"),
            "static_prefix": fetcher.STATIC_PREFIX,
            "signature_src": fetcher.attachment_url(SIGNATURE_ID)
            if certificate.signature_name
            else "",
            "issued_on": timezone.localdate(certificate.issued_at),
            "template_version": TEMPLATE_VERSION,
            "for_browser": for_browser,
        }
        return render_to_string("certificates/pdf/certificate.html", context)


def cache_key(certificate):
    fields = {
        f.attname: getattr(certificate, f.attname)
        for f in Certificate._meta.concrete_fields
        if f.attname not in ("pdf_name", "pdf_key")
    }
    payload = {
        "certificate": fields,
        "verify_url": openbadges.verify_url(certificate),
        "template": TEMPLATE_VERSION,
    }
    raw = json.dumps(payload, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def render(certificate):
    """The PDF bytes, rendered afresh (RenderError with a Dutch message on failure)."""
    attachments = {}
    if certificate.signature_name:
        attachments[SIGNATURE_ID] = (certificate.signature_name, "image/png")
    return pdf.render_html(build_html(certificate), attachments).pdf


def stored_pdf(certificate):
    """The name of the certificate's PDF in the private storage, rendered if it is missing or
    stale. The file is named by the hash of what went into it, so an unchanged certificate is
    never rendered twice. A revoked certificate has no PDF (the caller refuses it)."""
    storage = storages["private"]
    key = cache_key(certificate)
    name = f"{PDF_DIR}/{certificate.number}-{key[:20]}.pdf"
    if not storage.exists(name):
        name = storage.save(name, ContentFile(render(certificate)))
    old = certificate.pdf_name
    if (certificate.pdf_name, certificate.pdf_key) != (name, key):
        Certificate.objects.filter(pk=certificate.pk).update(pdf_name=name, pdf_key=key)
        certificate.pdf_name, certificate.pdf_key = name, key
    if old and old != name:
        storage.delete(old)
    return name


def download_name(certificate):
    return f"certificaat-{slugify(certificate.holder_name) or 'creative-communities'}.pdf"
