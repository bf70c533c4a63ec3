from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "schools"

    def ready(self) -> None:
        from core import contributions, invalidation
        from core.pagecache import PAGES
        from schools import sections

        contributions.register("organisation_detail", sections.school_guide_link, order=5)
        invalidation.register(PAGES, *self.get_models(include_auto_created=True))  # the guide's map is public
