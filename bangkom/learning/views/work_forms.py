"""Forms of the work area (assignments, grading, forum): they parse input, the domain decides.

Limits that are business rules (deadline, score range, file content) live in
``bangkom.learning.assignments`` / ``forum``; these forms only shape and bound the input.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bangkom.common.forms import BootstrapFormMixin
from bangkom.common.timezones import zone_label
from bangkom.learning.assignments import MAX_TEXT_CHARS
from bangkom.learning.choices import SubmissionFileType
from bangkom.learning.forum import MAX_BODY_CHARS, MAX_TITLE_CHARS

MARKDOWN_HINT = _(
    "Mendukung Markdown: **tebal**, *miring*, daftar dengan tanda -, dan [tautan](https://…). "
    "HTML dan skrip dibuang."
)


class AssignmentForm(BootstrapFormMixin, forms.Form):
    """The assignment settings; ``subjects`` limits the subject choice (omit it when editing)."""

    subject = forms.ModelChoiceField(queryset=None, label=_("Mata pelatihan"))
    title = forms.CharField(label=_("Judul"), max_length=200)
    instructions = forms.CharField(
        label=_("Petunjuk"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20_000,
        help_text=MARKDOWN_HINT,
    )
    rubric = forms.CharField(
        label=_("Rubrik penilaian"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=10_000,
    )
    due_at = forms.DateTimeField(
        label=_("Batas waktu"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    allowed_file_types = forms.MultipleChoiceField(
        label=_("Jenis berkas yang diterima"),
        choices=SubmissionFileType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Jenis diperiksa dari isi berkas, bukan dari namanya."),
    )
    allows_text = forms.BooleanField(label=_("Terima jawaban teks"), required=False, initial=True)
    max_file_mb = forms.IntegerField(label=_("Ukuran berkas maksimal (MB)"), min_value=1)
    max_score = forms.DecimalField(
        label=_("Nilai maksimal"), max_digits=5, decimal_places=2, min_value=1, initial=100
    )

    def __init__(self, *args: object, subjects: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if subjects is None:
            del self.fields["subject"]
        else:
            self.fields["subject"].queryset = subjects
        limit = settings.MAX_SUBMISSION_MB
        self.fields["max_file_mb"].validators.append(MaxValueValidator(limit))
        self.fields["max_file_mb"].widget.attrs["max"] = limit
        self.fields["max_file_mb"].initial = min(20, limit)
        self.fields["allowed_file_types"].widget.attrs["class"] = "form-check-input"
        self.fields["due_at"].help_text = _("Diisi dalam zona waktu Anda (%(zone)s).") % {
            "zone": zone_label(timezone.get_current_timezone_name())
        }


class SubmissionForm(BootstrapFormMixin, forms.Form):
    """A participant's answer; the fields shown follow what the assignment accepts."""

    text = forms.CharField(
        label=_("Jawaban teks"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=MAX_TEXT_CHARS,
    )
    # Empty files reach the domain, which refuses them with its own clear message.
    file = forms.FileField(label=_("Berkas jawaban"), required=False, allow_empty_file=True)

    def __init__(self, *args: object, assignment: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if not assignment.allows_text:
            del self.fields["text"]
        if not assignment.allowed_file_types:
            del self.fields["file"]
        else:
            self.fields["file"].widget.attrs["accept"] = ",".join(
                f".{t}" for t in assignment.allowed_file_types
            )


class GradeForm(BootstrapFormMixin, forms.Form):
    """Accept with a score, or return with feedback; the button pressed says which."""

    score = forms.DecimalField(
        label=_("Nilai"), max_digits=5, decimal_places=2, required=False, min_value=0
    )
    feedback = forms.CharField(
        label=_("Umpan balik"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=10_000,
    )


class ThreadForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("Judul topik"), max_length=MAX_TITLE_CHARS)
    body = forms.CharField(
        label=_("Isi"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=MAX_BODY_CHARS,
        help_text=MARKDOWN_HINT,
    )


class ReplyForm(BootstrapFormMixin, forms.Form):
    body = forms.CharField(
        label=_("Balasan"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_BODY_CHARS,
        help_text=MARKDOWN_HINT,
    )
