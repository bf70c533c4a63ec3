from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "exchange"

    def ready(self) -> None:
        from core.tasks import register
        from exchange import jobs

        register(jobs.KIND, jobs.make_export)  # the network export is made by the task worker (core.tasks)
