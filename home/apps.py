from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The site's entrance on top of every app: the home page, *Mijn werk* and the demo loader."""

    name = "home"
