"""Certificates at the end of the course, the Open Badges made from them, and what they need.

A ``Certificate`` is frozen when it is issued: the name, course, cohort, study load, learning
outcomes, accreditation line, issuer and signature as they were then. Later edits of modules or
settings never change a certificate that someone has already shown to an employer. Revocation
keeps the row (the number must keep answering "revoked") and records when, by whom and why.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel

from leergang.models import Cohort, Enrolment

EQF_LEVELS = [(n, str(n)) for n in range(1, 9)]


class CertificateSettings(models.Model):
    """How a cohort's certificate and badge read, and who may issue them (one per cohort)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cohort = models.OneToOneField(
        Cohort,
        on_delete=models.CASCADE,
        related_name="certificate_settings",
        verbose_name=_("cohort"),
    )
    final_milestone = models.ForeignKey(
        "assessment.Milestone",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("final milestone"),
        help_text=_(
            "A participant whose submission at this milestone passed may get the certificate."
        ),
    )
    course_title = models.CharField(
        _("course title"), max_length=200, default="Leergang Creative Communities"
    )
    description = models.TextField(
        _("description"),
        default=(
            "Post-hbo leergang voor professionals die in wijken en dorpen werken: aansluiten bij "
            "de ideeën van bewoners en hen coachen in het zelf uitvoeren ervan."
        ),
        help_text=_("What the course is about; shown on the badge."),
    )
    criteria = models.TextField(
        _("criteria"),
        default=(
            "De deelnemer heeft alle modules gevolgd, een portfolio met waardenreflecties en "
            "veldwerk bijgehouden en de eindbeoordeling met voldaan afgesloten."
        ),
        help_text=_("What a participant did to earn it; shown on the badge."),
    )
    eqf_level = models.PositiveSmallIntegerField(_("EQF level"), choices=EQF_LEVELS, default=6)
    place = models.CharField(
        _("place of issue"),
        max_length=120,
        blank=True,
        help_text=_("Printed before the date; empty: the cohort's location."),
    )
    issuer_name = models.CharField(_("issuer"), max_length=200)
    issuer_url = models.URLField(_("issuer's website"))
    issuer_email = models.EmailField(_("issuer's e-mail address"))
    accreditation_body = models.CharField(
        _("accreditation body"), max_length=120, blank=True, default="Registerplein"
    )
    accreditation_activity = models.CharField(
        _("activity number"),
        max_length=40,
        blank=True,
        help_text=_(
            "The accreditation body's number for this course; empty: no accreditation line."
        ),
    )
    accreditation_points = models.PositiveSmallIntegerField(
        _("accreditation points"), null=True, blank=True
    )
    programme_lead_name = models.CharField(_("programme lead"), max_length=120)
    programme_lead_role = models.CharField(
        _("role of the programme lead"), max_length=120, default="Programmaleider"
    )
    signature = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signature"),
        help_text=_("A scan of the programme lead's signature (PNG or JPEG, light background)."),
    )
    trainers_may_issue = models.BooleanField(_("trainers of the cohort may issue"), default=False)

    panels = [
        FieldPanel("cohort"),
        FieldPanel("final_milestone"),
        MultiFieldPanel(
            [
                FieldPanel("course_title"),
                FieldPanel("description"),
                FieldPanel("criteria"),
                FieldRowPanel([FieldPanel("eqf_level"), FieldPanel("place")]),
            ],
            heading=_("Certificate and badge"),
        ),
        MultiFieldPanel(
            [FieldPanel("issuer_name"), FieldPanel("issuer_url"), FieldPanel("issuer_email")],
            heading=_("Issuer"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("accreditation_body"),
                FieldRowPanel(
                    [FieldPanel("accreditation_activity"), FieldPanel("accreditation_points")]
                ),
            ],
            heading=_("Accreditation"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("programme_lead_name"), FieldPanel("programme_lead_role")]
                ),
                FieldPanel("signature"),
            ],
            heading=_("Signature"),
        ),
        FieldPanel("trainers_may_issue"),
        HelpPanel(
            content=_(
                "Certificates are issued under Certificates in the menu. An issued certificate "
                "keeps what these settings said when it was issued."
            )
        ),
    ]

    class Meta:
        verbose_name = _("certificate settings")
        verbose_name_plural = _("certificate settings")
        ordering = ["-cohort__start_date"]

    def __str__(self):
        return str(self.cohort)

    def clean(self):
        if (
            self.final_milestone_id
            and self.cohort_id
            and self.final_milestone.cohort_id != self.cohort_id
        ):
            raise ValidationError({"final_milestone": _("Choose a milestone of this cohort.")})
        if self.accreditation_activity and self.accreditation_points is None:
            raise ValidationError(
                {"accreditation_points": _("Give the points that go with the activity number.")}
            )

    def accreditation_line(self):
        if not self.accreditation_activity:
            return ""
        return _(
            "Accredited by %(body)s under activity number %(number)s for %(points)s points."
        ) % {
            "body": self.accreditation_body or "Registerplein",
            "number": self.accreditation_activity,
            "points": self.accreditation_points,
        }


