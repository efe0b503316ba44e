"""Answer 503 with a Norwegian page while the database is unreachable (a restart, a failover)."""
from django.db import InterfaceError, OperationalError
from django.template.loader import render_to_string
from django.http import HttpResponse


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)):
            response = HttpResponse(render_to_string("503.html", request=None), status=503)
            response["Retry-After"] = "5"
            return response
        return None


class InputHygieneMiddleware:
    """Refuse, once for every page (the admin included), requests carrying control characters where none belong.

    - the path, the query string (names and values) and the request headers: any C0 control character or
      DEL (a tab passes in headers) answers 400 with a Norwegian page;
    - POSTed fields (form-encoded or multipart, not the files' content): a NUL byte answers 400 too. No one
      types a NUL byte, and PostgreSQL cannot store one. Other control characters in POSTed text are left to
      the forms (helsefellesskap/web.py), which put a message next to the field, and Django's own CharField
      refuses NUL in every form (admin forms included) should this net ever be removed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._bad_request(request):
            return bad_input_response(request)
        return self.get_response(request)

    @staticmethod
    def _bad_request(request):
        from common.input import has_control_characters

        if has_control_characters(request.path, multiline=False):
            return True
        for key, values in request.GET.lists():
            if has_control_characters(key, multiline=False) or any(has_control_characters(v, multiline=False) for v in values):
                return True
        for key, value in request.META.items():
            if key.startswith("HTTP_") and isinstance(value, str) and has_control_characters(value.replace("\t", " "), multiline=False):
                return True
        if request.method == "POST" and request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            try:
                posted = request.POST
            except Exception:  # noqa: BLE001 - a malformed body is refused further on, as Django always has
                return False
            for key, values in posted.lists():
                if "\x00" in key or any("\x00" in v for v in values if isinstance(v, str)):
                    return True
        return False


def bad_input_response(request):
    from .views import bad_request

    return bad_request(request, exception=None)
