"""Issuing and revoking certificates: one function per state change, each logged.

Issuing is idempotent: a participant has at most one certificate per enrolment (the database
holds it to that), and issuing again returns the one that exists. Someone whose final milestone
has not passed is refused with the reason, in Dutch, for the administrator to read.
"""

import hashlib
import io
import secrets
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from wagtail.log_actions import log

from assessment.models import Submission
from leergang.links import absolute_url
from leergang.models import Cohort, Enrolment, normalize_email
from leergang.permissions import is_administrator
from leergang.privacy import is_erased
from modules.models import ModulePage

from . import numbers
from .models import Certificate, CertificateSettings

SIGNATURE_DIR = "certificates/signatures"
SIGNATURE_MAX = (900, 300)


class Refused(Exception):
    """The action is not allowed; ``str()`` is a Dutch sentence for the user."""


# --- who may -----------------------------------------------------------------------------------


def may_issue(user, cohort_settings):
    """Administrators; the cohort's trainers where the settings allow it."""
    if is_administrator(user):
        return True
    if not cohort_settings.trainers_may_issue:
        return False
    return Cohort.objects.managed_by(user).filter(pk=cohort_settings.cohort_id).exists()


def issuable_cohorts(user):
    """The cohorts whose certificates ``user`` may issue (with their settings)."""
    settings_qs = CertificateSettings.objects.filter(
        cohort__in=Cohort.objects.managed_by(user)
    ).select_related("cohort")
    return [s for s in settings_qs if may_issue(user, s)]


def may_revoke(user):
    return is_administrator(user)


# --- eligibility -------------------------------------------------------------------------------


def final_submission(enrolment, cohort_settings):
    """The latest round at the final milestone, or None."""
    return (
        Submission.objects.filter(
            portfolio__enrolment=enrolment, milestone=cohort_settings.final_milestone
        )
        .order_by("-round", "-pk")
        .first()
    )


def refusal(enrolment, cohort_settings):
    """Why ``enrolment`` cannot get a certificate now, or None when it can."""
    user = enrolment.user
    name = user.get_full_name() or user.email
    milestone = cohort_settings.final_milestone.name
    if not user.is_active or is_erased(user):
        return _("The account of %(name)s is no longer active.") % {"name": name}
    submission = final_submission(enrolment, cohort_settings)
    if submission is None or submission.state == Submission.State.CONCEPT:
        return _("%(name)s has not submitted for “%(milestone)s” yet.") % {
            "name": name,
            "milestone": milestone,
        }
    if submission.state != Submission.State.PASSED:
        return _("%(name)s has not passed “%(milestone)s”: the state is “%(state)s”.") % {
            "name": name,
            "milestone": milestone,
            "state": submission.get_state_display(),
        }
    return None


@dataclass
class CohortRow:
    """One participant on the issuing page: their certificate, or why they cannot have one."""

    enrolment: Enrolment
    certificate: Certificate | None = None
    refusal: str | None = None

    @property
    def can_issue(self):
        return self.certificate is None and self.refusal is None


def current_certificate(certificates):
    """Of one enrolment's certificates: the valid one, else the latest revoked one."""
    certificates = sorted(certificates, key=lambda c: (not c.is_revoked, c.issued_at))
    return certificates[-1] if certificates else None


def cohort_rows(cohort_settings):
    enrolments = cohort_settings.cohort.enrolments.select_related("user").prefetch_related(
        "certificates"
    )
    rows = []
    for enrolment in enrolments:
        certificate = current_certificate(enrolment.certificates.all())
        rows.append(
            CohortRow(
                enrolment=enrolment,
                certificate=certificate,
                refusal=None if certificate else refusal(enrolment, cohort_settings),
            )
        )
    return rows


# --- issuing -----------------------------------------------------------------------------------


def course_modules():
    """The modules of the course in order, with their study load and learning outcomes."""
    modules = []
    for page in ModulePage.objects.in_course_order().prefetch_related("learning_outcomes"):
        modules.append(
            {
                "title": page.title,
                "url": absolute_url(page.url) if page.url else "",
                "hours": page.study_load_hours,
                "outcomes": [o.text for o in page.learning_outcomes.all()],
            }
        )
    return modules


def recipient_hash(email, salt):
    """Open Badges' hashed identity: ``sha256$`` and the hex digest of address + salt."""
    digest = hashlib.sha256((normalize_email(email) + salt).encode("utf-8")).hexdigest()
    return f"sha256${digest}"


def copy_signature(image):
    """The signature as a flat RGB PNG in the private storage (PDF/A has no transparency);
    named by its content, so certificates with the same signature share one file."""
    if image is None:
        return ""
    try:
        with image.open_file() as handle, Image.open(handle) as source:
            source.load()
            flat = Image.new("RGB", source.size, "white")
            rgba = source.convert("RGBA")
            flat.paste(rgba, mask=rgba.getchannel("A"))
    except (OSError, UnidentifiedImageError, ValueError):
        return ""
    flat.thumbnail(SIGNATURE_MAX)
    out = io.BytesIO()
    flat.save(out, format="PNG", optimize=True)
    data = out.getvalue()
    name = f"{SIGNATURE_DIR}/{hashlib.sha256(data).hexdigest()}.png"
    storage = storages["private"]
    if not storage.exists(name):
        storage.save(name, ContentFile(data))
    return name


