from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo and synthetic data (load_demo, generate_national_data), kept out of the domain apps."""

    name = "demo"
    verbose_name = _("Demodata")
