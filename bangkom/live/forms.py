"""Forms of the live context: parse and validate input only.

Date-times are typed in the viewer's own zone (the middleware activates it), so Django
makes them aware in that zone; the label next to each field says which zone it is.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bangkom.accounts.choices import Role
from bangkom.accounts.models import User
from bangkom.common.errors import DomainError
from bangkom.common.forms import BootstrapFormMixin
from bangkom.curriculum.models import Offering, Subject
from bangkom.live.choices import CoachingKind, SessionStatus
from bangkom.live.models import WEB_URL

INPUT_FORMAT = "%Y-%m-%dT%H:%M"


class LocalDateTimeField(forms.DateTimeField):
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=INPUT_FORMAT)

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("input_formats", [INPUT_FORMAT, "%Y-%m-%d %H:%M"])
        super().__init__(**kwargs)


class WebUrlField(forms.URLField):
    default_validators = [WEB_URL]

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("assume_scheme", "https")
        kwargs.setdefault("max_length", 500)
        super().__init__(**kwargs)


class LiveForm(BootstrapFormMixin, forms.Form):
    def add_domain_error(self, error: DomainError) -> None:
        field = getattr(error, "field", None)
        self.add_error(field if field in self.fields else None, str(error))


def _users_with(role: str) -> forms.ModelChoiceField:
    return User.objects.filter(role_assignments__role=role, is_active=True).distinct()


class SessionForm(LiveForm):
    subject = forms.ModelChoiceField(label=_("Mata pelatihan"), queryset=Subject.objects.none())
    title = forms.CharField(label=_("Judul sesi"), max_length=200)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(v, label) for v, label in SessionStatus.choices if v != SessionStatus.CANCELLED],
    )
    starts_at = LocalDateTimeField(label=_("Mulai"))
    ends_at = LocalDateTimeField(label=_("Selesai"))
    meeting_url = WebUrlField(label=_("Tautan rapat daring (Zoom atau lainnya)"))
    host = forms.ModelChoiceField(label=_("Host (pengelola)"), queryset=User.objects.none())
    facilitator = forms.ModelChoiceField(
        label=_("Fasilitator (widyaiswara)"), queryset=User.objects.none(), required=False
    )
    agenda_markdown = forms.CharField(
        label=_("Agenda (Markdown)"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    recording_url = WebUrlField(
        label=_("Tautan rekaman"),
        required=False,
        help_text=_("Diisi setelah sesi berlangsung."),
    )

    def __init__(self, *args: object, offering: Offering, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = Subject.objects.filter(program_id=offering.program_id)
        self.fields["host"].queryset = _users_with(Role.PENGELOLA)
        self.fields["facilitator"].queryset = _users_with(Role.WIDYAISWARA)
        for name in ("starts_at", "ends_at"):
            self.fields[name].widget.attrs["data-schedule-input"] = "1"

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", _("Waktu selesai harus setelah waktu mulai."))
        return data


class CancelSessionForm(LiveForm):
    reason = forms.CharField(label=_("Alasan pembatalan"), max_length=300)


class ScheduleCheckForm(LiveForm):
    """Check a session, CAT window or deadline against an offering's participants."""

    offering = forms.ModelChoiceField(label=_("Angkatan"), queryset=Offering.objects.none())
    starts_at = LocalDateTimeField(label=_("Mulai / tenggat"))
    ends_at = LocalDateTimeField(
        label=_("Selesai"),
        required=False,
        help_text=_("Kosongkan untuk satu titik waktu, misalnya tenggat tugas."),
    )

    def __init__(self, *args: object, offerings: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["offering"].queryset = offerings

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end < start:
            self.add_error("ends_at", _("Waktu selesai harus setelah waktu mulai."))
        return data


class SlotForm(LiveForm):
    kind = forms.ChoiceField(label=_("Jenis"), choices=CoachingKind.choices)
    starts_at = LocalDateTimeField(label=_("Mulai"))
    ends_at = LocalDateTimeField(label=_("Selesai"))
    capacity = forms.IntegerField(
        label=_("Kapasitas"),
        min_value=1,
        max_value=20,
        initial=1,
        help_text=_("1 = satu-satu (one-to-one); lebih dari 1 = kelompok kecil."),
    )
    offering = forms.ModelChoiceField(
        label=_("Khusus angkatan"),
        queryset=Offering.objects.none(),
        required=False,
        help_text=_("Kosongkan agar semua peserta dapat memesan."),
    )
    subject = forms.ModelChoiceField(
        label=_("Mata pelatihan"),
        queryset=Subject.objects.none(),
        required=False,
        help_text=_("Mata pelatihan harus bagian dari program angkatan ini."),
    )
    location = forms.CharField(label=_("Lokasi"), max_length=200, required=False)
    meeting_url = WebUrlField(label=_("Tautan rapat daring"), required=False)

    def __init__(self, *args: object, offerings: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["offering"].queryset = offerings
        # every subject of the offered programs; publish_slot refuses one of another program
        self.fields["subject"].queryset = (
            Subject.objects.filter(program__offerings__in=offerings)
            .select_related("program")
            .distinct()
            .order_by("program__title", "order")
        )
        self.fields["subject"].label_from_instance = lambda s: f"{s.program.title} — {s.title}"


class BookingForm(LiveForm):
    topic = forms.CharField(label=_("Topik yang ingin dibahas"), max_length=300, required=False)


class NotesForm(LiveForm):
    notes = forms.CharField(
        label=_("Catatan sesi (Markdown)"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    follow_up = forms.CharField(
        label=_("Tindak lanjut (Markdown)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
