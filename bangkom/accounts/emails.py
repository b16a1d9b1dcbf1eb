"""Sends the accounts context's emails from template triplets (subject, text, HTML)."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def send_templated_email(template_prefix: str, *, to: str, context: dict) -> None:
    """Render ``<prefix>_subject.txt``, ``_body.txt`` and ``_body.html`` and send them."""
    subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
    text = render_to_string(f"{template_prefix}_body.txt", context)
    html = render_to_string(f"{template_prefix}_body.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()
