"""Who someone is at an identity provider (SURFconext, eduID, an LMS) and how we may link them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from leergang import roles


class ExternalIdentityQuerySet(models.QuerySet):
    def owned_by(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)


class ExternalIdentity(models.Model):
    """A login of one person at one provider, known by (issuer, subject), never by e-mail.

    The claims are kept as the provider last sent them, so trainers and administrators can see
    which institution someone logs in from; the account's own name and e-mail are never
    overwritten by them (no takeover by a provider that sends someone else's address).
    """

    OIDC = "oidc"
    LTI = "lti"
    SOURCES = [(OIDC, _("SURFconext / eduID")), (LTI, _("LMS (LTI)"))]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="external_identities",
        verbose_name=_("user"),
    )
    source = models.CharField(_("source"), max_length=8, choices=SOURCES, default=OIDC)
    issuer = models.CharField(_("issuer"), max_length=255)
    subject = models.CharField(_("subject"), max_length=255)
    name = models.CharField(_("name"), max_length=255, blank=True)
    email = models.EmailField(_("verified e-mail address"), blank=True)
    principal_name = models.CharField(_("eduPerson principal name"), max_length=255, blank=True)
    home_organization = models.CharField(_("home organisation"), max_length=255, blank=True)
    affiliations = models.JSONField(_("affiliations"), default=list, blank=True)
    linked_at = models.DateTimeField(_("linked at"), default=timezone.now)
    last_login_at = models.DateTimeField(_("last login"), null=True, blank=True)

    objects = ExternalIdentityQuerySet.as_manager()

    class Meta:
        verbose_name = _("external identity")
        verbose_name_plural = _("external identities")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="sso_identity_unique")
        ]

    def __str__(self):
        return f"{self.get_source_display()}: {self.principal_name or self.subject}"


class SelfRegistrationRule(models.Model):
    """An administrator's permission for strangers of one affiliation to enrol themselves."""

    affiliation = models.CharField(
        _("affiliation"),
        max_length=64,
        help_text=_("An eduPerson affiliation, such as student, employee or member."),
    )
    home_organization = models.CharField(
        _("home organisation"),
        max_length=255,
        blank=True,
        help_text=_("Only people of this institution (schac_home_organization); empty: any."),
    )
    cohort = models.ForeignKey(
        "leergang.Cohort",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("cohort"),
        help_text=_("The cohort they are enrolled in as participants."),
    )
    active = models.BooleanField(_("active"), default=True)

    panels = [
        FieldPanel("affiliation"),
        FieldPanel("home_organization"),
        FieldPanel("cohort"),
        FieldPanel("active"),
    ]

    class Meta:
        verbose_name = _("self-registration rule")
        verbose_name_plural = _("self-registration rules")

    def __str__(self):
        where = self.home_organization or _("any institution")
        return f"{self.affiliation} @ {where} → {self.cohort}"

    def matches(self, affiliations, home_organization):
        if self.home_organization and self.home_organization != home_organization:
            return False
        plain = {a.split("@", 1)[0].strip().lower() for a in affiliations}
        return self.affiliation.strip().lower() in plain


@register_setting(icon="key")
class SSOSettings(BaseGenericSetting):
    """Who must use single sign-on, and whom a stranger should ask for an invitation."""

    contact = models.CharField(
        _("whom to ask for an invitation"),
        max_length=255,
        blank=True,
        help_text=_("Shown to people who log in with SSO but are not enrolled."),
    )
    require_for_participants = models.BooleanField(_("participants"), default=False)
    require_for_trainers = models.BooleanField(_("trainers"), default=False)
    require_for_guild_members = models.BooleanField(_("guild members"), default=False)
    require_for_administrators = models.BooleanField(
        _("administrators"),
        default=False,
        help_text=_("Superusers may always use their password, so nobody is locked out."),
    )

    panels = [
        FieldPanel("contact"),
        MultiFieldPanel(
            [
                FieldPanel("require_for_participants"),
                FieldPanel("require_for_trainers"),
                FieldPanel("require_for_guild_members"),
                FieldPanel("require_for_administrators"),
            ],
            heading=_("Require single sign-on for"),
        ),
    ]

    class Meta:
        verbose_name = _("single sign-on")

    def requires_sso(self, user):
        if user.is_superuser:
            return False
        wanted = {
            roles.PARTICIPANTS: self.require_for_participants,
            roles.TRAINERS: self.require_for_trainers,
            roles.GUILD_MEMBERS: self.require_for_guild_members,
            roles.ADMINISTRATORS: self.require_for_administrators,
        }
        return any(on and roles.has_role(user, group) for group, on in wanted.items())
