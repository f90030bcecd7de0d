from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "fawang.analytics"
    label = "analytics"
