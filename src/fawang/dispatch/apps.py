from django.apps import AppConfig


class DispatchConfig(AppConfig):
    name = "fawang.dispatch"
    label = "dispatch"
    verbose_name = "指挥调度"

    def ready(self) -> None:
        from fawang.dispatch import checks, receivers  # noqa: F401  (registers; connects)
