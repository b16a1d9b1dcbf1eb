"""Forms of the planning pages: they parse input; the rules live in the domain modules.

Each form can turn a domain refusal back into a field error (``add_domain_error``).
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from bangkom.accounts.choices import PositionType, Role
from bangkom.accounts.models import Institution, User
from bangkom.common.errors import DomainError
from bangkom.common.forms import BootstrapFormMixin
from bangkom.planning.budget import cost_templates
from bangkom.planning.choices import (
    MAX_LEVEL,
    MIN_LEVEL,
    AssessmentSource,
    CompetencyType,
    PreparationKind,
)
from bangkom.planning.competencies import LEVELS, CompetencyData
from bangkom.planning.models import MAX_KELAS, MIN_KELAS, Competency, Position, ProgramPlan
from bangkom.planning.plans import PlanData
from bangkom.planning.positions import PositionData

LEVEL_CHOICES = [(n, str(n)) for n in range(MIN_LEVEL, MAX_LEVEL + 1)]
YES_NO = [("1", _("Ya")), ("0", _("Tidak"))]


class PlanningForm(BootstrapFormMixin, forms.Form):
    """Bootstrap classes, and a place for domain refusals next to their field."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs["class"] = "form-check-input"

    def add_domain_error(self, error: DomainError) -> None:
        field = getattr(error, "field", None)
        self.add_error(field if field in self.fields else None, str(error))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("format", "%Y-%m-%d")
        super().__init__(**kwargs)


def _managers() -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True, role_assignments__role__in=[Role.PENGELOLA, Role.ADMIN])
        .distinct()
        .order_by("name")
    )


# --- dictionary and positions ---------------------------------------------------------------


