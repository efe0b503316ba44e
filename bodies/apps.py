from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class BodiesConfig(AppConfig):
    name = "bodies"
    verbose_name = _("Helsefellesskap og organer")

    def ready(self):
        from .models import Body, Party, PriorityGroup, forget_filter_choices

        for model in (Body, Party, PriorityGroup):
            post_save.connect(forget_filter_choices, sender=model, dispatch_uid=f"filter-choices-{model.__name__}-save")
            post_delete.connect(forget_filter_choices, sender=model, dispatch_uid=f"filter-choices-{model.__name__}-delete")
