"""The LMSs (LTI 1.3 platforms) that may launch the course, and the tool's own signing key."""

import uuid

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pylti1p3.registration import Registration
from wagtail.admin.panels import FieldPanel, HelpPanel


def tool_urls_help():
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return (
        "<p>Gegevens van deze tool voor de leeromgeving:</p><ul>"
        f"<li>Login-initiatie (OIDC login URL): <code>{base}/lti/login/</code></li>"
        f"<li>Launch / redirect URL: <code>{base}/lti/launch/</code></li>"
        f"<li>Sleutelset (public JWKS URL): <code>{base}/lti/jwks/</code></li></ul>"
    )


class ToolKey(models.Model):
    """The RSA key this tool signs with (deep-linking answers, service tokens). Made once."""

    kid = models.CharField(max_length=64, unique=True)
    private_key = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("tool key")

    def __str__(self):
        return self.kid

    @classmethod
    def current(cls):
        key = cls.objects.order_by("-created_at").first()
        if key is None:
            private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            pem = private.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            ).decode()
            key = cls.objects.create(kid=uuid.uuid4().hex, private_key=pem)
        return key

    def public_pem(self):
        private = serialization.load_pem_private_key(self.private_key.encode(), password=None)
        return (
            private.public_key()
            .public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            .decode()
        )

    def public_jwk(self):
        # pylti1p3 names the key by its thumbprint in the service tokens it signs; the key
        # set must use the same kid, or the LMS cannot find the key.
        return dict(Registration.get_jwk(self.public_pem()))


class Platform(models.Model):
    """An LMS registration: who may launch the course, and into which cohort."""

    name = models.CharField(_("name"), max_length=120)
    issuer = models.URLField(_("issuer"), max_length=255)
    client_id = models.CharField(_("client id"), max_length=255)
    deployment_ids = models.TextField(
        _("deployment ids"), help_text=_("One per line, as the LMS shows them.")
    )
    key_set_url = models.URLField(_("key set URL (JWKS)"), max_length=500)
    auth_login_url = models.URLField(_("authorisation endpoint"), max_length=500)
    auth_token_url = models.URLField(_("token endpoint"), max_length=500)
    cohort = models.ForeignKey(
        "leergang.Cohort",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cohort"),
    )
    instructors_become_trainers = models.BooleanField(
        _("LMS instructors become trainers of the cohort"), default=False
    )
    frame_origins = models.TextField(
        _("other addresses that show the tool in a frame"),
        blank=True,
        help_text=_(
            "One per line, when the LMS's web address differs from its issuer and "
            "authorisation endpoint (Canvas: e.g. https://school.instructure.com)."
        ),
    )
    active = models.BooleanField(_("active"), default=True)

    panels = [
        HelpPanel(content=tool_urls_help(), heading=_("This tool's URLs")),
        FieldPanel("name"),
        FieldPanel("issuer"),
        FieldPanel("client_id"),
        FieldPanel("deployment_ids"),
        FieldPanel("key_set_url"),
        FieldPanel("auth_login_url"),
        FieldPanel("auth_token_url"),
        FieldPanel("cohort"),
        FieldPanel("instructors_become_trainers"),
        FieldPanel("frame_origins"),
        FieldPanel("active"),
    ]

    class Meta:
        verbose_name = _("LMS platform")
        verbose_name_plural = _("LMS platforms")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "client_id"], name="lti_platform_unique")
        ]

    def __str__(self):
        return self.name

    def frame_origin_list(self):
        return [line.strip() for line in self.frame_origins.splitlines() if line.strip()]

    def deployments(self):
        return {line.strip() for line in self.deployment_ids.splitlines() if line.strip()}


class UsedNonce(models.Model):
    """A launch's nonce, kept until its token expires: a replayed launch is refused."""

    issuer = models.CharField(max_length=255)
    nonce = models.CharField(max_length=255)
    expires_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "nonce"], name="lti_nonce_unique")]

    def __str__(self):
        return self.nonce


class CourseContext(models.Model):
    """A course shell in an LMS that launched the tool, with its grade-book endpoint (AGS)."""

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="contexts")
    context_id = models.CharField(max_length=255)
    title = models.CharField(max_length=255, blank=True)
    lineitems_url = models.URLField(max_length=500, blank=True)
    ags_scopes = models.JSONField(default=list, blank=True)
    memberships_url = models.URLField(max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["platform", "context_id"], name="lti_context_unique")
        ]

    def __str__(self):
        return self.title or self.context_id
