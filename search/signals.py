"""Keep the search index in step with the records: every save, delete and change of linked records."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from activities.models import Activity
from core.signals import created_in_bulk, organisations_merged, themes_changed
from documents import targets
from documents.models import Document
from network.models import Line, LineQuestion, NetworkProfile, NetworkRole, Organisation, OrganisationAlias
from offerings.models import Offering
from programmes.models import Programme
from projects.models import Project
from search.indexers import INDEXERS, index, index_identity, unindex
from stories.models import Story, StoryPart


def _on_save(sender, instance, raw=False, **kwargs):
    if not raw:  # fixtures load raw rows; rebuild_search_index covers them
        index(instance)
        if targets.is_target(instance):  # published or made a draft: its documents are found or not with it
            for document in targets.of(Document.objects.all(), instance):
                index(document)


def _on_delete(sender, instance, **kwargs):
    unindex(instance)


def _on_links_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and type(instance) in INDEXERS:
        index(instance)


def follow(model, links=()) -> None:
    """Re-index a record of this model when it is saved or its links (many-to-many) change; drop it on delete."""
    post_save.connect(_on_save, sender=model, dispatch_uid=f"search-save-{model.__name__}")
    post_delete.connect(_on_delete, sender=model, dispatch_uid=f"search-delete-{model.__name__}")
    for through in links:
        m2m_changed.connect(_on_links_changed, sender=through, dispatch_uid=f"search-links-{through.__name__}")


def connect() -> None:
    links = {
        Activity: [Activity.organisers.through, Activity.themes.through],
        Project: [Project.leads.through, Project.partners.through, Project.themes.through],
        Organisation: [Organisation.themes.through],
        Story: [Story.themes.through],
        Line: [Line.themes.through],
        Programme: [Programme.organisations.through],
        Offering: [Offering.themes.through],
        Document: [Document.themes.through, Document.lines.through],
    }
    for model in list(INDEXERS):
        follow(model, links.get(model, ()))


@receiver(created_in_bulk, dispatch_uid="search-created-in-bulk")
def _created_in_bulk(sender, records, **kwargs):
    if sender in INDEXERS:
        for record in records:
            index(record)


@receiver(post_save, sender=NetworkProfile, dispatch_uid="search-identity-save")
@receiver(post_delete, sender=NetworkProfile, dispatch_uid="search-identity-delete")
@receiver(post_save, sender=NetworkRole, dispatch_uid="search-identity-role-save")
@receiver(post_delete, sender=NetworkRole, dispatch_uid="search-identity-role-delete")
def _identity_changed(sender, raw=False, **kwargs):
    """The identity page's texts or roles changed (or the profile went): its one entry follows."""
    if not raw:
        index_identity()


@receiver(post_save, sender=StoryPart, dispatch_uid="search-story-part")
def _story_part_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index(instance.story)


@receiver(post_save, sender=LineQuestion, dispatch_uid="search-line-question")
@receiver(post_delete, sender=LineQuestion, dispatch_uid="search-line-question-delete")
def _line_question_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        line = Line.objects.filter(pk=instance.line_id).first()
        if line is not None:
            index(line)


def _organisation_dependents(organisation) -> None:
    """Records that carry the organisation's name and aliases in their entry."""
    for activity in organisation.activities.all():
        index(activity)
    projects = Project.objects.filter(leads=organisation) | Project.objects.filter(partners=organisation)
    for project in projects.distinct():
        index(project)
    for programme in organisation.programmes.all():
        index(programme)
    for offering in organisation.offerings.all():
        index(offering)


@receiver(post_save, sender=Organisation, dispatch_uid="search-organisation-dependents")
def _organisation_saved(sender, instance, created=False, raw=False, **kwargs):
    # A renamed organisation renames itself in its activities', projects', programmes' and offerings' entries.
    if not raw and not created:
        _organisation_dependents(instance)


@receiver(organisations_merged, dispatch_uid="search-organisations-merged")
def _organisations_merged(sender, organisations, **kwargs):
    """A merge moved people, activities, projects … by their keys, without saves: the merged organisations, their
    people and the records that carry their names are indexed again (the one that went left with its delete)."""
    for organisation in organisations:
        index(organisation)
        _organisation_dependents(organisation)
        for person in organisation.people.all():
            index(person)


@receiver(post_save, sender=Activity, dispatch_uid="search-activity-dependents")
def _activity_saved(sender, instance, created=False, raw=False, **kwargs):
    # A story's entry is titled after its activity.
    if not raw and not created:
        for story in instance.stories.all():
            index(story)


@receiver(post_save, sender=OrganisationAlias, dispatch_uid="search-alias")
@receiver(post_delete, sender=OrganisationAlias, dispatch_uid="search-alias-delete")
def _alias_changed(sender, instance, raw=False, **kwargs):
    """A new abbreviation makes the organisation's own entry and its activities, projects and offerings findable by
    it."""
    if raw:
        return
    organisation = Organisation.objects.filter(pk=instance.organisation_id).first()
    if organisation is None:
        return
    index(organisation)
    _organisation_dependents(organisation)


@receiver(themes_changed, dispatch_uid="search-themes-changed")
def _themes_changed(sender, themes, **kwargs):
    """A renamed or merged theme: the records that have it carry its slug and names in their entries."""
    for model in INDEXERS:
        if any(field.name == "themes" for field in model._meta.many_to_many):
            for record in model._default_manager.filter(themes__in=themes).distinct():
                index(record)


connect()
