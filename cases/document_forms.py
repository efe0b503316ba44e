"""Forms of the case page's documents: upload and new version (the file is checked by cases.documents)."""
from django import forms
from django.utils.translation import gettext_lazy as _

from common.web import DSForm

from .models import CaseDocument

LEGAL_BASIS_HELP = _("Hjemmel når dokumentet er unntatt offentlighet, for eksempel «offentleglova § 14».")
FILE_HELP = _("PDF, Word, Excel, PowerPoint, OpenDocument eller bilde (PNG, JPEG, GIF, WebP).")


class DocumentUploadForm(DSForm):
    title = forms.CharField(label=_("Tittel"), max_length=CaseDocument._meta.get_field("title").max_length)
    file = forms.FileField(label=_("Fil"), help_text=FILE_HELP)
    exempt = forms.BooleanField(label=_("Unntatt offentlighet"), required=False)
    legal_basis = forms.CharField(label=_("Hjemmel"), required=False, help_text=LEGAL_BASIS_HELP,
                                  max_length=CaseDocument._meta.get_field("legal_basis").max_length)


class DocumentVersionForm(DSForm):
    file = forms.FileField(label=_("Ny versjon av filen"), help_text=FILE_HELP)
    title = forms.CharField(label=_("Tittel"), max_length=CaseDocument._meta.get_field("title").max_length)
    exempt = forms.BooleanField(label=_("Unntatt offentlighet"), required=False)
    legal_basis = forms.CharField(label=_("Hjemmel"), required=False, help_text=LEGAL_BASIS_HELP,
                                  max_length=CaseDocument._meta.get_field("legal_basis").max_length)
