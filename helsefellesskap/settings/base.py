"""Settings shared by every environment. Differences come from the environment."""
from pathlib import Path

import dj_database_url

from .env import envbool, envfloat, envint, envlist, envsecret

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = envbool("DEBUG", False)
SECRET_KEY = envsecret("SECRET_KEY")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Full-text search fields and GIN indexes (they work on PostgreSQL; SQLite falls back, common/search.py).
    "django.contrib.postgres",
    "common",
    "guardian",
    "simple_history",
    "django_rq",
    "django_tasks_rq",
    "bodies",
    "members",
    "cases",
    "meetings",
    "helsefellesskap.archive",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Control characters in the address, headers or posted fields: 400 before anything reads them.
    "helsefellesskap.middleware.InputHygieneMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A logged-in user's own choice of language wins over the browser's cookie (helsefellesskap/language.py).
    "helsefellesskap.language.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "helsefellesskap.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "helsefellesskap.urls"
WSGI_APPLICATION = "helsefellesskap.wsgi.application"
ASGI_APPLICATION = "helsefellesskap.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]

# Without DATABASE_URL the app runs on an embedded SQLite file, so it can be tried with no server.
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'helsefellesskap.sqlite3'}",
        conn_max_age=envint("DB_CONN_MAX_AGE", 0),
        # A connection kept between requests is checked first, so a database restart costs no errors.
        conn_health_checks=True,
    )
}
# Querysets read with .iterator() (the options of every ModelChoiceField) come with one plain query, not a
# server-side cursor (DECLARE … WITH HOLD, FETCH, CLOSE: three round trips and a copy of the result per select).
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
# PostgreSQL's planner assumes by default that reading a row by index costs four times a row read in sequence
# (random_page_cost = 4, made for spinning disks), and so scans every membership or case of a partnership to join
# a dozen rows. The database of a partnership fits in memory or on SSD, where the two cost about the same: each
# connection says so (DB_RANDOM_PAGE_COST, 1.1 unless set).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f'{_options.get("options", "")} -c random_page_cost={envfloat("DB_RANDOM_PAGE_COST", 1.1)}'.strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# A date-time stored outside what Python can hold (year 1 in local time is year 0 in UTC) is read as the
# nearest value Python can show, so no stored row can make a page fail (helsefellesskap/db.py).
from helsefellesskap.db import register_safe_datetimes  # noqa: E402

register_safe_datetimes()

