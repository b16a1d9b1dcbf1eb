"""Forms of the item bank: they parse input; the rules live in ``items.py`` and importers.

Each form can turn a domain refusal back into field or form errors (``add_domain_error``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from bangkom.assessments.choices import Difficulty, ItemStatus, ItemType
from bangkom.assessments.importers import FORMATS, MAX_IMPORT_BYTES
from bangkom.assessments.items import (
    MAX_OPTIONS,
    ItemInvalid,
    option_letter,
    true_false_options,
)
from bangkom.assessments.models import Item, ItemBank
from bangkom.common.errors import DomainError
from bangkom.common.forms import BootstrapFormMixin
from bangkom.curriculum.models import Program, Subject
from bangkom.planning.models import Competency

LEVEL_CHOICES = [("", "—"), *((str(n), str(n)) for n in range(1, 6))]
POINT_CHOICES = [("", "—"), *((str(n), str(n)) for n in range(1, 6))]


class BankForm(BootstrapFormMixin, forms.Form):
    """Domain refusals land on their field (``error.field``) or on the whole form."""

    def add_domain_error(self, error: DomainError) -> None:
        field = getattr(error, "field", None)
        if isinstance(error, ItemInvalid) and error.problems:
            for problem in error.problems:
                self.add_error(field if field in self.fields else None, problem.message)
            return
        self.add_error(field if field in self.fields else None, str(error))


# --- banks ----------------------------------------------------------------------------------


class ItemBankForm(BankForm):
    code = forms.CharField(label=_("Kode bank"), max_length=40)
    title = forms.CharField(label=_("Judul"), max_length=200)
    target = forms.ChoiceField(
        label=_("Untuk"),
        help_text=_("Seluruh program (tes penempatan, uji akhir) atau satu mata pelatihan."),
    )

    def __init__(
        self,
        *args: object,
        programs: Iterable[Program] = (),
        subjects: Iterable[Subject] = (),
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.programs = {str(p.pk): p for p in programs}
        self.subjects = {str(s.pk): s for s in subjects}
        choices = [("", "—")]
        choices += [
            (f"p:{pk}", _("%(program)s — seluruh program") % {"program": p.title})
            for pk, p in self.programs.items()
        ]
        choices += [
            (f"s:{pk}", f"{s.program.title} — {s.order}. {s.title}")
            for pk, s in self.subjects.items()
        ]
        self.fields["target"].choices = choices

    def target_objects(self) -> tuple[Program, Subject | None]:
        kind, _sep, pk = self.cleaned_data["target"].partition(":")
        if kind == "s":
            subject = self.subjects[pk]
            return subject.program, subject
        return self.programs[pk], None


# --- items ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OptionRow:
    """The inputs of one option row, for the template (the key radio is drawn by hand)."""

    index: int
    letter: str
    text: forms.BoundField
    correct: forms.BoundField
    points: forms.BoundField
    key_checked: bool


class ItemForm(BankForm):
    item_type = forms.ChoiceField(label=_("Jenis soal"), choices=ItemType.choices)
    stem_html = forms.CharField(
        label=_("Pertanyaan"),
        required=False,  # items.clean_content reports an empty stem with the other problems
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            'Boleh HTML sederhana: <b>, <i>, <ul>, <table>, gambar <img src="https://…">. '
            "Skrip dan atribut berbahaya dibuang."
        ),
    )
    key = forms.ChoiceField(
        label=_("Kunci"),
        required=False,
        choices=[(str(i), option_letter(i)) for i in range(MAX_OPTIONS)],
        widget=forms.RadioSelect,
    )
    partial_credit = forms.BooleanField(
        label=_("Nilai sebagian (setiap kunci yang dipilih dinilai; pilihan salah mengurangi)"),
        required=False,
    )
    weight = forms.DecimalField(
        label=_("Bobot soal"),
        initial=1,
        min_value=Decimal("0.01"),
        max_value=Decimal("100"),
        decimal_places=2,
    )
    subject = forms.ModelChoiceField(
        label=_("Mata pelatihan"), queryset=Subject.objects.none(), required=False
    )
    competency = forms.ModelChoiceField(
        label=_("Kompetensi"), queryset=Competency.objects.order_by("code"), required=False
    )
    competency_level = forms.TypedChoiceField(
        label=_("Level kompetensi"),
        choices=LEVEL_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    difficulty = forms.ChoiceField(
        label=_("Tingkat kesulitan"), choices=Difficulty.choices, initial=Difficulty.MEDIUM
    )

    def __init__(self, *args: object, bank: ItemBank, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        subjects = Subject.objects.filter(program_id=bank.program_id).order_by("order")
        if bank.subject_id:
            subjects = subjects.filter(pk=bank.subject_id)
        self.fields["subject"].queryset = subjects
        self.fields["key"].widget.attrs.pop("class", None)
        for index in range(MAX_OPTIONS):
            letter = option_letter(index)
            self.fields[f"option_{index}"] = forms.CharField(
                label=_("Pilihan %(letter)s") % {"letter": letter},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )
            self.fields[f"correct_{index}"] = forms.BooleanField(
                label=_("Kunci %(letter)s") % {"letter": letter},
                required=False,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )
            self.fields[f"points_{index}"] = forms.TypedChoiceField(
                label=_("Poin %(letter)s") % {"letter": letter},
                choices=POINT_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.Select(attrs={"class": "form-select"}),
            )

    @classmethod
    def initial_for(cls, item: Item) -> dict:
        """The form's initial values from an item and its current version."""
        version = item.current_version
        initial: dict[str, object] = {
            "item_type": item.item_type,
            "subject": item.subject_id,
            "competency": item.competency_id,
            "competency_level": item.competency_level,
            "difficulty": item.difficulty,
        }
        if version is None:
            return initial
        initial.update(
            stem_html=version.stem_html,
            partial_credit=version.partial_credit,
            weight=version.weight,
        )
        for index, option in enumerate(version.options[:MAX_OPTIONS]):
            initial[f"option_{index}"] = option.get("text", "")
            initial[f"correct_{index}"] = bool(option.get("correct"))
            initial[f"points_{index}"] = option.get("points") or None
            if option.get("correct"):
                initial.setdefault("key", str(index))
        return initial

    def option_rows(self) -> list[OptionRow]:
        key = self["key"].value()
        return [
            OptionRow(
                index=index,
                letter=option_letter(index),
                text=self[f"option_{index}"],
                correct=self[f"correct_{index}"],
                points=self[f"points_{index}"],
                key_checked=str(key) == str(index),
            )
            for index in range(MAX_OPTIONS)
        ]

    def item_data(self) -> dict:
        """Keyword arguments for ``items.create_item``/``update_item`` (without by/now)."""
        data: Mapping = self.cleaned_data
        item_type = data["item_type"]
        key = data.get("key") or ""
        if item_type == ItemType.TRUE_FALSE:
            options = (
                true_false_options(true_is_correct=key == "0")
                if key
                else [
                    {"text": "Benar", "correct": False},
                    {"text": "Salah", "correct": False},
                ]
            )
        else:
            options = []
            for index in range(MAX_OPTIONS):
                text = data.get(f"option_{index}") or ""
                if not text.strip():
                    continue  # an empty row is no option (rows may be left blank)
                correct = (
                    key == str(index)
                    if item_type == ItemType.SINGLE
                    else bool(data.get(f"correct_{index}"))
                )
                options.append(
                    {"text": text, "correct": correct, "points": data.get(f"points_{index}")}
                )
        return {
            "item_type": item_type,
            "stem_html": data["stem_html"],
            "options": options,
            "partial_credit": bool(data.get("partial_credit")),
            "weight": data["weight"],
            "subject": data.get("subject"),
            "competency": data.get("competency"),
            "competency_level": data.get("competency_level"),
            "difficulty": data["difficulty"],
        }


