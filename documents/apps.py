from django.apps import AppConfig
from django.db.models.signals import post_delete


class DocumentsConfig(AppConfig):
    name = "documents"

    def ready(self) -> None:
        from core import contributions, invalidation
        from core.pagecache import PAGES
        from documents import sections, targets
        from documents.targets import TARGETS
        from network.topics import ORGANISATION

        for target in TARGETS.values():
            if target.slot:
                contributions.register(target.slot, sections.attached_documents, order=40)
        invalidation.register(PAGES, *self.get_models(include_auto_created=True))  # shown on public pages
        invalidation.register(ORGANISATION, *self.get_models(include_auto_created=True))  # its documents section
        # A record's documents go with it (there is no foreign key to cascade).
        for kind in TARGETS:
            post_delete.connect(_record_deleted, sender=targets.model(kind), dispatch_uid=f"documents-of-{kind}")


def _record_deleted(sender, instance, **kwargs) -> None:
    from documents.services import delete_documents_of

    delete_documents_of(instance)
