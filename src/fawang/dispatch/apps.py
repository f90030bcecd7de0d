from django.apps import AppConfig


class DispatchConfig(AppConfig):
    name = "fawang.dispatch"
    label = "dispatch"
    verbose_name = "指挥调度"

    def ready(self) -> None:
        from fawang.dispatch import receivers  # noqa: F401  (connects the signal handlers)
