"""Privacy provider of the certificates: issued certificates (with their open badges) and the
optional Registerplein registration number.

Why certificates are kept: a certificate is the proof of a study result that the participant
shows to employers and accreditation bodies, often years later; the institution must then still
be able to confirm it (AVG art. 6(1)(c) and (f), and art. 17(3)(b) for erasure requests). So the
cohort's retention period does not remove it. It is kept for ``CERTIFICATE_RETENTION_YEARS``
(``LEERGANG_CERTIFICATE_RETENTION_YEARS``, 50 by default: a working life) after it was issued,
then anonymised.

Erasure on request goes further than the law requires, because the participant asked: the
certificate is revoked, the name and the badge's hashed e-mail are removed and the PDF is
deleted. The number keeps answering, on the public check and in the badge's revocation, that
it is "not valid"; nothing about the person remains.
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import storages
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import ModelLogEntry

from leergang.models import Enrolment
from leergang.privacy import FORMER_PARTICIPANT, Category, NotPersonal, Provider, isoformat

from .models import Certificate, RegisterpleinNumber

CERTIFICATE_RETENTION_YEARS = int(getattr(settings, "LEERGANG_CERTIFICATE_RETENTION_YEARS", 50))
ERASED_REASON = "Gegevens gewist op verzoek van de deelnemer."
EXPIRED_REASON = "Bewaartermijn verstreken."


class CertificatesProvider(Provider):
    name = "certificates"
    label = _("Certificates and open badges")
    order = 15

    def describe(self):
        return [
            Category(
                key="certificates.certificates",
                label=_("Certificates and open badges"),
                models=("certificates.Certificate",),
                data=_(
                    "Your name, the course, cohort and dates, study load, learning outcomes, "
                    "the date you passed, the certificate number, and for the open badge your "
                    "e-mail address hashed with a salt; who issued or revoked it and why."
                ),
                purpose=_(
                    "Proving that you completed the course, to you and to anyone you show "
                    "the certificate or badge to."
                ),
                basis=_(
                    "Legal obligation and legitimate interest: the institution must be able to "
                    "confirm a certificate it issued."
                ),
                recipients=_(
                    "Anyone with the certificate's number or link sees your name, the course, "
                    "the dates and whether it is valid; the badge shows only the hashed "
                    "address. Trainers of your cohort and administrators see the rest."
                ),
                retention=_(
                    "%(years)s years after it was issued (not shortened by the cohort's "
                    "retention period). On erasure at your request it is revoked and your "
                    "name and address are removed; the number then answers “not valid”."
                )
                % {"years": CERTIFICATE_RETENTION_YEARS},
            ),
            Category(
                key="certificates.registerplein",
                label=_("Registerplein registration number"),
                models=("certificates.RegisterpleinNumber",),
                data=_("Your registration number at Registerplein, if you entered it."),
                purpose=_("Reporting your accreditation points to Registerplein."),
                basis=_("Consent: you enter it yourself and can remove it at any time."),
                recipients=_("Administrators, and Registerplein in the list of participants."),
                retention=_(
                    "Until you remove it, or until the retention period of your last cohort ends."
                ),
            ),
            NotPersonal(
                ("certificates.CertificateSettings", "certificates.SigningKey"),
                "Course settings (issuer, accreditation, the programme lead's published "
                "signature) and the key that signs the badges.",
            ),
        ]

    def export(self, user, writer):
        rows = [
            {
                "number": c.number,
                "name": c.holder_name,
                "course": c.course_title,
                "cohort": c.cohort_name,
                "cohort_start": isoformat(c.cohort_start),
                "cohort_end": isoformat(c.cohort_end),
                "study_load_hours": c.study_load_hours,
                "modules": c.modules,
                "accreditation": c.accreditation_line,
                "passed_on": isoformat(c.passed_on),
                "issued_at": isoformat(c.issued_at),
                "revoked_at": isoformat(c.revoked_at),
                "revocation_reason": c.revocation_reason,
                "badge_recipient": {"identity": c.recipient_hash, "salt": c.recipient_salt},
            }
            for c in Certificate.objects.owned_by(user)
        ]
        writer.add_json("certificates.certificates", "certificaten.json", rows)
        number = RegisterpleinNumber.objects.filter(user=user).first()
        writer.add_json(
            "certificates.registerplein",
            "registerplein.json",
            {"number": number.number if number else None},
        )

    def erase(self, user, plan):
        certificates = Certificate.objects.filter(enrolment__user=user)
        _anonymise(plan, certificates, ERASED_REASON)
        plan.delete(
            RegisterpleinNumber.objects.filter(user=user), _("Registerplein registration number")
        )

    def retain(self, cohort, plan):
        # The PDFs are copies that can be made again; the certificates themselves stay.
        certificates = Certificate.objects.filter(cohort_settings__cohort=cohort).exclude(
            pdf_name=""
        )
        _delete_pdfs(plan, certificates)
        # A Registerplein number is only needed while the participant follows a cohort.
        today = timezone.localdate()
        still_needed = {
            e.user_id
            for e in Enrolment.objects.select_related("cohort")
            if e.cohort.retention_ends() >= today
        }
        plan.delete(
            RegisterpleinNumber.objects.filter(user__enrolments__cohort=cohort)
            .exclude(user_id__in=still_needed)
            .distinct(),
            _("Registerplein registration numbers"),
        )

    def expire(self, plan, now):
        limit = now - datetime.timedelta(days=round(365.25 * CERTIFICATE_RETENTION_YEARS))
        _anonymise(plan, Certificate.objects.filter(issued_at__lt=limit), EXPIRED_REASON)


def _delete_pdfs(plan, certificates):
    certificates = list(certificates)
    plan.delete_files(
        storages["private"], [c.pdf_name for c in certificates], _("certificate PDFs")
    )
    plan.update(
        Certificate.objects.filter(pk__in=[c.pk for c in certificates]).exclude(pdf_name=""),
        _("references to certificate PDFs"),
        pdf_name="",
        pdf_key="",
    )


def _anonymise(plan, certificates, reason):
    pending = certificates.filter(
        ~Q(holder_name=FORMER_PARTICIPANT)
        | ~Q(recipient_hash="")
        | Q(revoked_at__isnull=True)
        | ~Q(revocation_reason=reason)
    )
    _delete_pdfs(plan, pending.exclude(pdf_name=""))
    plan.change(
        pending,
        _("certificates revoked, without name or badge identity"),
        lambda c: _strip(c, reason),
    )
    certificate_type = ContentType.objects.get_for_model(Certificate)
    plan.update(
        ModelLogEntry.objects.filter(
            content_type=certificate_type,
            object_id__in=[str(pk) for pk in certificates.values_list("pk", flat=True)],
        ).exclude(data={}),
        _("audit log data of certificates"),
        data={},
    )


def _strip(certificate, reason):
    now = timezone.now()
    Certificate.objects.filter(pk=certificate.pk).update(
        holder_name=FORMER_PARTICIPANT,
        recipient_hash="",
        recipient_salt="",
        revoked_at=certificate.revoked_at or now,
        # A reason typed by an administrator may name the person: it goes too.
        revocation_reason=reason,
    )


@hooks.register("register_privacy_provider")
def provider():
    return CertificatesProvider()