def _build(enrolment, cohort_settings, submission, by, now):
    user, cohort = enrolment.user, cohort_settings.cohort
    modules = course_modules()
    salt = secrets.token_hex(16)
    return Certificate(
        number=numbers.generate(now.year),
        enrolment=enrolment,
        cohort_settings=cohort_settings,
        holder_name=user.get_full_name() or user.email,
        course_title=cohort_settings.course_title,
        cohort_name=cohort.name,
        cohort_start=cohort.start_date,
        cohort_end=cohort.end_date,
        place=cohort_settings.place or cohort.location,
        study_load_hours=sum(m["hours"] for m in modules),
        modules=modules,
        eqf_level=cohort_settings.eqf_level,
        accreditation_line=cohort_settings.accreditation_line(),
        accreditation_activity=cohort_settings.accreditation_activity,
        accreditation_points=cohort_settings.accreditation_points,
        issuer_name=cohort_settings.issuer_name,
        programme_lead_name=cohort_settings.programme_lead_name,
        programme_lead_role=cohort_settings.programme_lead_role,
        signature_name=copy_signature(cohort_settings.signature),
        passed_on=timezone.localdate(submission.decided_at or now),
        issued_at=now,
        issued_by=by,
        recipient_salt=salt,
        recipient_hash=recipient_hash(user.email, salt),
    )


def issue(enrolment, by, *, at=None, reissue=False):
    """The enrolment's certificate: the valid one, or a new one if the final milestone
    passed. Returns (certificate, created); raises Refused with the reason otherwise.
    After a revocation a new certificate (a new number, replacing the revoked one, which keeps
    answering "revoked") is issued only with ``reissue`` (administrators only: the views check).
    ``at`` backdates the issue (the demo's certificate of 2017)."""
    cohort_settings = CertificateSettings.objects.filter(cohort_id=enrolment.cohort_id).first()
    if cohort_settings is None:
        raise Refused(_("This cohort has no certificate settings yet."))
    with transaction.atomic():
        # One issuer at a time per participant: the second waits and finds the first's.
        enrolment = (
            Enrolment.objects.select_for_update().select_related("user").get(pk=enrolment.pk)
        )
        existing = current_certificate(Certificate.objects.filter(enrolment=enrolment))
        if existing is not None and not existing.is_revoked:
            return existing, False
        if existing is not None and not reissue:
            raise Refused(
                _(
                    "The certificate %(number)s was revoked on %(date)s; it is not issued again "
                    "by itself. An administrator can issue a new one."
                )
                % {"number": existing.number, "date": _date(existing.revoked_at)}
            )
        reason = refusal(enrolment, cohort_settings)
        if reason:
            raise Refused(reason)
        now = at or timezone.now()
        certificate = _build(
            enrolment, cohort_settings, final_submission(enrolment, cohort_settings), by, now
        )
        certificate.replaces = existing
        try:
            with transaction.atomic():
                certificate.save()
        except IntegrityError:
            # A number that was drawn before (one in 2^50) or a concurrent issue: try once more.
            certificate.number = numbers.generate(now.year)
            certificate.save()
        data = {"number": certificate.number}
        if existing is not None:
            data["replaces"] = existing.number
        log(certificate, "certificates.issue", user=by, data=data)
    return certificate, True


@dataclass
class CohortResult:
    issued: list = field(default_factory=list)
    existing: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # [(enrolment, reason)]


def issue_cohort(cohort_settings, by):
    """Issue every certificate of the cohort that can be issued; say what happened to each."""
    result = CohortResult()
    for enrolment in cohort_settings.cohort.enrolments.select_related("user"):
        try:
            certificate, created = issue(enrolment, by)
        except Refused as exc:
            result.refused.append((enrolment, str(exc)))
            continue
        (result.issued if created else result.existing).append(certificate)
    return result


# --- revoking ----------------------------------------------------------------------------------


def revoke(certificate, by, reason):
    """Revoke with a reason (kept and shown in the badge's revocation). Revoking twice keeps
    the first date and reason."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise Refused(_("Give the reason for revoking the certificate."))
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.is_revoked:
            return certificate
        certificate.revoked_at = timezone.now()
        certificate.revoked_by = by
        certificate.revocation_reason = reason[:300]
        certificate.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
        log(
            certificate,
            "certificates.revoke",
            user=by,
            data={"reason": certificate.revocation_reason},
        )
    return certificate


def _date(value):
    return date_format(timezone.localtime(value), "DATE_FORMAT")
