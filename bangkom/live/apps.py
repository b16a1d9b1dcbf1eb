from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    name = "bangkom.live"
    label = "live"
    verbose_name = _("Sesi langsung, coaching dan kalender")
