"""Forms of the accounts context: they parse and validate input; rules live in the modules."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from bangkom.accounts.choices import TIME_ZONE_CHOICES, Role
from bangkom.accounts.models import Institution, User
from bangkom.accounts.nip import InvalidNip, normalize_nip, validate_nip
from bangkom.common.forms import BootstrapFormMixin


class NipLoginForm(BootstrapFormMixin, AuthenticationForm):
    username = forms.CharField(
        label=_("NIP"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autofocus": True, "inputmode": "numeric", "autocomplete": "username"}
        ),
    )
    error_messages = {
        "invalid_login": _("NIP atau kata sandi salah."),
        "inactive": _("Akun ini belum aktif atau telah dinonaktifkan."),
    }

    def clean_username(self) -> str:
        raw = self.cleaned_data["username"]
        try:
            return normalize_nip(raw)
        except InvalidNip:
            # Same answer as a wrong password: the form must not tell which NIPs exist.
            return raw.strip()


class RegistrationForm(BootstrapFormMixin, forms.Form):
    nip = forms.CharField(
        label=_("NIP"),
        max_length=40,
        help_text=_("18 angka; boleh ditulis dengan spasi, mis. 19860926 201505 1 001."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "username"}),
    )
    birth_date = forms.DateField(
        label=_("Tanggal lahir"), widget=forms.DateInput(attrs={"type": "date"})
    )
    email = forms.EmailField(
        label=_("Email"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password1 = forms.CharField(
        label=_("Kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Minimal 8 karakter, bukan kata sandi umum, tidak hanya angka."),
    )
    password2 = forms.CharField(
        label=_("Ulangi kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_nip(self) -> str:
        return validate_nip(self.cleaned_data["nip"])

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("Kedua kata sandi tidak sama."))
        return cleaned


class ProfileForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["time_zone"]
        widgets = {
            "time_zone": forms.Select(choices=[("", _("Ikuti instansi")), *TIME_ZONE_CHOICES])
        }


class RoleChangeForm(BootstrapFormMixin, forms.Form):
    role = forms.ChoiceField(label=_("Peran"), choices=Role.choices)
    institution = forms.ModelChoiceField(
        label=_("Instansi (untuk pimpinan)"), queryset=Institution.objects.all(), required=False
    )


class EmployeeImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Berkas CSV atau XLSX"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    allow_transfers = forms.BooleanField(
        label=_("Izinkan perpindahan instansi (mutasi) untuk NIP yang sudah terdaftar"),
        required=False,
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        limit = settings.MAX_IMPORT_UPLOAD_MB * 1024 * 1024
        if upload.size > limit:
            raise ValidationError(
                _("Berkas terlalu besar (maksimal %(mb)d MB).")
                % {"mb": settings.MAX_IMPORT_UPLOAD_MB}
            )
        if upload.size == 0:
            raise ValidationError(_("Berkas kosong."))
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise ValidationError(_("Format berkas tidak didukung; unggah CSV atau XLSX."))
        return upload


class StyledPasswordResetForm(BootstrapFormMixin, PasswordResetForm):
    pass


class StyledSetPasswordForm(BootstrapFormMixin, SetPasswordForm):
    pass


class StyledPasswordChangeForm(BootstrapFormMixin, PasswordChangeForm):
    pass
