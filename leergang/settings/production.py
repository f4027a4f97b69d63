"""Production: every secret and host from the environment; refuses to start without a secret key.

Environment variables:
  DJANGO_SECRET_KEY (required), DJANGO_ALLOWED_HOSTS (comma-separated, required),
  DATABASE_URL (PostgreSQL), REDIS_URL (cache and sessions shared by every app server; sessions
  are written through to the database), DJANGO_MEDIA_ROOT, DJANGO_PRIVATE_MEDIA_ROOT (the local
  file system, the default), or object storage for every file: DJANGO_STORAGE=s3 with
  AWS_S3_ENDPOINT_URL (e.g. SURF's object store or MinIO; empty for AWS), AWS_STORAGE_BUCKET_NAME
  (CMS media), AWS_PRIVATE_BUCKET_NAME (attachments, PDFs, exports), AWS_ACCESS_KEY_ID,
  AWS_SECRET_ACCESS_KEY, AWS_S3_REGION_NAME, AWS_S3_ADDRESSING_STYLE (path|virtual; default path).
  Both buckets stay private: the app streams every file after its access check.
  EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
  EMAIL_USE_TLS, DJANGO_DEFAULT_FROM_EMAIL, DJANGO_SECURE_SSL_REDIRECT,
  WAGTAILADMIN_BASE_URL (the site's address for links in e-mails; default https://<first host>),
  LEERGANG_TRUSTED_PROXIES (how many reverse proxies append to X-Forwarded-For; default 0).
  Behind a proxy, set it: otherwise every visitor has the proxy's address and the per-address
  login limits apply to everyone at once. A load balancer that terminates HTTPS must also set
  X-Forwarded-Proto: https, on its health checks too (SECURE_PROXY_SSL_HEADER): without it every
  request is answered with a redirect to https:// (a loop behind the balancer), and a health
  check never sees its 200.
  LEERGANG_PAGE_CACHE_SECONDS (anonymous public pages from the cache; default 300, 0: off).
  PORTFOLIO_PDF_TIMEOUT (seconds one PDF may render; default 120). Every worker must have the same
  settings as the app servers (database, storage, Redis, e-mail): it writes the PDFs and export
  ZIPs the app servers serve. A cohort export whose worker died is taken over by another worker
  PORTFOLIO_PDF_TIMEOUT + 30 s after its last progress (portfolio_pdf.models.RESUME_AFTER).
  LEERGANG_EXPORT_EXPIRY_DAYS, LEERGANG_LOGIN_RECORD_DAYS, LEERGANG_SENT_EMAIL_DAYS (see base.py).
Single sign-on (SURFconext / eduID, OpenID Connect; all three or none):
  LEERGANG_OIDC_ISSUER (discovery at <issuer>/.well-known/openid-configuration),
  LEERGANG_OIDC_CLIENT_ID, LEERGANG_OIDC_CLIENT_SECRET; optional LEERGANG_OIDC_LABEL (button text),
  LEERGANG_OIDC_SCOPES (default "openid profile email"). Register
  https://<host>/accounts/sso/callback/ as redirect URI and https://<host>/ as post-logout URI.
LTI 1.3 needs no environment: platforms are registered in the Wagtail admin (Instellingen →
Leeromgevingen (LTI)), which shows the tool's login, launch and JWKS URLs to copy into the LMS.
Pages refuse to be framed (X_FRAME_OPTIONS DENY) except LTI launches and their sessions, which the
registered LMS may frame (lti/framing.py: CSP frame-ancestors per request, and SameSite=None; Secure;
Partitioned cookies on those responses only; every other cookie stays SameSite=Lax).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = False
if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in the environment.")
if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set in the environment.")

_named_hosts = [h for h in ALLOWED_HOSTS if h != "*" and not h.startswith(".")]  # noqa: F405
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL") or (
    f"https://{_named_hosts[0]}" if _named_hosts else ""
)
if not WAGTAILADMIN_BASE_URL:
    raise ImproperlyConfigured("WAGTAILADMIN_BASE_URL must be set: links in e-mails start with it.")
PORTFOLIO_PDF_TIMEOUT = float(os.environ.get("PORTFOLIO_PDF_TIMEOUT", "120"))
LEERGANG_TRUSTED_PROXIES = int(os.environ.get("LEERGANG_TRUSTED_PROXIES", "0"))
# Anonymous public pages (home, public modules, stories, feeds) from the shared cache for up to
# this many seconds; a publish or a content change empties it at once (leergang/pagecache.py).
# Never for a request with a session cookie, never a page that sets a cookie. 0 switches it off.
LEERGANG_PAGE_CACHE_SECONDS = int(os.environ.get("LEERGANG_PAGE_CACHE_SECONDS", "300"))

CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS if not h.startswith(".")]  # noqa: F405

LEERGANG_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "true").lower() == "true"

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
