"""The LTI 1.3 tool's endpoints: its key set, the login initiation and the launch.

pylti1p3 checks the launch (state, the platform's signature via its key set, issuer, client
id as audience, expiry, nonce against this browser's login, deployment, message format). We
add a replay check that holds across browsers and processes (UsedNonce), and find the account
through sso.linking, the same rules as SURFconext: by (issuer, subject), never by e-mail.
"""

import datetime
import logging
from urllib.parse import urlencode, urlsplit

from django.contrib import auth, messages
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from pylti1p3.contrib.django import DjangoMessageLaunch, DjangoOIDCLogin
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.exception import LtiException, OIDCException

from leergang import roles
from modules.models import ModulePage
from sso import linking
from sso.models import ExternalIdentity
from sso.views import refused

from . import framing
from .models import CourseContext, ToolKey, UsedNonce
from .tool_conf import PlatformToolConf, platform_for

logger = logging.getLogger(__name__)

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
DL_SETTINGS = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
CONTENT_ROLES = (
    INSTRUCTOR,
    "http://purl.imsglobal.org/vocab/lis/v2/membership#ContentDeveloper",
    "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator",
)
BACKEND = "django.contrib.auth.backends.ModelBackend"
NEW_WINDOW = "lti1p3_new_window"
LOGIN_PARAMS = (
    "iss",
    "login_hint",
    "target_link_uri",
    "lti_message_hint",
    "lti_deployment_id",
    "client_id",
)


def lms_label():
    return _("your institution's LMS")


class JwksView(View):
    """The tool's public key set, for the LMS to check what the tool signs."""

    http_method_names = ["get", "head"]

    def get(self, request):
        return JsonResponse({"keys": [ToolKey.current().public_jwk()]})


@method_decorator(csrf_exempt, name="dispatch")
class LoginView(View):
    """Third-party initiated login: the LMS names itself; we send the browser back to it.

    First a small page checks (lti/frame-check.js) that this browser keeps our cookies in the
    LMS's frame; if so it continues at once, in the frame, to the same URL with
    lti1p3_new_window=1 (pylti1p3's name), which does the redirect. If not (Safari, or
    third-party cookies blocked), it offers to open the course in a new window, as pylti1p3's
    and django-lti's cookie check do."""

    @staticmethod
    def _param(request, name):
        return request.POST.get(name) or request.GET.get(name) or ""

    def _cookie_check(self, request):
        params = {name: self._param(request, name) for name in LOGIN_PARAMS}
        params = {name: value for name, value in params.items() if value}
        params[NEW_WINDOW] = "1"
        return render(
            request,
            "lti/frame_check.html",
            {"continue_url": reverse("lti:login") + "?" + urlencode(params)},
        )

    def dispatch(self, request, *args, **kwargs):
        if request.method not in ("GET", "HEAD", "POST"):
            return super().dispatch(request, *args, **kwargs)
        try:
            login = DjangoOIDCLogin(request, PlatformToolConf())
            if not self._param(request, NEW_WINDOW):
                login.validate_oidc_login()
                return self._cookie_check(request)
            return login.redirect(request.build_absolute_uri(reverse("lti:launch")))
        except (LtiException, OIDCException) as exc:
            logger.info("LTI login refused: %s", exc)
            return refused(request, "lti", status=400, label=lms_label())


def _remember_nonce(data):
    expires = datetime.datetime.fromtimestamp(int(data["exp"]), tz=datetime.UTC)
    UsedNonce.objects.filter(expires_at__lt=timezone.now()).delete()
    try:
        with transaction.atomic():
            UsedNonce.objects.create(issuer=data["iss"], nonce=data["nonce"], expires_at=expires)
    except IntegrityError as exc:
        raise LtiException("replayed launch") from exc


def _claims(data):
    return linking.ExternalClaims(
        source=ExternalIdentity.LTI,
        issuer=data["iss"],
        subject=str(data["sub"]),
        name=str(data.get("name", "")),
        given_name=str(data.get("given_name", "")),
        family_name=str(data.get("family_name", "")),
        email=str(data.get("email", "")).strip().lower(),
    )


def _remember_context(platform, data):
    """Keep the course shell's grade-book (AGS) and roster (NRPS) endpoints for later."""
    context = data.get(CLAIM + "context") or {}
    if not context.get("id"):
        return
    ags = data.get("https://purl.imsglobal.org/spec/lti-ags/claim/endpoint") or {}
    nrps = data.get("https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice") or {}
    CourseContext.objects.update_or_create(
        platform=platform,
        context_id=str(context["id"])[:255],
        defaults={
            "title": str(context.get("title", ""))[:255],
            "lineitems_url": str(ags.get("lineitems", ""))[:500],
            "ags_scopes": [s for s in ags.get("scope", []) if isinstance(s, str)],
            "memberships_url": str(nrps.get("context_memberships_url", ""))[:500],
        },
    )


