from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"

    def ready(self) -> None:
        # Registers the production settings check of `manage.py check --deploy`.
        import core.startup  # noqa: F401
        from core import lookups
        from core.invalidation import watch_open_connections

        lookups.register()  # ids above what the database holds match nothing instead of failing (core.lookups)

        watch_open_connections()  # the cache topics follow every write (core.invalidation)
