"""The language a user reads the pages in: chosen in the page header, kept on the user so it follows them."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bodies.history import stamp

from .models import LanguagePreference

# The session remembers the logged-in user's choice ([user id, language or None]) so pages need not read it.
SESSION_KEY = "_chosen_language"


def remember_at_login(sender, request, user, **kwargs):
    """At login (user_logged_in, connected in MembersConfig.ready) the session learns the user's stored language, in
    the same session save as the login itself: no page after it reads the database or writes the session for it."""
    session = getattr(request, "session", None)
    if session is not None:
        session[SESSION_KEY] = [user.pk, stored_language(user)]


def is_offered(language):
    """Whether the language is one the pages are offered in (settings.LANGUAGES)."""
    return language in {code for code, _name in settings.LANGUAGES}


def stored_language(user):
    """The language the user chose, or None when they have not chosen (or are not logged in)."""
    if user is None or not user.is_authenticated:
        return None
    return LanguagePreference.objects.filter(user=user).values_list("language", flat=True).first()


@transaction.atomic
def language_choose(*, user, language):
    """Keep the user's choice of language (one row per user, with history). Unknown languages are refused."""
    if not is_offered(language):
        raise ValidationError({"language": _("Ukjent språk. Velg et av språkene i lista.")})
    preference = LanguagePreference.objects.select_for_update().filter(user=user).first()
    if preference is not None and preference.language == language:
        return preference
    preference = preference or LanguagePreference(user=user)
    preference.language = language
    preference.full_clean()
    stamp(preference, user, _("Språk valgt"))
    preference.save()
    return preference
