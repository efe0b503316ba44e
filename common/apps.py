from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    """Shared web helpers: forms, one-time form tokens, input rules, safe files. Imports no app of the product."""

    name = "common"
    verbose_name = _("Felles")
