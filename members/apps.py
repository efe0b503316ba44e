from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Personer og medlemskap")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .language import remember_at_login

        user_logged_in.connect(remember_at_login, dispatch_uid="members.language.remember_at_login")
