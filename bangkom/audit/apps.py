from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "bangkom.audit"
    label = "audit"
    verbose_name = _("Jejak audit")

    def ready(self) -> None:
        from bangkom.audit import signals  # noqa: F401  (connects the login receivers)
