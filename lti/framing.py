"""The tool inside the LMS's frame (Canvas, Brightspace, Moodle open LTI tools in an iframe).

Every page of the site refuses to be framed (X-Frame-Options DENY, CSP frame-ancestors
'none'). The LTI endpoints, and the pages of a session that an LTI launch started, may be
framed by the registered LMSs only: `frame-ancestors` lists the web origins of the launching
platform (all active platforms on the login and launch endpoints, where the launch is not
checked yet), computed per request; the Wagtail admin is never framed by an LMS.

In the frame our cookies are third-party. For those responses the session, CSRF and
language and pylti1p3 state cookies get SameSite=None; Secure and Partitioned (CHIPS: Chrome
keeps a partitioned cookie per top-level LMS site even when it blocks third-party cookies).
Over plain HTTP browsers refuse SameSite=None without Secure, so there they keep Lax (which
works only when the LMS and the tool are one site); loopback counts as secure, as browsers
count it. Where a browser
allows no cookie in the frame at all (Safari), the login initiation shows a Dutch page that
opens the tool in a new window (lti/views.py, LoginView).
"""

from http import cookies
from urllib.parse import urlsplit

from django.conf import settings

from leergang.middleware import CONTENT_SECURITY_POLICY

from .models import Platform

SESSION_KEY = "lti_platform"
LTI_PATHS = ("/lti/login/", "/lti/launch/", "/lti/deeplink/")


def origin(url):
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1]}".lower()


def platform_origins(platforms):
    found = []
    for platform in platforms:
        for url in [platform.issuer, platform.auth_login_url, *platform.frame_origin_list()]:
            value = origin(url)
            if value and value not in found:
                found.append(value)
    return found


def frame_origins(request):
    """The LMS origins that may frame this response; empty: not framable."""
    if request.path.startswith("/admin/"):
        return []
    platforms = Platform.objects.filter(active=True)
    if request.path in LTI_PATHS:
        return platform_origins(platforms)
    session = getattr(request, "session", None)
    platform_id = session.get(SESSION_KEY) if session is not None else None
    if platform_id is None:
        return []
    return platform_origins(platforms.filter(pk=platform_id))


def policy(origins):
    """The site's policy with the LMSs as frame ancestors, and as form targets (the deep
    link answer is a form posted back to the LMS)."""
    allowed = " ".join(origins)
    rules = []
    for rule in CONTENT_SECURITY_POLICY.split("; "):
        if rule.startswith("frame-ancestors"):
            rule = f"frame-ancestors {allowed}"
        elif rule.startswith("form-action"):
            rule = f"form-action 'self' {allowed}"
        rules.append(rule)
    return "; ".join(rules)


class PartitionedMorsel(cookies.Morsel):
    """A cookie with the Partitioned attribute (CHIPS), which Python 3.11 cannot write."""

    def OutputString(self, attrs=None):  # noqa: N802 (http.cookies' name)
        return super().OutputString(attrs) + "; Partitioned"


LOOPBACK = ("localhost", "127.0.0.1", "[::1]")


def _secure_context(request):
    """HTTPS, or loopback: browsers treat http://localhost and http://127.0.0.1 as secure
    and keep Secure cookies from them (a test LMS on the same machine)."""
    return request.is_secure() or request.get_host().rsplit(":", 1)[0] in LOOPBACK


def third_party_cookies(request, response):
    names = {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    secure = _secure_context(request)
    for name in list(response.cookies):
        if name not in names and not name.startswith("lti1p3-"):
            continue
        morsel = response.cookies[name]
        if not secure:
            continue  # SameSite=None needs Secure; over plain HTTP keep what Django set
        partitioned = PartitionedMorsel()
        partitioned.update(morsel)
        partitioned.set(morsel.key, morsel.value, morsel.coded_value)
        partitioned["samesite"] = "None"
        partitioned["secure"] = True
        dict.__setitem__(response.cookies, name, partitioned)


class LtiCookieMiddleware:
    """Place before SessionMiddleware, so that it sees the session and CSRF cookies that
    those middlewares set on the way out of a response LtiFrameMiddleware let be framed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(response, "lti_framable", False):
            third_party_cookies(request, response)
        return response


class LtiFrameMiddleware:
    """Place after XFrameOptionsMiddleware: its answer is read first on the way out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        origins = frame_origins(request)
        if not origins:
            return response
        response.xframe_options_exempt = True
        if "Content-Security-Policy" not in response.headers:
            response.headers["Content-Security-Policy"] = policy(origins)
        response.lti_framable = True
        return response
