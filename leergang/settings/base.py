"""Settings shared by every environment. Secrets and hosts come from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "leergang",
    "modules",
    "portfolio",
    "portfolio_pdf",
    "assessment",
    "stories",
    "sso",
    "lti",
    "agenda",
    "notifications",
    "certificates",
    "capture",
    "discussions",
    "intervisie",
    "peerfeedback",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "leergang.middleware.SecurityHeadersMiddleware",
    "leergang.middleware.StripNulFromQueryMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session and CSRF middlewares: makes their cookies work in the LMS's frame.
    "lti.framing.LtiCookieMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "leergang.middleware.DutchFirstLocaleMiddleware",
    # Anonymous public pages from the cache when LEERGANG_PAGE_CACHE_SECONDS > 0 (production).
    "leergang.pagecache.AnonymousPageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # After it: LTI launches and their sessions may be framed by the registered LMSs only.
    "lti.framing.LtiFrameMiddleware",
    "leergang.middleware.MissingFieldIsBadRequestMiddleware",
    # Last, so that a locked-out login never reaches the view.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "leergang.urls"
WSGI_APPLICATION = "leergang.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "leergang.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# SQLite, the embedded default, under concurrency (the web process and the worker write at once):
# WAL lets readers go on while one connection writes; a writer waits up to 20 s for the lock
# instead of failing with "database is locked"; IMMEDIATE takes the write lock at BEGIN, so a
# transaction never fails halfway when it turns from reading into writing.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2id first, at OWASP's parameters (leergang/hashers.py): memory-hard, far stronger than PBKDF2
# against GPUs and cheaper per login. Older hashes still verify and are upgraded at the next login.
PASSWORD_HASHERS = [
    "leergang.hashers.Argon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_USER_MODEL = "leergang.User"
AUTHENTICATION_BACKENDS = [
    # Counts failed logins and locks out after AXES_FAILURE_LIMIT attempts.
    "axes.backends.AxesStandaloneBackend",
    # Refuses a password when the account's role must use SSO (sso.models.SSOSettings).
    "sso.backends.SSORequiredBackend",
    "django.contrib.auth.backends.ModelBackend",
    # SURFconext / eduID; active only from its own callback view (sso.views.CallbackView).
    "sso.backends.OIDCBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "/"
# An invitation or a reset link is valid for a week; it stops working once a password is set.
PASSWORD_RESET_TIMEOUT = 7 * 24 * 3600

# Single sign-on with SURFconext / eduID (OpenID Connect). Without issuer, client id and secret
# there is no SSO button and every SSO URL is a 404. See sso/conf.py.
LEERGANG_OIDC_ISSUER = os.environ.get("LEERGANG_OIDC_ISSUER", "")
LEERGANG_OIDC_CLIENT_ID = os.environ.get("LEERGANG_OIDC_CLIENT_ID", "")
LEERGANG_OIDC_CLIENT_SECRET = os.environ.get("LEERGANG_OIDC_CLIENT_SECRET", "")
LEERGANG_OIDC_LABEL = os.environ.get("LEERGANG_OIDC_LABEL", "Inloggen met SURFconext of eduID")
LEERGANG_OIDC_SCOPES = os.environ.get("LEERGANG_OIDC_SCOPES", "openid profile email")
if LEERGANG_OIDC_ISSUER:
    # Offers to log out at the provider too (its end_session_endpoint).
    LOGOUT_REDIRECT_URL = "sso:logged_out"

# --- Login protection (see leergang/lockout.py and leergang/throttle.py) -------------------
# The bench scripts switch all of it off (AXES_ENABLED=false): their simulated users share one
# address. The POST rate limit on the login form follows the same switch.
AXES_ENABLED = os.environ.get("AXES_ENABLED", "true").lower() == "true"
AXES_HANDLER = "leergang.lockout.TieredLockoutHandler"
# Failed logins per 15 minutes, per rule: (the attempt's attributes that are counted together,
# the limit). Locked means refused with the right password too, for 15 minutes.
LEERGANG_LOCKOUT_RULES = [
    (["username", "ip_address"], 5),  # one account from one address
    (["ip_address"], 20),  # one address, all accounts: password spraying
    (["username"], 50),  # one account from all addresses: a distributed guess
]
AXES_LOCKOUT_PARAMETERS = [parameters for parameters, _limit in LEERGANG_LOCKOUT_RULES]
AXES_FAILURE_LIMIT = LEERGANG_LOCKOUT_RULES[0][1]
AXES_COOLOFF_TIME = 0.25  # hours: 15 minutes
# A refused attempt during a lock-out neither extends it nor counts towards another rule.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "leergang.lockout.username_from_request"
AXES_CLIENT_IP_CALLABLE = "leergang.throttle.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The number of reverse proxies in front of Django that append to X-Forwarded-For. 0: the
# header is ignored and the client is the connection's address (REMOTE_ADDR).
LEERGANG_TRUSTED_PROXIES = 0
LEERGANG_PROXY_HEADER = "HTTP_X_FORWARDED_FOR"
# name -> (requests, per seconds) or None for no limit. Fixed windows in the default cache.
LEERGANG_RATE_LIMITS = {
    "login-ip": (60, 15 * 60),  # POSTs to the login form per client address
    "reset-ip": (20, 60 * 60),  # password-reset requests per client address
    "account-mail": (3, 60 * 60),  # reset links and invitations per e-mail address
    "email-change": (3, 60 * 60),  # requests to change one's login e-mail, per account
    "certificate-check": (60, 60 * 60),  # public certificate checks per client address
    "intervisie-response": (10, 60),  # intervisie responses and peer comments, per account
}
# A link to confirm a new login e-mail address works for two days, once.
LEERGANG_EMAIL_CHANGE_TIMEOUT = 2 * 24 * 3600

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
# Date formats per language (leergang/formats/<lang>/formats.py); templates name them.
FORMAT_MODULE_PATH = ["leergang.formats"]
USE_I18N = True
USE_TZ = True

STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"
# Portfolio attachments live outside MEDIA_ROOT and are never served by URL, only by a view
# that checks who may read them.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("DJANGO_PRIVATE_MEDIA_ROOT", BASE_DIR / "var" / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "leergang.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Object storage (S3 API: SURF's object store, MinIO, Ceph, AWS) when DJANGO_STORAGE=s3: CMS media
# and private files in two buckets, so every app server and worker sees the same files. Objects
# are never public and never linked: the access-checked views stream them.
DJANGO_STORAGE = os.environ.get("DJANGO_STORAGE", "filesystem")
if DJANGO_STORAGE == "s3":
    _s3 = {
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
        "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
        "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
        "default_acl": None,
        "file_overwrite": False,
        "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE", "path"),
    }
    STORAGES["default"] = {
        "BACKEND": "leergang.storage.MediaS3Storage",
        "OPTIONS": {**_s3, "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"]},
    }
    STORAGES["private"] = {
        "BACKEND": "leergang.storage.PrivateS3Storage",
        "OPTIONS": {**_s3, "bucket_name": os.environ["AWS_PRIVATE_BUCKET_NAME"]},
    }
elif DJANGO_STORAGE != "filesystem":
    raise ValueError("DJANGO_STORAGE must be 'filesystem' or 's3'.")
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# Shared state: with REDIS_URL the cache and the sessions live in Redis, so every app server
# sees the same; sessions are written through to the database too (cached_db), so a Redis restart
# logs nobody out. Without it: process memory and database sessions (one machine).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("LEERGANG_CACHE_PREFIX", "leergang"),
            "TIMEOUT": 300,
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Anonymous public pages from the cache for this long (leergang/pagecache.py); 0: off.
LEERGANG_PAGE_CACHE_SECONDS = int(os.environ.get("LEERGANG_PAGE_CACHE_SECONDS", "0"))

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Every e-mail goes through the recording backend (the participant's export lists what was
# sent); it hands the message to LEERGANG_EMAIL_BACKEND.
EMAIL_BACKEND = "leergang.mail.RecordingEmailBackend"
LEERGANG_EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Days a record of a sent e-mail is kept; days a finished export (ZIP, PDF) can be downloaded.
LEERGANG_SENT_EMAIL_DAYS = int(os.environ.get("LEERGANG_SENT_EMAIL_DAYS", "365"))
LEERGANG_EXPORT_EXPIRY_DAYS = int(os.environ.get("LEERGANG_EXPORT_EXPIRY_DAYS", "7"))
# Days failed-login records (django-axes) are kept.
LEERGANG_LOGIN_RECORD_DAYS = int(os.environ.get("LEERGANG_LOGIN_RECORD_DAYS", "30"))
DEFAULT_FROM_EMAIL = os.environ.get(
    "DJANGO_DEFAULT_FROM_EMAIL", "Leergang Creative Communities <leergang@example.org>"
)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

WAGTAIL_SITE_NAME = "Leergang Creative Communities"
# The site's address: every link in an e-mail starts with it (leergang.links.absolute_url),
# never with the Host header of the request that caused the e-mail.
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "dutch",
    }
}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "xlsx", "pptx", "txt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Wagtail never serves a document itself: its links point at the file under MEDIA_URL, which
# modules/media.py serves (as a download) only to who may read the module it belongs to.
WAGTAILDOCS_SERVE_METHOD = "direct"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# One login path: the site's own form. Wagtail's admin login, its login for private pages and
# its password reset redirect to ours (leergang/urls.py); its account page changes the e-mail only through a confirmation
# link (leergang/wagtail_hooks.py), so Wagtail's own e-mail field is off.
WAGTAILADMIN_LOGIN_URL = LOGIN_URL
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