CSRF_FAILURE_VIEW = "helsefellesskap.views.csrf_failure"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# guardian's anonymous user is not used: the public sees what managers mark as public.
ANONYMOUS_USER_NAME = None
GUARDIAN_MONKEY_PATCH_USER = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nb"
# The official languages of the partnership's users. Each is named in its own language (an autonym), the same
# on every page, so a reader finds their language whichever language the page is in. Bokmål is the source
# language: a string not (yet) translated into nynorsk or Northern Sámi shows in bokmål.
LANGUAGES = [("nb", "Norsk bokmål"), ("nn", "Norsk nynorsk"), ("se", "Davvisámegiella")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Django knows no Northern Sámi: its language facts here, and its date and number formats are bokmål's
# (helsefellesskap/formats/se), so a Sámi page writes dates the Norwegian way.
from django.conf.locale import LANG_INFO  # noqa: E402

LANG_INFO.setdefault("se", {"bidi": False, "code": "se", "name": "Northern Sami", "name_local": "Davvisámegiella"})
FORMAT_MODULE_PATH = ["helsefellesskap.formats"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(envsecret("MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploaded case documents: at most this many bytes (common/files.py checks type and size by content).
UPLOAD_MAX_BYTES = envint("UPLOAD_MAX_BYTES", 25 * 1024 * 1024)

LOGIN_URL = "login"
# After login each user lands where their work is (helsefellesskap/views.py start).
LOGIN_REDIRECT_URL = "start"
# Where to report accessibility problems (the accessibility statement names it).
ACCESSIBILITY_CONTACT = envsecret("ACCESSIBILITY_CONTACT", "")
LOGOUT_REDIRECT_URL = "/"

# Django 6.1 mailers. The console backend prints notices to the terminal by default; production sets
# EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and EMAIL_HOST/EMAIL_PORT/EMAIL_USER/EMAIL_PASSWORD.
_email_backend = envsecret("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
MAILERS = {
    "default": {
        "BACKEND": _email_backend,
        "OPTIONS": {
            "host": envsecret("EMAIL_HOST", "localhost"),
            "port": envint("EMAIL_PORT", 587),
            "username": envsecret("EMAIL_USER", ""),
            "password": envsecret("EMAIL_PASSWORD", ""),
            "use_tls": envbool("EMAIL_USE_TLS", True),
        } if _email_backend.endswith("smtp.EmailBackend") else {},
    }
}
DEFAULT_FROM_EMAIL = envsecret("DEFAULT_FROM_EMAIL", "sekretariat@helsefellesskap.example")
# Absolute links in e-mails (notices link to the case documents).
SITE_URL = envsecret("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Content Security Policy (Django's own middleware): only our own scripts, styles, fonts and images.
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# Cache and sessions: Redis when REDIS_URL is set (production, shared by every app server), otherwise
# the process' own memory and database sessions (the embedded default needs no extra service).
REDIS_URL = envsecret("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work (notices, PDFs) through Django's tasks framework. The embedded default runs tasks
# inline; TASKS_BACKEND=rq puts them on Redis, where `manage.py rqworker --job-class django_tasks_rq.Job`
# workers run them.
TASKS_QUEUE_URL = envsecret("TASKS_QUEUE_URL", REDIS_URL or "redis://127.0.0.1:6379/0")
RQ_QUEUES = {"default": {"URL": TASKS_QUEUE_URL, "DEFAULT_TIMEOUT": 600}}
if envsecret("TASKS_BACKEND", "immediate") == "rq":
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

# -- Authentication: lockout after repeated failures, and the ID-porten seam (members/auth.py) --------
from datetime import timedelta  # noqa: E402

INSTALLED_APPS += ["axes"]  # noqa: F405
# AxesMiddleware turns a locked-out login into the lockout page; it must come last.
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]  # noqa: F405
AUTHENTICATION_BACKENDS = ["members.auth.LockoutBackend", *AUTHENTICATION_BACKENDS]
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 30))
# Lock the combination of user name and address: a guesser is stopped without letting anyone lock
# a colleague out from elsewhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Behind a load balancer every request comes from its address: the client's address is then read from the
# header the trusted proxies write (members/auth.py client_ip_address). AXES_PROXY_COUNT is the number of
# proxies in front of the app that append to the header (0: no proxy, REMOTE_ADDR is the client);
# AXES_IP_HEADER names the header as Django's request.META spells it.
AXES_IPWARE_PROXY_COUNT = envint("AXES_PROXY_COUNT", 0)
AXES_IPWARE_META_PRECEDENCE_ORDER = (envsecret("AXES_IP_HEADER", "HTTP_X_FORWARDED_FOR"), "REMOTE_ADDR")
AXES_CLIENT_IP_CALLABLE = "members.auth.client_ip_address"
# The user name as typed, cut to what the lockout log holds (a 300-character name must not fail the login).
AXES_USERNAME_CALLABLE = "members.auth.lockout_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 60 * 60)

# ID-porten (OpenID Connect) is switched on by setting OIDC_RP_CLIENT_ID and the endpoints below;
# without them nothing changes. Users log in with ID-porten only after the secretariat has linked
# their identity number (members.services.login_identity_link, stored as a keyed hash).
OIDC_PID_HASH_KEY = envsecret("OIDC_PID_HASH_KEY", "")
OIDC_RP_CLIENT_ID = envsecret("OIDC_RP_CLIENT_ID", "")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
if OIDC_ENABLED:
    INSTALLED_APPS += ["mozilla_django_oidc"]  # noqa: F405
    AUTHENTICATION_BACKENDS += ["members.auth.IdPortenBackend"]
    OIDC_RP_CLIENT_SECRET = envsecret("OIDC_RP_CLIENT_SECRET")
    OIDC_OP_AUTHORIZATION_ENDPOINT = envsecret("OIDC_OP_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = envsecret("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = envsecret("OIDC_OP_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = envsecret("OIDC_OP_JWKS_ENDPOINT")
    OIDC_OP_LOGOUT_ENDPOINT = envsecret("OIDC_OP_LOGOUT_ENDPOINT", "")
    OIDC_RP_SIGN_ALGO = "RS256"
    OIDC_RP_SCOPES = envsecret("OIDC_RP_SCOPES", "openid profile")
    OIDC_USE_PKCE = True
    OIDC_AUTH_REQUEST_EXTRA_PARAMS = {"acr_values": envsecret("OIDC_ACR_VALUES", "idporten-loa-substantial")}
    OIDC_AUTHENTICATE_CLASS = "members.auth.IdPortenLoginView"  # adds ui_locales: the language the pages are read in
    OIDC_CREATE_USER = False
    LOGIN_REDIRECT_URL_FAILURE = "/logg-inn/?idporten=feil"
# The same rules, with the length message in Norwegian.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "members.auth.MinimumLengthValidator", "OPTIONS": {"min_length": 12}} if v["NAME"].endswith("MinimumLengthValidator") else v
    for v in AUTH_PASSWORD_VALIDATORS
]