class CompetencyForm(PlanningForm):
    code = forms.CharField(label=_("Kode"), max_length=30)
    name = forms.CharField(label=_("Nama"), max_length=200)
    competency_type = forms.ChoiceField(label=_("Jenis"), choices=CompetencyType.choices)
    description = forms.CharField(
        label=_("Deskripsi"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    level_1 = forms.CharField(label=_("Level 1"), required=False, max_length=500)
    level_2 = forms.CharField(label=_("Level 2"), required=False, max_length=500)
    level_3 = forms.CharField(label=_("Level 3"), required=False, max_length=500)
    level_4 = forms.CharField(label=_("Level 4"), required=False, max_length=500)
    level_5 = forms.CharField(label=_("Level 5"), required=False, max_length=500)

    @classmethod
    def for_competency(cls, competency: Competency, data: object = None) -> CompetencyForm:
        initial = {
            "code": competency.code,
            "name": competency.name,
            "competency_type": competency.competency_type,
            "description": competency.description,
            **{f"level_{n}": competency.level_descriptions.get(str(n), "") for n in LEVELS},
        }
        return cls(data, initial=initial)

    def competency_data(self) -> CompetencyData:
        d = self.cleaned_data
        return CompetencyData(
            code=d["code"],
            name=d["name"],
            competency_type=d["competency_type"],
            description=d["description"],
            level_descriptions={str(n): d[f"level_{n}"] for n in LEVELS},
        )


class XlsxImportForm(PlanningForm):
    file = forms.FileField(
        label=_("Berkas XLSX"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"})
    )


class PositionForm(PlanningForm):
    code = forms.CharField(label=_("Kode jabatan"), max_length=40)
    name = forms.CharField(label=_("Nama jabatan"), max_length=200)
    position_type = forms.ChoiceField(label=_("Jenis jabatan"), choices=PositionType.choices)
    jenjang = forms.CharField(
        label=_("Jenjang"),
        max_length=100,
        required=False,
        help_text=_("Misalnya JPT Pratama, Ahli Muda, Terampil."),
    )
    kelas_jabatan = forms.IntegerField(
        label=_("Kelas jabatan"), min_value=MIN_KELAS, max_value=MAX_KELAS
    )
    institution = forms.ModelChoiceField(
        label=_("Instansi"),
        queryset=Institution.objects.order_by("name"),
        required=False,
        empty_label=_("Jabatan umum (semua instansi)"),
    )
    unit_name = forms.CharField(label=_("Unit organisasi"), max_length=200, required=False)

    @classmethod
    def for_position(cls, position: Position, data: object = None) -> PositionForm:
        initial = {
            name: getattr(position, name)
            for name in ("code", "name", "position_type", "jenjang", "kelas_jabatan", "unit_name")
        }
        initial["institution"] = position.institution_id
        return cls(data, initial=initial)

    def position_data(self) -> PositionData:
        d = self.cleaned_data
        return PositionData(
            code=d["code"],
            name=d["name"],
            position_type=d["position_type"],
            kelas_jabatan=d["kelas_jabatan"],
            jenjang=d["jenjang"],
            institution=d["institution"],
            unit_name=d["unit_name"],
        )


class RequirementForm(PlanningForm):
    competency = forms.ModelChoiceField(
        label=_("Kompetensi"), queryset=Competency.objects.order_by("competency_type", "name")
    )
    required_level = forms.TypedChoiceField(
        label=_("Level standar"), choices=LEVEL_CHOICES, coerce=int
    )


# --- profiles -------------------------------------------------------------------------------


class AssessmentForm(PlanningForm):
    competency = forms.ModelChoiceField(
        label=_("Kompetensi"), queryset=Competency.objects.order_by("competency_type", "name")
    )
    level = forms.TypedChoiceField(label=_("Level"), choices=LEVEL_CHOICES, coerce=int)
    source = forms.ChoiceField(label=_("Sumber"), choices=AssessmentSource.choices)
    assessed_on = forms.DateField(label=_("Tanggal penilaian"), widget=DateInput())
    note = forms.CharField(
        label=_("Catatan"), required=False, max_length=2000, widget=forms.Textarea({"rows": 2})
    )


class AssignPositionForm(PlanningForm):
    position = forms.ModelChoiceField(
        label=_("Jabatan (Anjab)"), queryset=Position.objects.order_by("name")
    )


# --- needs analysis -------------------------------------------------------------------------


class AnalysisBuildForm(PlanningForm):
    institution = forms.ModelChoiceField(
        label=_("Instansi"), queryset=Institution.objects.order_by("name")
    )
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)


class AnswerForm(PlanningForm):
    needed = forms.TypedChoiceField(
        label=_("Apakah pelatihan ini dibutuhkan oleh pegawai dan organisasi?"),
        choices=YES_NO,
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    beneficial = forms.TypedChoiceField(
        label=_("Apakah pelatihan ini bermanfaat bagi pegawai dan organisasi?"),
        choices=YES_NO,
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    harmful_if_absent = forms.TypedChoiceField(
        label=_("Apakah pegawai dan organisasi dirugikan bila pelatihan ini tidak diikuti?"),
        choices=YES_NO,
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Komentar"), required=False, max_length=2000, widget=forms.Textarea({"rows": 2})
    )

    @classmethod
    def for_answer(
        cls, answer: object, data: object = None, prefix: str | None = None
    ) -> AnswerForm:
        initial = {}
        if answer is not None:
            initial = {
                "needed": "1" if answer.needed else "0",
                "beneficial": "1" if answer.beneficial else "0",
                "harmful_if_absent": "1" if answer.harmful_if_absent else "0",
                "comment": answer.comment,
            }
        return cls(data, initial=initial, prefix=prefix)


# --- plans ----------------------------------------------------------------------------------


class PlanForm(PlanningForm):
    title = forms.CharField(label=_("Judul rencana"), max_length=200)
    program = forms.ModelChoiceField(label=_("Program pelatihan"), queryset=None)
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    objectives = forms.CharField(
        label=_("Tujuan"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    target_participants = forms.IntegerField(
        label=_("Sasaran peserta (orang)"), min_value=1, required=False
    )
    target_pass_rate = forms.IntegerField(
        label=_("Sasaran kelulusan (%)"), min_value=0, max_value=100, required=False
    )
    target_jp = forms.DecimalField(
        label=_("Sasaran JP"),
        min_value=Decimal("0.5"),
        max_digits=5,
        decimal_places=1,
        required=False,
    )
    starts_on = forms.DateField(label=_("Tanggal mulai"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("Tanggal selesai"), required=False, widget=DateInput())
    cost_template = forms.TypedChoiceField(
        label=_("Templat biaya"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        from bangkom.curriculum.models import Program  # curriculum imports planning models

        self.fields["program"].queryset = Program.objects.filter(is_active=True).order_by("title")
        templates = cost_templates()
        if templates:
            self.fields["cost_template"].choices = [("", _("— tanpa anggaran —"))] + [
                (t.pk, t.name) for t in templates
            ]
        else:
            del self.fields["cost_template"]

    @classmethod
    def for_plan(cls, plan: ProgramPlan, data: object = None) -> PlanForm:
        names = (
            "title",
            "year",
            "objectives",
            "target_participants",
            "target_pass_rate",
            "target_jp",
            "starts_on",
            "ends_on",
        )
        initial = {name: getattr(plan, name) for name in names}
        initial["program"] = plan.program_id
        initial["cost_template"] = plan.cost_template_id
        return cls(data, initial=initial)

    def clean(self) -> dict:
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        return data

    def plan_data(self) -> PlanData:
        d = self.cleaned_data
        return PlanData(
            title=d["title"],
            program=d["program"],
            year=d["year"],
            objectives=d["objectives"],
            target_participants=d["target_participants"],
            target_pass_rate=d["target_pass_rate"],
            target_jp=d["target_jp"],
            starts_on=d["starts_on"],
            ends_on=d["ends_on"],
            cost_template_id=d.get("cost_template"),
        )


class TransitionForm(PlanningForm):
    action = forms.ChoiceField(
        choices=[("submit", _("Ajukan")), ("approve", _("Setujui")), ("return", _("Kembalikan"))]
    )
    comment = forms.CharField(
        label=_("Komentar"), required=False, max_length=4000, widget=forms.Textarea({"rows": 2})
    )


class CommentForm(PlanningForm):
    body = forms.CharField(
        label=_("Komentar"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CommitteeForm(PlanningForm):
    user = forms.ModelChoiceField(label=_("Pengelola"), queryset=None)
    task = forms.CharField(label=_("Tugas"), max_length=200)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            User.objects.filter(is_active=True, role_assignments__role=Role.PENGELOLA)
            .distinct()
            .order_by("name")
        )


class PreparationItemForm(PlanningForm):
    kind = forms.ChoiceField(
        label=_("Jenis"), choices=PreparationKind.choices, initial=PreparationKind.OTHER
    )
    title = forms.CharField(label=_("Uraian"), max_length=200, required=False)
    owner = forms.ModelChoiceField(label=_("Penanggung jawab"), queryset=None, required=False)
    due_on = forms.DateField(label=_("Tenggat"), required=False, widget=DateInput())
    note = forms.CharField(label=_("Catatan"), required=False, max_length=2000)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _managers()


class ItemUpdateForm(PlanningForm):
    """Owner, due date and done state of one checklist item (the checklist row's form).

    ``owners`` (users who may own an item) is read once per page, not once per row.
    """

    owner = forms.TypedChoiceField(
        label=_("Penanggung jawab"), required=False, coerce=int, empty_value=None
    )
    due_on = forms.DateField(label=_("Tenggat"), required=False, widget=DateInput())
    note = forms.CharField(label=_("Catatan"), required=False, max_length=2000)
    done = forms.BooleanField(label=_("Selesai"), required=False)

    def __init__(self, *args: object, owners: list[User], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._owners = {user.pk: user for user in owners}
        self.fields["owner"].choices = [("", "—"), *((u.pk, u.name) for u in owners)]

    def clean_owner(self) -> User | None:
        pk = self.cleaned_data.get("owner")
        return self._owners.get(pk) if pk is not None else None


def item_owners() -> list[User]:
    """The users who may own a checklist item: active managers."""
    return list(_managers())


class OfferingFromPlanForm(PlanningForm):
    code = forms.CharField(label=_("Kode angkatan"), max_length=40)
    name = forms.CharField(label=_("Nama angkatan"), max_length=200)


class CostParametersForm(PlanningForm):
    """One number field per parameter of the plan's cost template."""

    def __init__(self, parameters: tuple, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for parameter in parameters:
            label = f"{parameter.label} ({parameter.unit})" if parameter.unit else parameter.label
            self.fields[parameter.code] = forms.DecimalField(
                label=label,
                required=False,
                min_value=Decimal(0),
                initial=parameter.value,
                help_text=parameter.note,
                widget=forms.NumberInput(attrs={"class": "form-control", "step": "any"}),
            )
