"""Forms of the curriculum context: they parse input; the rules live in the domain modules.

Each form can turn a domain refusal back into a field error (``add_domain_error``).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bangkom.accounts.choices import TIME_ZONE_CHOICES, PositionType, Role
from bangkom.accounts.models import Institution, User
from bangkom.common.errors import DomainError
from bangkom.common.forms import BootstrapFormMixin
from bangkom.common.timezones import DEFAULT_ZONE
from bangkom.curriculum.choices import LearningForm, ProgramType
from bangkom.curriculum.facilitators import CertificationData
from bangkom.curriculum.models import Offering, Program, Subject
from bangkom.curriculum.offerings import OfferingData, in_zone, wall_clock
from bangkom.curriculum.programs import ProgramData, SubjectData
from bangkom.planning.choices import MAX_LEVEL, MIN_LEVEL
from bangkom.planning.models import Competency

LOCAL_INPUT_FORMAT = "%Y-%m-%dT%H:%M"


class CurriculumForm(BootstrapFormMixin, forms.Form):
    """Bootstrap classes, and a place for domain refusals next to their field."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxSelectMultiple):
                field.widget.attrs["class"] = "form-check-input"

    def add_domain_error(self, error: DomainError) -> None:
        field = getattr(error, "field", None)
        self.add_error(field if field in self.fields else None, str(error))


