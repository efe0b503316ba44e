import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helsefellesskap.settings.prod")
application = get_asgi_application()

from helsefellesskap.startup import settle  # noqa: E402 - after Django is set up

settle()
