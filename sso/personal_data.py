"""Privacy provider of single sign-on and the LTI tool: which SURFconext, eduID and LMS logins
an account has (both apps keep them in sso.ExternalIdentity)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from leergang.privacy import Category, NotPersonal, Provider, isoformat

from .models import ExternalIdentity


class SSOProvider(Provider):
    name = "sso"
    label = _("Single sign-on")
    order = 80

    def describe(self):
        return [
            Category(
                key="sso.identities",
                label=_("Linked logins"),
                models=("sso.ExternalIdentity",),
                data=_(
                    "Per linked login: the provider (issuer) and your number there (subject), "
                    "the name, verified e-mail address, eduPerson principal name, institution "
                    "and affiliations it sent, when it was linked and last used."
                ),
                purpose=_("Logging you in with SURFconext, eduID or your institution's LMS."),
                basis=_("Agreement (taking part in the course)."),
                recipients=_("The participant and administrators."),
                retention=_("Until the link is removed or the account is erased."),
            ),
            NotPersonal(
                ("sso.SelfRegistrationRule", "sso.SSOSettings"),
                "Settings an administrator chooses; they name no person.",
            ),
            # The LTI tool's logins are ExternalIdentity rows (source "lti"), declared above.
            NotPersonal(
                ("lti.Platform", "lti.ToolKey", "lti.UsedNonce", "lti.CourseContext"),
                "LMS registrations, the tool's own key, LMS course shells with their service "
                "URLs and used launch nonces (random values kept until the launch expires); "
                "none names a person.",
            ),
        ]

    def export(self, user, writer):
        writer.add_json(
            "sso.identities",
            "inlogkoppelingen.json",
            [
                {
                    "source": i.source,
                    "issuer": i.issuer,
                    "subject": i.subject,
                    "name": i.name,
                    "email": i.email,
                    "principal_name": i.principal_name,
                    "home_organization": i.home_organization,
                    "affiliations": i.affiliations,
                    "linked_at": isoformat(i.linked_at),
                    "last_login_at": isoformat(i.last_login_at),
                }
                for i in ExternalIdentity.objects.owned_by(user).order_by("linked_at")
            ],
        )

    def erase(self, user, plan):
        plan.delete(ExternalIdentity.objects.filter(user=user), _("linked logins"))


@hooks.register("register_privacy_provider")
def provider():
    return SSOProvider()
