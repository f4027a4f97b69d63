"""One place that decides which account an external login belongs to (SSO and LTI alike).

The rules, so nobody's account can be taken over through a provider:
- a login is matched on (issuer, subject) only, never on e-mail alone;
- an unknown login links to an account only when this browser just proved a right to it: the
  invitation link of a participant, or a password login followed by "link" on the account page;
- a staff or guild account (trainer, guild member, administrator) is never linked from an
  invitation; only its owner can link it, after logging in with its password;
- a stranger gets no account, unless an administrator allowed self-registration for their
  affiliation (and then only with a verified e-mail address nobody uses yet).
"""

import dataclasses

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, transaction
from django.utils import timezone

from leergang import services
from leergang.permissions import is_staff_account

from .models import ExternalIdentity, SelfRegistrationRule

PENDING = "sso_pending_link"


@dataclasses.dataclass(frozen=True)
class ExternalClaims:
    source: str
    issuer: str
    subject: str
    name: str = ""
    given_name: str = ""
    family_name: str = ""
    email: str = ""  # verified addresses only
    principal_name: str = ""
    home_organization: str = ""
    affiliations: tuple = ()


class Refused(Exception):
    """A login that is not let in; ``reason`` picks the Dutch page the person sees."""

    NOT_ENROLLED = "not_enrolled"
    ALREADY_LINKED = "already_linked"
    INVITATION = "invitation"
    STAFF = "staff"
    INACTIVE = "inactive"
    EMAIL_TAKEN = "email_taken"

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def remember_invitation(request, user, token):
    """The invitation link was opened in this browser: its first SSO login may claim it."""
    request.session[PENDING] = {"kind": "invitation", "user": user.pk, "token": token}


def remember_link(request):
    """The logged-in owner asked to link their account to their next SSO login."""
    request.session[PENDING] = {"kind": "link", "user": request.user.pk}


def _pending_account(request):
    pending = request.session.pop(PENDING, None)
    if not isinstance(pending, dict):
        return None
    user = get_user_model().objects.filter(pk=pending.get("user"), is_active=True).first()
    if user is None:
        raise Refused(Refused.INVITATION)
    if pending.get("kind") == "link":
        if request.user.is_authenticated and request.user.pk == user.pk:
            return user
        raise Refused(Refused.INVITATION)
    if pending.get("kind") == "invitation":
        if is_staff_account(user):
            raise Refused(Refused.STAFF)
        if default_token_generator.check_token(user, str(pending.get("token", ""))):
            return user
    raise Refused(Refused.INVITATION)


def _store_claims(identity, claims):
    identity.name = claims.name[:255]
    identity.email = claims.email
    identity.principal_name = claims.principal_name[:255]
    identity.home_organization = claims.home_organization[:255]
    identity.affiliations = list(claims.affiliations)
    identity.last_login_at = timezone.now()


def _link(user, claims):
    if ExternalIdentity.objects.filter(user=user, issuer=claims.issuer).exists():
        raise Refused(Refused.ALREADY_LINKED)
    identity = ExternalIdentity(
        user=user, source=claims.source, issuer=claims.issuer, subject=claims.subject
    )
    _store_claims(identity, claims)
    try:
        with transaction.atomic():
            identity.save()
    except IntegrityError as exc:  # the same login linked in another tab meanwhile
        raise Refused(Refused.ALREADY_LINKED) from exc
    user.sso_just_linked = True
    return user


def _self_register(claims):
    rule = next(
        (
            r
            for r in SelfRegistrationRule.objects.filter(active=True).select_related("cohort")
            if r.matches(claims.affiliations, claims.home_organization)
        ),
        None,
    )
    if rule is None:
        raise Refused(Refused.NOT_ENROLLED)
    if not claims.email or get_user_model().objects.filter(email__iexact=claims.email).exists():
        # Someone with this address has an account: they link it themselves, after a
        # password login; an unverified address never creates an account.
        raise Refused(Refused.EMAIL_TAKEN if claims.email else Refused.NOT_ENROLLED)
    with transaction.atomic():
        enrolment, _ = services.enrol(
            rule.cohort, claims.email, claims.given_name, claims.family_name
        )
        return _link(enrolment.user, claims)


def resolve(request, claims):
    """The account this external login belongs to, or :class:`Refused`."""
    identity = (
        ExternalIdentity.objects.select_related("user")
        .filter(issuer=claims.issuer, subject=claims.subject)
        .first()
    )
    pending = _pending_account(request) if PENDING in request.session else None
    if identity is not None:
        if pending is not None and pending.pk != identity.user_id:
            raise Refused(Refused.ALREADY_LINKED)
        if not identity.user.is_active:
            raise Refused(Refused.INACTIVE)
        _store_claims(identity, claims)
        identity.save()
        return identity.user
    if pending is not None:
        return _link(pending, claims)
    return _self_register(claims)
