"""Forms of the certificates context: parse and validate input only."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bangkom.certificates.errors import InvalidPattern
from bangkom.certificates.models import CertificateSettings
from bangkom.certificates.numbering import check_pattern
from bangkom.common.forms import BootstrapFormMixin


class CertificateSettingsForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = CertificateSettings
        fields = [
            "signatory_name",
            "signatory_position",
            "place_of_issue",
            "number_pattern",
            "provider_name",
        ]
        help_texts = {
            "number_pattern": _(
                "Kolom: {offering_code}, {program_code}, {seq}, {year}. Wajib memuat "
                "{offering_code}, {seq} dan {year}; {seq:05} menulis urutan lima digit."
            )
        }

    def clean_number_pattern(self) -> str:
        pattern = self.cleaned_data["number_pattern"].strip()
        try:
            check_pattern(pattern)
        except InvalidPattern as exc:
            raise forms.ValidationError(str(exc)) from exc
        return pattern


class RevokeForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Alasan pencabutan"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class VerifyForm(BootstrapFormMixin, forms.Form):
    number = forms.CharField(label=_("Nomor sertifikat"), max_length=150)
