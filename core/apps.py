from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"

    def ready(self) -> None:
        # Registers the production settings check of `manage.py check --deploy`.
        import core.startup  # noqa: F401
        from core.invalidation import watch_open_connections

        watch_open_connections()  # the cache topics follow every write (core.invalidation)
