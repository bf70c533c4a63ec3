from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


def create_cache_table(sender, using: str = "default", verbosity: int = 1, **kwargs) -> None:
    """`migrate` also makes the database cache's table (RIMPEL_CACHE=database, the production default), so no
    installation or upgrade can forget `createcachetable`; with the memory cache this does nothing."""
    call_command("createcachetable", database=using, verbosity=max(verbosity - 1, 0))


class CoreConfig(AppConfig):
    name = "core"

    def ready(self) -> None:
        # Registers the production settings check of `manage.py check --deploy`.
        import core.startup  # noqa: F401
        from core import lookups
        from core.invalidation import watch_open_connections
        from core.sqlite_functions import register_on_connections

        lookups.register()  # ids above what the database holds match nothing instead of failing (core.lookups)

        watch_open_connections()  # the cache topics follow every write (core.invalidation)
        register_on_connections()  # LIKE folds every letter's case on SQLite too, as on PostgreSQL
        post_migrate.connect(create_cache_table, sender=self)
