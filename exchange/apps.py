from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "exchange"

    def ready(self) -> None:
        from core.tasks import register
        from exchange import jobs

        # Made by the task worker (core.tasks): the network export, and imports of many rows.
        register(jobs.KIND, jobs.make_export)
        register(jobs.IMPORT, jobs.import_file)
