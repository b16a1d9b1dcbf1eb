"""Forms of the finance context: parse and present input only; the rules live in
``costing.py`` (parameter values) and ``authoring.py`` (edits), whose refusals the views
attach to these forms as errors."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bangkom.common.forms import BootstrapFormMixin
from bangkom.finance.choices import PriceSource, ScenarioCode
from bangkom.finance.costing import ParameterSpec
from bangkom.finance.models import MAX_PRICE_YEAR, MIN_PRICE_YEAR, CostTemplate, PriceItem


def _number_input() -> forms.NumberInput:
    return forms.NumberInput(attrs={"step": "any", "min": "0", "inputmode": "decimal"})


class ComparisonForm(BootstrapFormMixin, forms.Form):
    """The parameters of one template (one field per parameter) plus the price year."""

    template = forms.CharField(required=False, widget=forms.HiddenInput)
    year = forms.IntegerField(
        label=_("Tahun harga (SBM)"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(
        self, data: object = None, *, parameters: tuple[ParameterSpec, ...], **kwargs: object
    ) -> None:
        super().__init__(data, **kwargs)
        self.parameter_codes = [p.code for p in parameters]
        for p in parameters:
            widget = _number_input()
            widget.attrs.update({"class": "form-control", "data-parameter": p.code})
            self.fields[p.code] = forms.DecimalField(
                label=p.label, required=False, initial=p.default, help_text=p.unit, widget=widget
            )
        self.order_fields([*self.parameter_codes, "year", "template"])

    def parameter_values(self) -> dict[str, object]:
        """The values given (cleaned); empty fields are left out so defaults apply."""
        return {
            code: self.cleaned_data[code]
            for code in self.parameter_codes
            if self.cleaned_data.get(code) is not None
        }


class TemplateCopyForm(BootstrapFormMixin, forms.Form):
    code = forms.SlugField(label=_("Kode templat baru"), max_length=60)
    name = forms.CharField(label=_("Nama templat baru"), max_length=200)


class TemplateForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = CostTemplate
        fields = ["name", "description", "notes", "price_year"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {"notes": _("Satu catatan per baris; ditampilkan di bawah perbandingan.")}


class ScenarioAddForm(BootstrapFormMixin, forms.Form):
    code = forms.ChoiceField(label=_("Skenario"), choices=ScenarioCode.choices)
    label = forms.CharField(label=_("Label"), max_length=100, required=False)


class ParameterForm(BootstrapFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Kode"),
        max_length=40,
        help_text=_("Nama dalam rumus, mis. participants. Huruf kecil, angka, garis bawah."),
    )
    label = forms.CharField(label=_("Label"), max_length=200)
    default_value = forms.DecimalField(
        label=_("Nilai bawaan"), max_digits=12, decimal_places=2, widget=_number_input()
    )
    unit = forms.CharField(label=_("Satuan"), max_length=40, required=False)
    note = forms.CharField(
        label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class LineForm(BootstrapFormMixin, forms.Form):
    order = forms.IntegerField(label=_("Urutan"), min_value=0, max_value=999, initial=0)
    item_code = forms.CharField(
        label=_("Kode baris"),
        max_length=40,
        help_text=_("Baris dengan kode yang sama di skenario lain tampil sejajar."),
    )
    name = forms.CharField(label=_("Uraian"), max_length=200)
    unit = forms.CharField(label=_("Satuan volume"), max_length=40)
    quantity_formula = forms.CharField(
        label=_("Rumus volume"),
        max_length=200,
        help_text=_(
            "Angka, parameter, + - * / ( ) dan fungsi min, max, ceil, floor, round. "
            "Contoh: participants * meal_days"
        ),
    )
    price_item = forms.ModelChoiceField(
        label=_("Item harga"),
        queryset=PriceItem.objects.all(),
        required=False,
        to_field_name="code",
    )
    literal_unit_price = forms.IntegerField(
        label=_("atau harga satuan tetap (Rp)"), min_value=0, required=False
    )
    note = forms.CharField(
        label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PriceItemForm(BootstrapFormMixin, forms.Form):
    code = forms.CharField(label=_("Kode item"), max_length=40)
    name = forms.CharField(label=_("Nama"), max_length=200)
    unit = forms.CharField(label=_("Satuan"), max_length=40)
    note = forms.CharField(
        label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class UnitPriceForm(BootstrapFormMixin, forms.Form):
    item = forms.ModelChoiceField(
        label=_("Item"), queryset=PriceItem.objects.all(), to_field_name="code"
    )
    effective_year = forms.IntegerField(
        label=_("Berlaku mulai tahun"), min_value=MIN_PRICE_YEAR, max_value=MAX_PRICE_YEAR
    )
    amount = forms.IntegerField(label=_("Harga satuan (Rp)"), min_value=0)
    province_code = forms.CharField(
        label=_("Kode provinsi"),
        max_length=2,
        required=False,
        help_text=_("Kosongkan untuk harga nasional."),
    )
    source = forms.ChoiceField(label=_("Sumber"), choices=PriceSource.choices)
    source_note = forms.CharField(
        label=_("Keterangan sumber"),
        max_length=300,
        required=False,
        help_text=_("Mis. PMK 49/2023 lampiran, nomor item."),
    )
