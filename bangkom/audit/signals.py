"""Login audit entries. Authentication happens inside Django, so its signals are the only hook;
every other entry is written explicitly by the domain function that performs the action."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from bangkom.audit.log import record


@receiver(user_logged_in, dispatch_uid="audit-login-ok")
def audit_login(sender: object, request: object, user: object, **kwargs: object) -> None:
    record("auth.login", actor=user, target=user, subject=user)


@receiver(user_login_failed, dispatch_uid="audit-login-failed")
def audit_login_failed(
    sender: object, credentials: dict, request: object = None, **kwargs: object
) -> None:
    nip = str(credentials.get("nip") or credentials.get("username") or "")[:18]
    subject = get_user_model().objects.filter(nip=nip).first() if nip else None
    record("auth.login_failed", actor=None, subject=subject, data={"nip": nip})
