"""Forms of the evaluation pages: parse and validate input only."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bangkom.common.forms import BootstrapFormMixin
from bangkom.curriculum.models import Offering
from bangkom.evaluation.choices import SanctionKind, SurveyPhase, ViolationKind


class InstrumentSetForm(BootstrapFormMixin, forms.Form):
    phase = forms.ChoiceField(label=_("Tahap"), choices=SurveyPhase.choices)
    opens_at = forms.DateTimeField(
        label=_("Dibuka"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    closes_at = forms.DateTimeField(
        label=_("Ditutup"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            raise forms.ValidationError(_("Waktu tutup harus setelah waktu buka."))
        return data


class ViolationForm(BootstrapFormMixin, forms.Form):
    offering = forms.ModelChoiceField(
        label=_("Angkatan"),
        queryset=Offering.objects.select_related("program").order_by("-starts_at"),
    )
    nip = forms.CharField(label=_("NIP peserta"), max_length=18)
    kind = forms.ChoiceField(label=_("Jenis pelanggaran"), choices=ViolationKind.choices)
    attempt_id = forms.IntegerField(
        label=_("ID percobaan ujian"),
        required=False,
        min_value=1,
        help_text=_("Untuk pelanggaran integritas ujian: log integritasnya ikut ditampilkan."),
    )
    description = forms.CharField(
        label=_("Uraian dan bukti"), widget=forms.Textarea(attrs={"rows": 4})
    )
    evidence = forms.FileField(label=_("Berkas bukti (opsional)"), required=False)


class SanctionForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Jenis sanksi"), choices=SanctionKind.choices)
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 3}))


class AppealForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Catatan banding"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )


class AppealDecisionForm(BootstrapFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[("uphold", _("Pertahankan sanksi")), ("lift", _("Cabut sanksi"))],
    )
    note = forms.CharField(label=_("Catatan keputusan"), widget=forms.Textarea(attrs={"rows": 3}))
