"""Form presentation shared by every app: Bootstrap classes on every widget."""

from __future__ import annotations

from django import forms


class BootstrapFormMixin:
    """Give each widget Bootstrap's class, so templates render fields without markup logic."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
