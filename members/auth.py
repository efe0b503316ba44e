"""Authentication: Django's login with lockout after repeated failures, and the ID-porten seam.

- ``LockoutBackend`` puts django-axes in front of the password check for login requests.
  A call to ``authenticate()`` without a request (the test client, management commands) cannot come
  from the web, so there is nothing to lock; axes itself refuses such calls, hence this thin wrapper.
- ``IdPortenBackend`` (mozilla-django-oidc) logs a person in with ID-porten (OpenID Connect). It is
  switched on only when the OIDC_* variables are set (see settings/base.py). ID-porten identifies a
  person by the ``pid`` claim (the national identity number); we never store it, only a keyed hash
  of it on ``LoginIdentity``, which the secretariat links to an existing user. Nobody gets an account
  by logging in with ID-porten alone.
"""
import hashlib
import hmac

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.utils import translation
from django.utils.translation import gettext


class LockoutBackend(AxesStandaloneBackend):
    """django-axes lockout for web logins; programmatic calls without a request pass through."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


USERNAME_MAX_LENGTH = 255  # the lockout log's column


def lockout_username(request, credentials=None):
    """The user name the lockout counts failures for: as typed, cut to the length the lockout log stores."""
    from axes.conf import settings as axes_settings

    field = axes_settings.AXES_USERNAME_FORM_FIELD
    if credentials and credentials.get(field) is not None:
        username = credentials.get(field)
    else:
        username = request.POST.get(field) if request is not None and hasattr(request, "POST") else None
    return username[:USERNAME_MAX_LENGTH] if isinstance(username, str) else username


def client_ip_address(request):
    """The client's address for the lockout, read the way django-axes' own proxy settings describe it.

    Without a proxy (``AXES_IPWARE_PROXY_COUNT`` = 0) the address is REMOTE_ADDR. Behind N trusted proxies
    that each append the address they saw to the header in ``AXES_IPWARE_META_PRECEDENCE_ORDER`` (normally
    X-Forwarded-For), the client is the N-th address from the right: anything further left was written by the
    client itself and cannot be trusted. A missing, short or malformed header falls back to REMOTE_ADDR.
    """
    import ipaddress

    meta = request.META
    remote = meta.get("REMOTE_ADDR")
    count = getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0) or 0
    if count <= 0:
        return remote
    for header in getattr(settings, "AXES_IPWARE_META_PRECEDENCE_ORDER", ("HTTP_X_FORWARDED_FOR",)):
        if header == "REMOTE_ADDR":
            continue
        hops = [hop.strip() for hop in str(meta.get(header, "")).split(",") if hop.strip()]
        if len(hops) >= count:
            candidate = hops[-count]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                return remote
    return remote


def national_id_hash(national_id):
    """A keyed hash of a national identity number: enough to recognise a person, useless to read."""
    key = (getattr(settings, "OIDC_PID_HASH_KEY", "") or settings.SECRET_KEY).encode()
    cleaned = "".join(ch for ch in str(national_id) if ch.isdigit())
    return hmac.new(key, cleaned.encode(), hashlib.sha256).hexdigest()


try:
    from mozilla_django_oidc.auth import OIDCAuthenticationBackend
    from mozilla_django_oidc.views import OIDCAuthenticationRequestView
except ImportError:  # pragma: no cover - the package is a pinned dependency
    OIDCAuthenticationBackend = OIDCAuthenticationRequestView = object


class IdPortenLoginView(OIDCAuthenticationRequestView):
    """The start of an ID-porten login, asking ID-porten to speak the language the pages are read in
    (`ui_locales`: nb, nn or se, the active language)."""

    def get_extra_params(self, request):
        return {**super().get_extra_params(request), "ui_locales": translation.get_language() or settings.LANGUAGE_CODE}


class IdPortenBackend(OIDCAuthenticationBackend):
    """ID-porten login for users the secretariat has linked to a person's identity number."""

    provider = "idporten"

    def verify_claims(self, claims):
        return bool(claims.get("pid"))

    def filter_users_by_claims(self, claims):
        pid = claims.get("pid")
        if not pid:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(
            login_identities__provider=self.provider, login_identities__subject_hash=national_id_hash(pid), is_active=True)

    def create_user(self, claims):
        # Accounts are made by the secretariat, never by a first ID-porten login.
        return None

    def get_or_create_user(self, access_token, id_token, payload):
        """Remember the security level ID-porten vouched for (the ``acr`` claim), for records such as approvals."""
        user = super().get_or_create_user(access_token, id_token, payload)
        request = getattr(self, "request", None)
        if user is not None and request is not None and hasattr(request, "session"):
            request.session[IDPORTEN_LEVEL_SESSION_KEY] = str((payload or {}).get("acr", ""))[:60]
        return user


IDPORTEN_LEVEL_SESSION_KEY = "idporten_acr"


def login_method(request):
    """How the user of this request logged in, in words for the record: «ID-porten (idporten-loa-high)» or «Passord»."""
    session = getattr(request, "session", None)
    backend = session.get(BACKEND_SESSION_KEY, "") if session is not None else ""
    if backend.endswith("IdPortenBackend"):
        level = session.get(IDPORTEN_LEVEL_SESSION_KEY, "")
        return f"ID-porten ({level})" if level else "ID-porten"
    if backend:
        return gettext("Brukernavn og passord")
    return ""


from django.contrib.auth import password_validation  # noqa: E402
from django.utils.translation import ngettext  # noqa: E402


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's length rule with the message in Norwegian (Django's own catalogue lacks it)."""

    def get_error_message(self):
        return ngettext(
            "Passordet er for kort. Det må inneholde minst %(min_length)d tegn.",
            "Passordet er for kort. Det må inneholde minst %(min_length)d tegn.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self):
        return ngettext(
            "Passordet må inneholde minst %(min_length)d tegn.",
            "Passordet må inneholde minst %(min_length)d tegn.",
            self.min_length,
        ) % {"min_length": self.min_length}