def _apply_roles(platform, user, data):
    """LMS instructors become trainers of the mapped cohort only where the admin allowed it."""
    if not (platform.instructors_become_trainers and platform.cohort_id):
        return
    if INSTRUCTOR in (data.get(CLAIM + "roles") or []):
        user.groups.add(Group.objects.get(name=roles.TRAINERS))
        # A ParentalManyToManyField: write the row itself rather than saving the whole cohort.
        through = type(platform.cohort).trainers.through
        through.objects.get_or_create(cohort=platform.cohort, user=user)


def _may_place_content(data):
    return any(r in (data.get(CLAIM + "roles") or []) for r in CONTENT_ROLES)


def _deep_link_choice(request, launch, data):
    """An LMS teacher picks a module page to place in the course shell (Deep Linking 2.0).
    Module titles are public (the teaser), so no account is needed for this."""
    if not _may_place_content(data):
        return refused(request, "lti_unsupported", status=403, label=lms_label())
    return render(
        request,
        "lti/deep_link.html",
        {
            "modules": ModulePage.objects.live().order_by("path"),
            "launch_id": launch.get_launch_id(),
        },
    )


@method_decorator(csrf_exempt, name="dispatch")
class DeepLinkView(View):
    """Signs the chosen module page as a content item and hands it back to the LMS.

    CSRF-exempt: the page sits in the LMS's frame, where our cookies are third-party; the
    launch id (random, from the validated launch kept in this session) is what authorises."""

    http_method_names = ["post"]

    def post(self, request):
        try:
            launch = DjangoMessageLaunch.from_cache(
                request.POST.get("launch_id", ""), request, PlatformToolConf()
            )
        except LtiException:
            return refused(request, "lti", label=lms_label())
        if not launch.is_deep_link_launch() or not _may_place_content(launch.get_launch_data()):
            return refused(request, "lti", label=lms_label())
        page = ModulePage.objects.live().filter(pk=request.POST.get("page")).first()
        if page is None:
            messages.error(request, _("Choose a module."))
            return _deep_link_choice(request, launch, launch.get_launch_data())
        resource = DeepLinkResource().set_url(page.get_full_url(request)).set_title(page.title)
        return_url = launch.get_launch_data()[DL_SETTINGS]["deep_link_return_url"]
        return render(
            request,
            "lti/deep_link_return.html",
            {
                "action": return_url,
                "jwt": launch.get_deep_link().get_response_jwt([resource]),
                "page": page,
            },
        )


@method_decorator(csrf_exempt, name="dispatch")
class LaunchView(View):
    """The LMS posts a signed launch here; a valid resource-link launch logs the person in
    and opens the page the LMS teacher placed."""

    http_method_names = ["post"]

    def post(self, request):
        launch = DjangoMessageLaunch(request, PlatformToolConf())
        try:
            data = launch.get_launch_data()
            if not (data.get("sub") and data.get("exp") and data.get("nonce")):
                raise LtiException("sub, exp and nonce are required")
            _remember_nonce(data)
            platform = platform_for(data["iss"], launch.get_client_id())
        except (LtiException, KeyError, ValueError, TypeError) as exc:
            logger.info("LTI launch refused: %s", exc)
            return refused(request, "lti", label=lms_label())
        if launch.is_deep_link_launch():
            request.session[framing.SESSION_KEY] = platform.pk
            return _deep_link_choice(request, launch, data)
        if not launch.is_resource_launch():
            return refused(request, "lti_unsupported", status=400, label=lms_label())
        try:
            user = linking.resolve(request, _claims(data))
        except linking.Refused as exc:
            return refused(request, exc.reason, label=lms_label())
        _apply_roles(platform, user, data)
        _remember_context(platform, data)
        auth.login(request, user, backend=BACKEND)
        # The pages this session opens may be framed by this LMS (lti.framing).
        request.session[framing.SESSION_KEY] = platform.pk
        target = data.get(CLAIM + "target_link_uri", "")
        # Many LMSs name the launch URL itself as the target: that means no particular page.
        if urlsplit(target).path == reverse("lti:launch"):
            target = ""
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return redirect(target)
        return redirect("dashboard")
