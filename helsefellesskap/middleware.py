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
