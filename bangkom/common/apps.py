from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "bangkom.common"
    label = "common"

    def ready(self) -> None:
        from bangkom.common import checks  # noqa: F401  (registers the system checks)
