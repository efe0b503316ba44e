"""The language chooser in every page header (templates/includes/_language_choice.html), and the middleware that
lets a logged-in user's stored choice decide the language of every page they see, in any browser.

Anonymous readers keep their choice in Django's language cookie (LocaleMiddleware reads it).
"""
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.language import SESSION_KEY, is_offered, language_choose, stored_language


def _safe_next(request):
    """Where to go after choosing: the posted `next` (or the page the form was on) if it is on this site, else home."""
    for candidate in (request.POST.get("next"), request.META.get("HTTP_REFERER")):
        if candidate and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()},
                                                         require_https=request.is_secure()):
            return candidate
    return reverse("home")


@require_POST
def set_language(request):
    """Django's set_language, plus: a logged-in user's choice is stored on the user. An unknown language is refused
    with a message and changes nothing."""
    language = request.POST.get("language", "")
    response = HttpResponseRedirect(_safe_next(request))
    if not is_offered(language):
        messages.error(request, _("Ukjent språk. Velg et av språkene i lista."))
        return response
    if request.user.is_authenticated:
        try:
            language_choose(user=request.user, language=language)
        except ValidationError:  # pragma: no cover - is_offered above refuses the same languages
            messages.error(request, _("Ukjent språk. Velg et av språkene i lista."))
            return response
        request.session[SESSION_KEY] = [request.user.pk, language]
    translation.activate(language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE, path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN, secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY, samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


class UserLanguageMiddleware:
    """After authentication: a logged-in user who has chosen a language sees every page in it (the cookie of the
    browser they use does not matter). The choice is put in the session at login (members.language.remember_at_login);
    a session from before that is read from the database once and remembered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = self._language_of(request)
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)

    @staticmethod
    def _language_of(request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        session = getattr(request, "session", None)
        cached = session.get(SESSION_KEY) if session is not None else None
        if isinstance(cached, list) and len(cached) == 2 and cached[0] == user.pk:
            language = cached[1]
        else:
            language = stored_language(user)
            if session is not None:
                session[SESSION_KEY] = [user.pk, language]
        return language if language and is_offered(language) else None
