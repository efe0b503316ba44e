"""Northern Sámi dates and numbers as in bokmål (Django has no Sámi formats of its own)."""
from django.conf.locale.nb.formats import *  # noqa: F401,F403