class CertificateQuerySet(models.QuerySet):
    def owned_by(self, user):
        """The user's own certificates."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(enrolment__user=user)

    def managed_by(self, user):
        """Certificates of the cohorts a user manages (all for an administrator)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(cohort_settings__cohort__in=Cohort.objects.managed_by(user))

    def visible_to(self, user):
        """Own certificates and those of managed cohorts."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(
            Q(pk__in=self.owned_by(user).values("pk"))
            | Q(pk__in=self.managed_by(user).values("pk"))
        )

    def valid(self):
        return self.filter(revoked_at__isnull=True)

    def revoked(self):
        return self.filter(revoked_at__isnull=False)


class Certificate(models.Model):
    """The certificate of one participant for one cohort, frozen when it was issued."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(_("number"), max_length=32, unique=True, editable=False)
    # One valid certificate per enrolment (the constraint below); a revoked one stays, so that
    # its number keeps answering "revoked", and an administrator may issue a new one.
    enrolment = models.ForeignKey(
        Enrolment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("enrolment"),
    )
    replaces = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaced_by",
        editable=False,
        verbose_name=_("replaces"),
    )
    cohort_settings = models.ForeignKey(
        CertificateSettings,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("certificate settings"),
    )
    holder_name = models.CharField(_("name"), max_length=300)
    course_title = models.CharField(_("course"), max_length=200)
    cohort_name = models.CharField(_("cohort"), max_length=120)
    cohort_start = models.DateField(_("start date"))
    cohort_end = models.DateField(_("end date"))
    place = models.CharField(_("place"), max_length=120, blank=True)
    study_load_hours = models.PositiveIntegerField(_("study load (hours)"))
    # [{"title", "url", "hours", "outcomes": [text, ...]}] in course order.
    modules = models.JSONField(_("modules and learning outcomes"), default=list)
    eqf_level = models.PositiveSmallIntegerField(_("EQF level"))
    accreditation_line = models.CharField(_("accreditation"), max_length=300, blank=True)
    accreditation_activity = models.CharField(max_length=40, blank=True)
    accreditation_points = models.PositiveSmallIntegerField(null=True, blank=True)
    issuer_name = models.CharField(_("issuer"), max_length=200)
    programme_lead_name = models.CharField(_("programme lead"), max_length=120)
    programme_lead_role = models.CharField(max_length=120, blank=True)
    # A copy of the signature in the private storage, as it was when the certificate was issued.
    signature_name = models.CharField(max_length=255, blank=True, editable=False)
    passed_on = models.DateField(_("passed on"))
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revocation_reason = models.CharField(_("reason for revocation"), max_length=300, blank=True)
    # The badge's recipient: sha256 of the e-mail address and this salt (Open Badges hashing).
    recipient_salt = models.CharField(max_length=64, blank=True, editable=False)
    recipient_hash = models.CharField(max_length=80, blank=True, editable=False)
    # The rendered PDF in the private storage and the hash of what went into it.
    pdf_name = models.CharField(max_length=255, blank=True, editable=False)
    pdf_key = models.CharField(max_length=64, blank=True, editable=False)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_valid_certificate_per_enrolment",
            )
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("certificates:verify", args=[self.number])

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    @property
    def owner(self):
        return self.enrolment.user if self.enrolment_id else None

    def outcome_count(self):
        return sum(len(m.get("outcomes", [])) for m in self.modules)


class SigningKey(models.Model):
    """The Ed25519 key pair that signs the Open Badges 3.0 credentials.

    Made once, on first use, unless ``LEERGANG_BADGE_SIGNING_KEY`` supplies one. Old keys stay
    published so that credentials signed with them keep verifying."""

    kid = models.CharField(max_length=64, unique=True)
    public_jwk = models.JSONField(default=dict, editable=False)
    # Empty for a key that comes from the setting (its private half never enters the database).
    private_pem = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")
        ordering = ["-created_at"]

    def __str__(self):
        return self.kid


registration_number_validator = RegexValidator(
    r"^[A-Za-z0-9-]{3,20}$",
    _("Use 3 to 20 letters, digits or dashes, as on your Registerplein registration."),
)


class RegisterpleinNumber(models.Model):
    """A participant's registration number at Registerplein (optional), for the list of
    participants the accreditation body asks for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="registerplein_number",
        verbose_name=_("participant"),
    )
    number = models.CharField(
        _("Registerplein registration number"),
        max_length=20,
        validators=[registration_number_validator],
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("Registerplein registration number")
        verbose_name_plural = _("Registerplein registration numbers")

    def __str__(self):
        return self.number
