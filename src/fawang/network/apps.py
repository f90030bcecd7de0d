from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "fawang.network"
    label = "network"
