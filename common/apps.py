from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    """Shared web helpers: forms, one-time form tokens, input rules, safe files. Imports no app of the product."""

    name = "common"
    verbose_name = _("Felles")

    def ready(self):
        from pathlib import Path

        from django.apps import apps
        from django.conf import settings

        from .choices import install_display_methods

        # The product's own models (not Django's or a library's).
        base = Path(settings.BASE_DIR).resolve()
        install_display_methods(model for config in apps.get_app_configs() if base in Path(config.path).resolve().parents
                                for model in config.get_models())
