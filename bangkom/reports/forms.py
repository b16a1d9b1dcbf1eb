"""Filter forms of the reports: parse and validate the query string only."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bangkom.common.forms import BootstrapFormMixin
from bangkom.curriculum.models import Program

MIN_YEAR, MAX_YEAR = 2000, 2100


class InstitutionReportFilterForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    institution = forms.IntegerField(label=_("Instansi"), required=False, min_value=1)


class AgencyFilterForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(
        label=_("Tahun mulai"), min_value=MIN_YEAR, max_value=MAX_YEAR, required=False
    )
    program = forms.ModelChoiceField(
        label=_("Program"),
        queryset=Program.objects.order_by("title"),
        required=False,
        empty_label=_("Semua program"),
    )