class WallClockDateTimeField(forms.DateTimeField):
    """A date and time as typed, without a zone: the form attaches the offering's zone."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT_FORMAT)

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("input_formats", [LOCAL_INPUT_FORMAT, "%Y-%m-%d %H:%M"])
        super().__init__(**kwargs)

    def to_python(self, value: object) -> datetime | None:
        result = super().to_python(value)
        # Django made it aware in the viewer's zone; undo that, the offering's zone decides.
        return timezone.make_naive(result) if result is not None else None


# --- programs -------------------------------------------------------------------------------


class ProgramForm(CurriculumForm):
    code = forms.CharField(label=_("Kode"), max_length=30)
    title = forms.CharField(label=_("Judul"), max_length=200)
    program_type = forms.ChoiceField(label=_("Jenis"), choices=ProgramType.choices)
    learning_form = forms.ChoiceField(
        label=_("Bentuk/jalur (PerLAN 10/2018)"),
        choices=LearningForm.choices,
        initial=LearningForm.NKL03,
    )
    total_jp = forms.DecimalField(
        label=_("Total JP"),
        max_digits=5,
        decimal_places=1,
        min_value=Decimal("0.5"),
        help_text=_("1 JP = 45 menit; boleh kelipatan 0,5."),
    )
    theme = forms.CharField(label=_("Tema"), max_length=100, required=False)
    description = forms.CharField(
        label=_("Deskripsi"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    is_active = forms.BooleanField(label=_("Aktif"), required=False, initial=True)

    @classmethod
    def for_program(cls, program: Program, data: object = None) -> ProgramForm:
        initial = {name: getattr(program, name) for name in cls.base_fields}
        return cls(data, initial=initial)

    def program_data(self) -> ProgramData:
        return ProgramData(**self.cleaned_data)


class SubjectForm(CurriculumForm):
    order = forms.IntegerField(
        label=_("Urutan"),
        min_value=1,
        max_value=999,
        required=False,
        help_text=_(
            "Kosongkan untuk menaruhnya paling akhir. Nomor yang sudah dipakai menggeser "
            "mata pelatihan lain ke bawah."
        ),
    )
    title = forms.CharField(label=_("Judul"), max_length=200)
    jp = forms.DecimalField(label=_("JP"), max_digits=4, decimal_places=1, min_value=Decimal("0.5"))
    objectives = forms.CharField(
        label=_("Tujuan pembelajaran"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    facilitators = forms.ModelMultipleChoiceField(
        label=_("Fasilitator (widyaiswara/narasumber)"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facilitators"].queryset = User.objects.filter(
            role_assignments__role=Role.WIDYAISWARA
        ).order_by("name")

    @classmethod
    def for_subject(cls, subject: Subject, data: object = None) -> SubjectForm:
        initial = {
            "order": subject.order,
            "title": subject.title,
            "jp": subject.jp,
            "objectives": subject.objectives,
            "facilitators": list(subject.facilitators.values_list("pk", flat=True)),
        }
        return cls(data, initial=initial)

    def subject_data(self) -> SubjectData:
        data = self.cleaned_data
        return SubjectData(
            title=data["title"],
            jp=data["jp"],
            objectives=data["objectives"],
            order=data["order"],
            facilitators=tuple(data["facilitators"]),
        )


class ProgramCompetencyForm(CurriculumForm):
    competency = forms.ModelChoiceField(
        label=_("Kompetensi"), queryset=Competency.objects.order_by("competency_type", "name")
    )
    target_level = forms.TypedChoiceField(
        label=_("Level sasaran"),
        coerce=int,
        choices=[(level, str(level)) for level in range(MIN_LEVEL, MAX_LEVEL + 1)],
    )


class RulesForm(CurriculumForm):
    title = forms.CharField(label=_("Judul"), max_length=200)
    body_markdown = forms.CharField(
        label=_("Isi (Markdown)"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Gunakan Markdown: **tebal**, *miring*, daftar dengan '-', judul dengan '##'."),
    )


# --- offerings ------------------------------------------------------------------------------

SCHEDULE_FIELDS = ("enrollment_opens_at", "enrollment_closes_at", "starts_at", "ends_at")


class OfferingForm(CurriculumForm):
    code = forms.CharField(label=_("Kode angkatan"), max_length=40)
    name = forms.CharField(label=_("Nama angkatan"), max_length=200)
    time_zone = forms.ChoiceField(
        label=_("Zona waktu jadwal"),
        choices=TIME_ZONE_CHOICES,
        initial=DEFAULT_ZONE,
        help_text=_("Waktu di bawah ini diisi menurut zona ini."),
    )
    enrollment_opens_at = WallClockDateTimeField(label=_("Pendaftaran dibuka"))
    enrollment_closes_at = WallClockDateTimeField(label=_("Pendaftaran ditutup"))
    starts_at = WallClockDateTimeField(label=_("Mulai belajar"))
    ends_at = WallClockDateTimeField(label=_("Selesai belajar"))
    capacity = forms.IntegerField(
        label=_("Kuota peserta"),
        min_value=1,
        required=False,
        help_text=_("Kosongkan untuk tanpa batas."),
    )
    eligible_institutions = forms.ModelMultipleChoiceField(
        label=_("Instansi sasaran"),
        queryset=Institution.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Tidak memilih satu pun berarti semua instansi."),
    )
    eligible_position_types = forms.MultipleChoiceField(
        label=_("Jenis jabatan sasaran"),
        choices=PositionType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tidak memilih satu pun berarti semua jenis jabatan."),
    )
    requires_supervisor_approval = forms.BooleanField(
        label=_("Perlu persetujuan pimpinan"), required=False, initial=True
    )
    is_trial_mode = forms.BooleanField(label=_("Mode uji coba"), required=False)

    @classmethod
    def for_offering(cls, offering: Offering, data: object = None) -> OfferingForm:
        initial = {
            name: getattr(offering, name)
            for name in cls.base_fields
            if name not in (*SCHEDULE_FIELDS, "eligible_institutions")
        }
        for name in SCHEDULE_FIELDS:
            initial[name] = wall_clock(getattr(offering, name), offering.time_zone)
        initial["eligible_institutions"] = list(
            offering.eligible_institutions.values_list("pk", flat=True)
        )
        return cls(data, initial=initial)

    def offering_data(self) -> OfferingData:
        """The input with each wall-clock time read in the chosen zone (stored in UTC)."""
        data = dict(self.cleaned_data)
        zone = data["time_zone"]
        for name in SCHEDULE_FIELDS:
            data[name] = in_zone(data[name], zone)
        data["eligible_institutions"] = tuple(data["eligible_institutions"])
        data["eligible_position_types"] = tuple(data["eligible_position_types"])
        return OfferingData(**data)


class CommitteeForm(CurriculumForm):
    user = forms.ModelChoiceField(label=_("Pengelola"), queryset=User.objects.none())
    task = forms.CharField(label=_("Tugas"), max_length=200)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            User.objects.filter(role_assignments__role=Role.PENGELOLA, is_active=True)
            .distinct()
            .order_by("name")
        )


class StatusForm(forms.Form):
    to = forms.CharField(max_length=10)


# --- facilitators ---------------------------------------------------------------------------


class FacilitatorProfileForm(CurriculumForm):
    academic_title = forms.CharField(label=_("Gelar"), max_length=100, required=False)
    education = forms.CharField(
        label=_("Pendidikan"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    work_experience = forms.CharField(
        label=_("Pengalaman kerja"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    expertise = forms.CharField(label=_("Bidang keahlian"), max_length=300, required=False)
    contact_email = forms.EmailField(
        label=_("Email kontak"),
        required=False,
        help_text=_("Ditampilkan kepada peserta mata pelatihan Anda."),
    )
    contact_phone = forms.CharField(
        label=_("Telepon kontak"),
        max_length=30,
        required=False,
        help_text=_("Ditampilkan kepada peserta mata pelatihan Anda."),
    )

    @classmethod
    def for_profile(cls, profile: object, data: object = None) -> FacilitatorProfileForm:
        return cls(data, initial={name: getattr(profile, name) for name in cls.base_fields})


class CertificationForm(CurriculumForm):
    name = forms.CharField(label=_("Nama sertifikasi"), max_length=200)
    issuer = forms.CharField(label=_("Penerbit"), max_length=200, required=False)
    number = forms.CharField(label=_("Nomor"), max_length=100, required=False)
    issued_on = forms.DateField(
        label=_("Tanggal terbit"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    expires_on = forms.DateField(
        label=_("Berlaku sampai"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Kosongkan bila berlaku seumur hidup."),
    )
    evidence = forms.FileField(
        label=_("Bukti (PDF, JPG atau PNG)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def certification_data(self) -> CertificationData:
        data = self.cleaned_data
        return CertificationData(
            name=data["name"],
            issuer=data["issuer"],
            number=data["number"],
            issued_on=data["issued_on"],
            expires_on=data["expires_on"],
        )


class VerifyForm(forms.Form):
    action = forms.ChoiceField(choices=[("verify", "verify"), ("unverify", "unverify")])
