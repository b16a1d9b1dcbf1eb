"""The admin's audit log filter (GET form)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bangkom.audit.actions import ACTION_LABELS
from bangkom.audit.queries import LogFilter
from bangkom.common.forms import BootstrapFormMixin


class LogFilterForm(BootstrapFormMixin, forms.Form):
    action = forms.ChoiceField(label=_("Tindakan"), required=False)
    actor_nip = forms.CharField(label=_("NIP pelaku"), max_length=18, required=False)
    subject_nip = forms.CharField(label=_("NIP yang bersangkutan"), max_length=18, required=False)
    target_type = forms.CharField(
        label=_("Jenis objek"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"list": "audit-target-types", "placeholder": "app.model"}),
    )
    date_from = forms.DateField(
        label=_("Dari tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Sampai tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("Semua tindakan"))] + [
            (name, f"{label} ({name})") for name, label in ACTION_LABELS.items()
        ]

    def clean_actor_nip(self) -> str:
        return self.cleaned_data["actor_nip"].replace(" ", "").replace(".", "")

    def clean_target_type(self) -> str:
        return self.cleaned_data["target_type"].strip().lower()

    def clean_subject_nip(self) -> str:
        return self.cleaned_data["subject_nip"].replace(" ", "").replace(".", "")

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("Tanggal akhir tidak boleh sebelum tanggal awal."))
        return cleaned

    def criteria(self) -> LogFilter:
        """The filter from the valid fields (an invalid field shows its error and is ignored)."""
        self.is_valid()
        data = self.cleaned_data
        return LogFilter(
            action=data.get("action") or "",
            actor_nip=data.get("actor_nip") or "",
            subject_nip=data.get("subject_nip") or "",
            target_type=data.get("target_type") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
