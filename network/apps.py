from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "network"

    def ready(self) -> None:
        from core import invalidation
        from core.pagecache import PAGES
        from network.topics import ORGANISATION

        # Every table is on public pages, but for the sign-ups: on none, and a stranger's sign-up must not empty
        # the page cache.
        on_pages = [model for model in self.get_models(include_auto_created=True) if model.__name__ != "SignUp"]
        invalidation.register(PAGES, *on_pages)
        invalidation.register(ORGANISATION, *on_pages)
