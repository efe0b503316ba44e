"""While the database is unreachable the app answers 503 with a Norwegian page, not a 500."""
from django.db import OperationalError
from django.test import RequestFactory

from helsefellesskap.middleware import DatabaseUnavailableMiddleware


def test_a_database_outage_answers_503_with_retry_after():
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    response = middleware.process_exception(RequestFactory().get("/"), OperationalError("connection refused"))
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Tjenesten er midlertidig utilgjengelig" in response.content.decode()
    assert 'href="/tilgjengelighet/"' in response.content.decode()  # the accessibility statement, as on every page


def test_other_errors_are_left_to_django():
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    assert middleware.process_exception(RequestFactory().get("/"), ValueError("x")) is None
