from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "network"

    def ready(self):
        from network import graph

        graph.connect_signals()  # the map's cache follows every change to the records behind it
