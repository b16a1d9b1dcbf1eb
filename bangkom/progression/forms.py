"""Forms of the progression context: parse and validate input only (rules are elsewhere)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bangkom.accounts.models import Employee
from bangkom.common.errors import DomainError
from bangkom.common.forms import BootstrapFormMixin
from bangkom.curriculum.choices import LearningForm
from bangkom.curriculum.models import Program
from bangkom.planning.models import Competency
from bangkom.progression.external import ExternalLearningData


class DomainErrorFormMixin:
    def add_domain_error(self, error: DomainError) -> None:
        field = getattr(error, "field", None)
        if field is None and getattr(error, "code", "") == "upload_rejected":
            field = "evidence"
        self.add_error(field if field in self.fields else None, str(error))


class ExternalLearningForm(DomainErrorFormMixin, BootstrapFormMixin, forms.Form):
    nip = forms.CharField(label=_("NIP pegawai"), max_length=25)
    learning_form = forms.ChoiceField(label=_("Bentuk/jalur"), choices=LearningForm.choices)
    title = forms.CharField(label=_("Nama kegiatan"), max_length=200)
    provider = forms.CharField(label=_("Penyelenggara"), max_length=200)
    starts_on = forms.DateField(
        label=_("Tanggal mulai"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Tanggal selesai"), widget=forms.DateInput(attrs={"type": "date"})
    )
    jp = forms.DecimalField(label=_("JP"), max_digits=5, decimal_places=1, min_value=0.5)
    certificate_number = forms.CharField(
        label=_("Nomor sertifikat"), max_length=100, required=False
    )
    evidence = forms.FileField(
        label=_("Bukti (PDF, JPEG atau PNG)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def clean_nip(self) -> Employee:
        nip = "".join(ch for ch in self.cleaned_data["nip"] if ch.isdigit())
        employee = Employee.objects.filter(nip=nip, is_active=True).first()
        if employee is None:
            raise forms.ValidationError(_("NIP tidak ditemukan di data induk pegawai aktif."))
        return employee

    def learning_data(self) -> ExternalLearningData:
        data = self.cleaned_data
        return ExternalLearningData(
            learning_form=data["learning_form"],
            title=data["title"],
            provider=data["provider"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            jp=data["jp"],
            certificate_number=data.get("certificate_number") or "",
        )


class DecisionForm(DomainErrorFormMixin, BootstrapFormMixin, forms.Form):
    action = forms.ChoiceField(
        choices=[("approve", _("Setujui")), ("reject", _("Tolak"))], widget=forms.HiddenInput
    )
    reason = forms.CharField(label=_("Alasan penolakan"), required=False, max_length=1000)


class FollowUpForm(DomainErrorFormMixin, BootstrapFormMixin, forms.Form):
    follow_up = forms.ModelChoiceField(
        label=_("Program lanjutan"), queryset=Program.objects.filter(is_active=True)
    )
    competency = forms.ModelChoiceField(
        label=_("Kompetensi"), queryset=Competency.objects.all(), required=False
    )
    min_level = forms.IntegerField(
        label=_("Level minimal"), min_value=1, max_value=5, required=False
    )

    def __init__(self, *args: object, program: Program, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["follow_up"].queryset = (
            Program.objects.filter(is_active=True).exclude(pk=program.pk).order_by("title")
        )


class ReportFilterForm(forms.Form):
    """The report's GET filters; bad values fall back to defaults (never an error page)."""

    year = forms.IntegerField(min_value=2000, max_value=2100, required=False)
    institution = forms.IntegerField(min_value=1, required=False)
    below = forms.BooleanField(required=False)
