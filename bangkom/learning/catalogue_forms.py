"""Forms of the catalogue and enrolment pages: they parse and validate input only.

Filter forms never fail the page: an invalid value is simply not applied.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bangkom.common.forms import BootstrapFormMixin
from bangkom.curriculum.choices import OfferingStatus, ProgramType
from bangkom.learning.bulk_enrollment import MAX_UPLOAD_BYTES
from bangkom.learning.catalogue import (
    DEFAULT_SORT,
    MAX_QUERY_CHARS,
    SORT_LABELS,
    CatalogueFilters,
)
from bangkom.learning.choices import EnrollmentStatus

_ALL = [("", _("Semua"))]


class CatalogueFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("Cari"), required=False, max_length=MAX_QUERY_CHARS)
    tema = forms.ChoiceField(label=_("Tema"), required=False)
    jenis = forms.ChoiceField(label=_("Jenis"), required=False, choices=_ALL + ProgramType.choices)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Dibuka dan berjalan")),
            (OfferingStatus.PUBLISHED, OfferingStatus.PUBLISHED.label),
            (OfferingStatus.RUNNING, OfferingStatus.RUNNING.label),
            (OfferingStatus.CLOSED, OfferingStatus.CLOSED.label),
        ],
    )
    dari = forms.DateField(
        label=_("Mulai dari"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sampai = forms.DateField(
        label=_("Mulai sampai"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    urut = forms.ChoiceField(label=_("Urutkan"), required=False, choices=list(SORT_LABELS.items()))

    def __init__(self, *args: object, themes: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tema"].choices = _ALL + [(t, t) for t in themes]

    def filters(self) -> CatalogueFilters:
        """The valid part of the input as filters; invalid fields are left out."""
        if not self.is_bound:
            return CatalogueFilters()
        self.is_valid()
        data = {name: self.cleaned_data.get(name) for name in self.fields}
        return CatalogueFilters(
            q=data["q"] or "",
            theme=data["tema"] or "",
            program_type=data["jenis"] or "",
            status=data["status"] or "",
            starts_from=data["dari"],
            starts_to=data["sampai"],
            sort=data["urut"] or DEFAULT_SORT,
        )


class EnrollmentRequestForm(BootstrapFormMixin, forms.Form):
    motivation = forms.CharField(
        label=_("Alasan mengikuti (opsional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecisionForm(BootstrapFormMixin, forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Setujui")), ("reject", _("Tolak"))], widget=forms.HiddenInput
    )
    reason = forms.CharField(
        label=_("Alasan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ParticipantFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("NIP atau nama"), required=False, max_length=MAX_QUERY_CHARS)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_ALL + EnrollmentStatus.choices
    )

    def values(self) -> tuple[str, str]:
        if not self.is_bound:
            return "", ""
        self.is_valid()
        return self.cleaned_data.get("q") or "", self.cleaned_data.get("status") or ""


class BulkEnrollForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Berkas XLSX"),
        help_text=_(
            "Satu kolom berjudul nip (diformat sebagai Teks), satu NIP per baris; paling "
            "besar %(mb)s MB."
        )
        % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)},
    )


class InvitationForm(BootstrapFormMixin, forms.Form):
    message = forms.CharField(
        label=_("Pesan untuk pimpinan instansi (opsional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TesterForm(BootstrapFormMixin, forms.Form):
    nips = forms.CharField(
        label=_("NIP penguji"),
        help_text=_("Satu NIP per baris (atau dipisah koma)."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20000,
    )
