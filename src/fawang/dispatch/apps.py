from django.apps import AppConfig


class DispatchConfig(AppConfig):
    name = "fawang.dispatch"
    label = "dispatch"
