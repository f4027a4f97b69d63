"""The SSO pages: start a login, come back from the provider, claim an invitation, link an
account, and the page after logging out. Every SSO URL is a 404 while SSO is not configured."""

import logging

from django.contrib import auth, messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.tokens import default_token_generator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from leergang.models import User

from . import conf, linking
from .backends import TokenRefused, oidc_setting
from .models import ExternalIdentity, SSOSettings

BACKEND = "sso.backends.OIDCBackend"
logger = logging.getLogger(__name__)


class SSOEnabledMixin:
    def dispatch(self, request, *args, **kwargs):
        if not conf.enabled():
            raise Http404
        return super().dispatch(request, *args, **kwargs)


def refused(request, reason, status=403, label=None):
    """The Dutch page for a login that was not let in (SSO or LMS). Never logs anyone in."""
    return render(
        request,
        "sso/refused.html",
        {
            "reason": reason,
            "contact": SSOSettings.load().contact,
            "label": label or conf.label(),
        },
        status=status,
    )


class LoginView(SSOEnabledMixin, OIDCAuthenticationRequestView):
    """Sends the browser to the provider with a fresh state, nonce and PKCE challenge."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)

    def get(self, request):
        try:
            self.OIDC_OP_AUTH_ENDPOINT = oidc_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except conf.DiscoveryError:
            return refused(request, TokenRefused.PROVIDER, status=503)
        self.OIDC_RP_CLIENT_ID = conf.client_id()
        return super().get(request)


class CallbackView(SSOEnabledMixin, View):
    """Where the provider sends the browser back. State is used once; every check that fails
    ends on a Dutch page, without a session."""

    def get(self, request):
        states = request.session.get("oidc_states")
        states = states if isinstance(states, dict) else {}
        entry = states.pop(request.GET.get("state", ""), None)
        request.session["oidc_states"] = states
        if request.GET.get("error"):
            return refused(request, "denied")
        if not isinstance(entry, dict) or not request.GET.get("code"):
            return refused(request, "state", status=400)
        try:
            user = auth.authenticate(
                request,
                oidc_callback=True,
                nonce=entry.get("nonce"),
                code_verifier=entry.get("code_verifier"),
            )
        except (TokenRefused, linking.Refused) as exc:
            logger.info("SSO login refused: %s", exc.reason, exc_info=exc.__cause__ is not None)
            return refused(request, exc.reason)
        except conf.DiscoveryError:
            return refused(request, TokenRefused.PROVIDER, status=503)
        if user is None or not user.is_active:
            return refused(request, TokenRefused.PROVIDER)
        auth.login(request, user, backend=BACKEND)
        if getattr(user, "sso_just_linked", False):
            messages.success(
                request, _("Your account is now linked to %(label)s.") % {"label": conf.label()}
            )
        return HttpResponseRedirect(
            request.session.pop("oidc_login_next", None) or resolve_url("dashboard")
        )


class InvitationView(SSOEnabledMixin, View):
    """From the invitation page: the first SSO login of this browser claims the invitation.

    The invitation page keeps its token in the session (Django's password-reset view does);
    we check it with the same token generator, so a used or expired invitation fails here too.
    """

    def get(self, request, uidb64):
        try:
            user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
        except (ValueError, TypeError, OverflowError, User.DoesNotExist):
            return refused(request, linking.Refused.INVITATION, status=404)
        token = request.session.get(auth_views.INTERNAL_RESET_SESSION_TOKEN, "")
        if not default_token_generator.check_token(user, token):
            return refused(request, linking.Refused.INVITATION, status=404)
        if linking.is_staff_account(user):
            return refused(request, linking.Refused.STAFF)
        linking.remember_invitation(request, user, token)
        return redirect("sso:login")


class AccountView(SSOEnabledMixin, LoginRequiredMixin, TemplateView):
    """The account page: which logins are linked, and linking one after a password login."""

    template_name = "sso/account.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["identities"] = ExternalIdentity.objects.owned_by(self.request.user)
        context["label"] = conf.label()
        context["has_password"] = self.request.user.has_usable_password()
        return context

    def post(self, request):
        linking.remember_link(request)
        return HttpResponseRedirect(reverse("sso:login") + "?next=" + reverse("sso:account"))


class UnlinkView(SSOEnabledMixin, LoginRequiredMixin, View):
    """Removes a linked login; only with a password left, so nobody locks themselves out."""

    def post(self, request, pk):
        identity = get_object_or_404(ExternalIdentity.objects.owned_by(request.user), pk=pk)
        if not request.user.has_usable_password():
            messages.error(
                request, _("Set a password first: without it you could no longer log in.")
            )
        else:
            identity.delete()
            messages.success(request, _("The link has been removed."))
        return redirect("sso:account")


class LoggedOutView(SSOEnabledMixin, TemplateView):
    """After logging out: offers to log out at the provider as well, when it supports that."""

    template_name = "sso/logged_out.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["end_session_url"] = conf.end_session_url(self.request.build_absolute_uri("/"))
        context["label"] = conf.label()
        return context