class ItemFilterForm(forms.Form):
    """The bank page's filters; any value outside the allow-lists is ignored."""

    status = forms.ChoiceField(
        choices=[("", _("Semua status")), *ItemStatus.choices], required=False
    )
    item_type = forms.ChoiceField(
        choices=[("", _("Semua jenis")), *ItemType.choices], required=False
    )
    difficulty = forms.ChoiceField(
        choices=[("", _("Semua tingkat")), *Difficulty.choices], required=False
    )
    subject = forms.TypedChoiceField(coerce=int, empty_value=None, required=False)

    def __init__(self, *args: object, bank: ItemBank, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        subjects = Subject.objects.filter(program_id=bank.program_id).order_by("order")
        self.fields["subject"].choices = [("", _("Semua mata pelatihan"))] + [
            (str(s.pk), f"{s.order}. {s.title}") for s in subjects
        ]

    def filters(self) -> dict:
        """The valid filters; an invalid value drops only its own filter."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data  # holds every field that passed, even if another failed
        return {
            "status": data.get("status") or "",
            "item_type": data.get("item_type") or "",
            "difficulty": data.get("difficulty") or "",
            "subject_id": data.get("subject"),
        }


# --- review, status, import -----------------------------------------------------------------


class ReviewForm(BankForm):
    decision = forms.ChoiceField(
        choices=[("approve", _("Setujui")), ("reject", _("Kembalikan"))],
        widget=forms.HiddenInput,
    )
    comment = forms.CharField(
        label=_("Catatan telaah"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wajib diisi jika soal dikembalikan ke penulis."),
    )


class ItemStatusForm(forms.Form):
    action = forms.ChoiceField(choices=[("submit", "submit"), ("retire", "retire")])


class ImportForm(BankForm):
    file = forms.FileField(
        label=_("Berkas soal"),
        help_text=_("GIFT (.gift/.txt), Aiken (.txt) atau templat XLSX; paling besar 10 MB."),
    )
    fmt = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[("", _("Otomatis dari nama berkas")), *((f, f.upper()) for f in FORMATS)],
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("Berkas lebih dari 10 MB; bagi menjadi beberapa berkas."))
        return upload
