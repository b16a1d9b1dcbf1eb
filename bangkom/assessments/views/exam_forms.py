"""Forms of the exam area: they parse input only; the rules live in ``setup.py`` and
``attempts.py``. Times are typed as wall-clock times in the offering's zone.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bangkom.assessments.choices import AfterLastFailure, AssessmentKind, Difficulty
from bangkom.assessments.models import Assessment, ItemBank
from bangkom.assessments.rules import DEFAULT_DURATION_MINUTES, MAX_DURATION_MINUTES
from bangkom.common.errors import DomainError
from bangkom.common.forms import BootstrapFormMixin
from bangkom.curriculum.models import Offering, Subject
from bangkom.curriculum.offerings import in_zone, wall_clock
from bangkom.planning.models import Competency

LOCAL_INPUT_FORMAT = "%Y-%m-%dT%H:%M"
BLUEPRINT_EXTRA_ROWS = 3


class _WallClockField(forms.DateTimeField):
    """A date and time as typed, without a zone: the form attaches the offering's zone."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT_FORMAT)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", [LOCAL_INPUT_FORMAT, "%Y-%m-%d %H:%M"])
        super().__init__(**kwargs)

    def to_python(self, value: object) -> datetime | None:
        result = super().to_python(value)
        return timezone.make_naive(result) if result is not None else None


class AssessmentForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Jenis ujian"), choices=AssessmentKind.choices)
    subject = forms.ModelChoiceField(
        label=_("Mata pelatihan (khusus ujian mata pelatihan)"),
        queryset=Subject.objects.none(),
        required=False,
    )
    title = forms.CharField(label=_("Judul"), max_length=200, required=False)
    banks = forms.ModelMultipleChoiceField(
        label=_("Bank soal"),
        queryset=ItemBank.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    passing_score = forms.DecimalField(
        label=_("Nilai lulus"),
        max_digits=5,
        decimal_places=2,
        required=False,
        help_text=_(
            "Kosongkan untuk memakai ketentuan: tes penempatan 85, mata pelatihan 70, "
            "uji kompetensi 70."
        ),
    )
    max_attempts = forms.IntegerField(
        label=_("Kesempatan maksimal"),
        required=False,
        min_value=1,
        help_text=_(
            "Kosongkan untuk memakai ketentuan: tes penempatan 1, mata pelatihan 5, "
            "uji kompetensi 3."
        ),
    )
    duration_minutes = forms.IntegerField(
        label=_("Durasi (menit)"),
        min_value=1,
        max_value=MAX_DURATION_MINUTES,
        initial=DEFAULT_DURATION_MINUTES,
    )
    opens_at = _WallClockField(label=_("Dibuka"), required=False)
    closes_at = _WallClockField(
        label=_("Mulai paling lambat"),
        required=False,
        help_text=_("Untuk sesi CAT serentak: batas waktu peserta boleh mulai."),
    )
    item_count = forms.IntegerField(
        label=_("Jumlah soal"),
        min_value=1,
        initial=20,
        help_text=_("Dipakai bila kisi-kisi kosong; dengan kisi-kisi, jumlahnya total baris."),
    )
    shuffle_options = forms.BooleanField(label=_("Acak urutan pilihan"), required=False)
    allow_review = forms.BooleanField(
        label=_("Peserta boleh melihat pembahasan setelah jadwal ditutup"), required=False
    )
    after_last_failure = forms.ChoiceField(
        label=_("Setelah kesempatan terakhir gagal"),
        choices=AfterLastFailure.choices,
        initial=AfterLastFailure.END_NOT_PASSED,
    )

    def __init__(self, *args: Any, offering: Offering, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.offering = offering
        self.fields["subject"].queryset = Subject.objects.filter(
            program_id=offering.program_id
        ).order_by("order")
        self.fields["banks"].queryset = ItemBank.objects.filter(
            program_id=offering.program_id
        ).order_by("code")
        self.fields["banks"].widget.attrs["class"] = "form-check-input"
        if editing:
            self.fields["kind"].disabled = True
            self.fields["subject"].disabled = True

    @classmethod
    def for_assessment(cls, assessment: Assessment, data: object = None) -> AssessmentForm:
        zone = assessment.offering.time_zone
        initial = {
            "kind": assessment.kind,
            "subject": assessment.subject_id,
            "title": assessment.title,
            "banks": list(assessment.banks.values_list("pk", flat=True)),
            "passing_score": assessment.passing_score,
            "max_attempts": assessment.max_attempts,
            "duration_minutes": assessment.duration_minutes,
            "opens_at": wall_clock(assessment.opens_at, zone) if assessment.opens_at else None,
            "closes_at": wall_clock(assessment.closes_at, zone) if assessment.closes_at else None,
            "item_count": assessment.item_count,
            "shuffle_options": assessment.shuffle_options,
            "allow_review": assessment.allow_review,
            "after_last_failure": assessment.after_last_failure,
        }
        return cls(data, initial=initial, offering=assessment.offering, editing=True)

    def add_domain_error(self, error: DomainError) -> None:
        field = getattr(error, "field", "")
        self.add_error(field if field in self.fields else None, str(error))

    def setup_arguments(self) -> dict:
        """Keyword arguments for ``setup.configure_assessment`` (blueprint added by the view)."""
        data = self.cleaned_data
        zone = self.offering.time_zone
        return {
            "kind": data["kind"],
            "subject": data["subject"],
            "title": data["title"],
            "banks": list(data["banks"]),
            "passing_score": data["passing_score"],
            "max_attempts": data["max_attempts"],
            "duration_minutes": data["duration_minutes"],
            "opens_at": in_zone(data["opens_at"], zone) if data["opens_at"] else None,
            "closes_at": in_zone(data["closes_at"], zone) if data["closes_at"] else None,
            "item_count": data["item_count"],
            "shuffle_options": data["shuffle_options"],
            "allow_review": data["allow_review"],
            "after_last_failure": data["after_last_failure"],
        }


class BlueprintRowForm(BootstrapFormMixin, forms.Form):
    """One row of the blueprint: how many items of a subject × competency × difficulty."""

    subject = forms.ModelChoiceField(
        label=_("Mata pelatihan"),
        queryset=Subject.objects.none(),
        required=False,
        empty_label=_("(semua)"),
    )
    competency = forms.ModelChoiceField(
        label=_("Kompetensi"),
        queryset=Competency.objects.none(),
        required=False,
        empty_label=_("(semua)"),
    )
    difficulty = forms.ChoiceField(
        label=_("Tingkat kesulitan"),
        choices=[("", _("(semua)")), *Difficulty.choices],
        required=False,
    )
    count = forms.IntegerField(label=_("Jumlah soal"), required=False)

    def __init__(self, *args: Any, offering: Offering, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = Subject.objects.filter(
            program_id=offering.program_id
        ).order_by("order")
        self.fields["competency"].queryset = Competency.objects.order_by("name")

    def row(self) -> dict | None:
        """The row as stored, or None for an empty row (no count and nothing chosen)."""
        data = self.cleaned_data
        if not data or (
            data.get("count") is None
            and not data.get("subject")
            and not data.get("competency")
            and not data.get("difficulty")
        ):
            return None
        return {
            "subject": data["subject"].pk if data.get("subject") else None,
            "competency": data["competency"].pk if data.get("competency") else None,
            "difficulty": data.get("difficulty") or None,
            "count": data.get("count") if data.get("count") is not None else 0,
        }


BlueprintFormSet = forms.formset_factory(BlueprintRowForm, extra=BLUEPRINT_EXTRA_ROWS)


def blueprint_formset(offering: Offering, *, data: object = None, rows: list | None = None):  # noqa: ANN201
    initial = [
        {
            "subject": row.get("subject"),
            "competency": row.get("competency"),
            "difficulty": row.get("difficulty") or "",
            "count": row.get("count"),
        }
        for row in rows or []
    ]
    return BlueprintFormSet(
        data, initial=initial, prefix="blueprint", form_kwargs={"offering": offering}
    )


def blueprint_rows(formset: forms.BaseFormSet) -> list[dict]:
    return [row for form in formset.forms if (row := form.row()) is not None]


class VoidForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Alasan pembatalan"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Wajib diisi. Percobaan yang dibatalkan tidak dihitung dalam batas kesempatan."
        ),
    )
