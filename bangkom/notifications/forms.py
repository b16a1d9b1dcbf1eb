"""Forms of the notifications context: parse and validate input only."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bangkom.common.forms import BootstrapFormMixin
from bangkom.notifications.kinds import NotificationKind


class PreferencesForm(BootstrapFormMixin, forms.Form):
    """The email language and one checkbox per notification kind (``email_<kind>``)."""

    language = forms.ChoiceField(
        label=_("Bahasa email"),
        choices=[("id", "Bahasa Indonesia"), ("en", "English")],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for kind in NotificationKind:
            self.fields[f"email_{kind.value}"] = forms.BooleanField(
                label=kind.label, required=False
            )

    @staticmethod
    def initial_from(language: str, email_kinds: dict[str, bool]) -> dict:
        return {"language": language} | {f"email_{k}": v for k, v in email_kinds.items()}

    def email_kinds(self) -> dict[str, bool]:
        return {kind: self.cleaned_data[f"email_{kind}"] for kind in NotificationKind.values}

    def kind_fields(self) -> list:
        return [self[f"email_{kind}"] for kind in NotificationKind.values]
