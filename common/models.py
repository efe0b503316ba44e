from django.db import models
from django.utils.translation import gettext_lazy as _


class SpentFormToken(models.Model):
    """A one-time form token, spent in the transaction that saved the form (common/web.py run_service).

    The unique token lets exactly one of several simultaneous submissions of the same form through.
    """

    token = models.CharField(_("skjemanøkkel"), max_length=64, unique=True)
    spent_at = models.DateTimeField(_("brukt"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("brukt skjemanøkkel")
        verbose_name_plural = _("brukte skjemanøkler")

    def __str__(self):
        return self.token
