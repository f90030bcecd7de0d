from django.apps import AppConfig


class ConsultConfig(AppConfig):
    name = "fawang.consult"
    label = "consult"
