"""What the index holds of each kind of record: only what the public may find (people for members only).

Each indexer returns the entry's fields, or None when the record must not be findable (a draft, a story
without public consent). Organisations named on a record bring their aliases along, so typing "HsL"
finds the activities and projects of Hogeschool Leiden.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext

from activities.models import Activity
from core.batching import later_for_each
from core.models import PublicationStatus
from documents import targets
from documents.models import Document
from network.models import Line, NetworkProfile, Organisation, Person
from offerings.models import Offering
from programmes.models import Programme
from projects.models import Project
from search.models import Kind, SearchEntry
from search.text import term_string
from stories.models import Consent, Story, StoryStatus

SUMMARY_LENGTH = 600


def organisation_names(organisations) -> str:
    """Names and aliases of organisations, as searchable text."""
    return " ".join(
        " ".join([organisation.name, *(alias.alias for alias in organisation.aliases.all())])
        for organisation in organisations
    )


def theme_fields(record) -> tuple[str, str]:
    themes = list(record.themes.all())
    slugs = f" {' '.join(theme.slug for theme in themes)} " if themes else ""
    return slugs, " ".join(f"{theme.name} {theme.name_en}" for theme in themes)


def _organisation(organisation: Organisation) -> dict:
    slugs, theme_names = theme_fields(organisation)
    aliases = " ".join(alias.alias for alias in organisation.aliases.all())
    return {
        "title": organisation.name,
        "summary": (organisation.description or ", ".join(organisation.address_lines))[:SUMMARY_LENGTH],
        "url": organisation.get_absolute_url(),
        "date": None,
        "themes": slugs,
        "terms_title": term_string(organisation.name, aliases),
        # Found by its place too: "Leiden" finds the schools in Leiden.
        "terms_body": term_string(
            organisation.description,
            organisation.get_sector_display(),
            theme_names,
            organisation.place,
            organisation.municipality,
            organisation.wijk,
        ),
    }


def _person(person: Person) -> dict:
    return {
        "title": person.name,
        "summary": f"{person.job_title} · {person.organisation}".strip(" ·"),
        "url": person.get_absolute_url(),
        "date": None,
        "themes": "",
        "members_only": True,
        "terms_title": term_string(person.name),
        "terms_body": term_string(
            person.job_title, person.get_role_display(), organisation_names([person.organisation])
        ),
    }


def _activity(activity: Activity) -> dict | None:
    if activity.publication_status != PublicationStatus.PUBLISHED:
        return None
    slugs, theme_names = theme_fields(activity)
    return {
        "title": activity.title,
        "summary": activity.description[:SUMMARY_LENGTH],
        "url": activity.get_absolute_url(),
        "date": timezone.localdate(activity.start),
        "themes": slugs,
        "terms_title": term_string(activity.title),
        "terms_body": term_string(
            activity.description,
            activity.place,
            activity.get_kind_display(),
            organisation_names(activity.organisers.all()),
            theme_names,
        ),
    }


def _project(project: Project) -> dict | None:
    if project.publication_status != PublicationStatus.PUBLISHED:
        return None
    slugs, theme_names = theme_fields(project)
    return {
        "title": f"{project.code} {project.title}",
        "summary": project.description[:SUMMARY_LENGTH],
        "url": project.get_absolute_url(),
        "date": None,
        "themes": slugs,
        "terms_title": term_string(project.code, project.title),
        "terms_body": term_string(
            project.description,
            project.get_cluster_display(),
            organisation_names(project.leads.all()),
            organisation_names(project.partners.all()),
            theme_names,
        ),
    }


def _line(line: Line) -> dict:
    slugs, theme_names = theme_fields(line)
    return {
        "title": line.name,
        "summary": line.purpose[:SUMMARY_LENGTH],
        "url": line.get_absolute_url(),
        "date": None,
        "themes": slugs,
        "terms_title": term_string(line.name),
        "terms_body": term_string(
            line.purpose,
            line.get_kind_display(),
            theme_names,
            " ".join(question.text for question in line.questions.all()),
        ),
    }


def _programme(programme: Programme) -> dict | None:
    if programme.publication_status != PublicationStatus.PUBLISHED:
        return None
    return {
        "title": programme.name,
        "summary": programme.description[:SUMMARY_LENGTH],
        "url": programme.get_absolute_url(),
        "date": programme.period_start,
        "themes": "",
        "terms_title": term_string(programme.name, programme.short_name, programme.slug),
        "terms_body": term_string(
            programme.description, programme.introduction, organisation_names(programme.organisations.all())
        ),
    }


def _story(story: Story) -> dict | None:
    if story.status != StoryStatus.PUBLISHED or story.consent == Consent.INTERNAL:
        return None
    slugs, theme_names = theme_fields(story)
    parts = " ".join(part.text for part in story.parts.all())
    about = str(story.activity or story.programme or "")
    return {
        "title": f"{story.respondent_role}: {about}" if about else story.respondent_role,
        "summary": (story.quote or parts)[:SUMMARY_LENGTH],
        "url": story.get_absolute_url(),
        "date": story.collected_on,
        "themes": slugs,
        "terms_title": term_string(story.respondent_role, about),
        "terms_body": term_string(story.quote, parts, theme_names),
    }


def _offering(offering: Offering) -> dict | None:
    if offering.publication_status != PublicationStatus.PUBLISHED:
        return None
    slugs, theme_names = theme_fields(offering)
    return {
        "title": offering.title,
        "summary": offering.description[:SUMMARY_LENGTH],
        "url": offering.get_absolute_url(),
        "date": None,
        "themes": slugs,
        "visible_until": offering.expires_on,
        "terms_title": term_string(offering.title),
        "terms_body": term_string(
            offering.description,
            offering.get_kind_display(),
            " ".join(offering.audience_list),
            organisation_names([offering.provider]),
            theme_names,
        ),
    }


def _document(document: Document) -> dict | None:
    # Found when the record it belongs to is public at the time it is indexed (a document of a draft is not).
    if not targets.is_public(document.target_kind, document.target_id):
        return None
    slugs, theme_names = theme_fields(document)
    return {
        "title": document.title,
        "summary": document.description[:SUMMARY_LENGTH],
        "url": document.get_absolute_url(),
        "date": None,
        "themes": slugs,
        "members_only": document.members_only,
        "terms_title": term_string(document.title),
        "terms_body": term_string(
            document.description,
            document.get_kind_display(),
            theme_names,
            " ".join(line.name for line in document.lines.all()),
        ),
    }


# The network's identity page (/over-het-netwerk/) has one profile per instance: a kind of its own (not one that
# matching suggests), kept apart from INDEXERS because it is one page, not a record per pk.
IDENTITY_KIND = Kind.NETWORK
IDENTITY_ID = 0


def _identity(profile: NetworkProfile) -> dict:
    texts = [strip_tags(text) for text in (profile.ambition, profile.strategy, profile.purpose)]
    roles = list(profile.roles.all())
    return {
        "title": f"{gettext('About the network')}: {profile.name}",
        "summary": (profile.tagline or " ".join(texts))[:SUMMARY_LENGTH],
        "url": profile.get_absolute_url(),
        "date": None,
        "themes": "",
        "members_only": False,
        "terms_title": term_string(profile.name, profile.short_name),
        "terms_body": term_string(
            profile.tagline,
            profile.slogan,
            *texts,
            profile.values,
            strip_tags(profile.organisational_form),
            strip_tags(profile.history),
            *(f"{role.name} {role.text}" for role in roles),
        ),
    }


def index_identity() -> None:
    """Put the identity page in the index as the profile is now; without a profile there is no page to find."""
    with translation.override(settings.LANGUAGE_CODE):
        profile = NetworkProfile.objects.prefetch_related("roles").first()
        fields = _identity(profile) if profile is not None else None
    if fields is None:
        SearchEntry.objects.filter(kind=IDENTITY_KIND, object_id=IDENTITY_ID).delete()
        return
    SearchEntry.objects.update_or_create(kind=IDENTITY_KIND, object_id=IDENTITY_ID, defaults=fields)


# model → (kind, the search fields of a record, or None to leave it out)
INDEXERS: dict[type[models.Model], tuple[str, Callable[[Any], dict | None]]] = {
    Organisation: (Kind.ORGANISATION, _organisation),
    Person: (Kind.PERSON, _person),
    Activity: (Kind.ACTIVITY, _activity),
    Project: (Kind.PROJECT, _project),
    Line: (Kind.LINE, _line),
    Programme: (Kind.PROGRAMME, _programme),
    Story: (Kind.STORY, _story),
    Offering: (Kind.OFFERING, _offering),
    Document: (Kind.DOCUMENT, _document),
}


def index(record) -> None:
    """Put the record in the index as it is now, or take it out when it may not be found. Entries are
    written in the site's main language (its addresses and labels), whoever saves the record. In a batch of
    writes, once at the end, from the record as it is then."""
    model = type(record)
    if not later_for_each(("search", model), record.pk, lambda pks: _index_stored(model, pks)):
        _index(record)


def _index_stored(model, pks: set) -> None:
    """Index these records as they are stored now (a batch's end), a few hundred per query: their entries are
    replaced in bulk, so an import or a generated network of thousands of records costs a few queries per chunk."""
    ordered = sorted(pks)
    with translation.override(settings.LANGUAGE_CODE):
        for start in range(0, len(ordered), 500):
            _replace(model, ordered[start : start + 500])


def _replace(model, pks: list) -> int:
    """Replace the entries of these records by their entries as stored now, in one short transaction (a search
    meanwhile finds their old entries); returns how many entries were made."""
    kind, indexer = INDEXERS[model]
    found = model._default_manager.prefetch_related(*PREFETCH.get(model, ())).in_bulk(pks)
    entries = [
        entry for entry in (_entry(kind, record.pk, indexer(record)) for record in found.values()) if entry is not None
    ]
    with transaction.atomic():
        SearchEntry.objects.filter(kind=kind, object_id__in=pks).delete()
        SearchEntry.objects.bulk_create(entries)
    return len(entries)


def _entry(kind: str, pk: int, fields: dict | None) -> SearchEntry | None:
    """The entry of a record from its indexer's fields; None when it may not be found."""
    if fields is None:
        return None
    fields.setdefault("members_only", False)
    return SearchEntry(kind=kind, object_id=pk, **fields)


def _index(record) -> None:
    kind, indexer = INDEXERS[type(record)]
    with translation.override(settings.LANGUAGE_CODE):
        fields = indexer(record)
    if fields is None:
        SearchEntry.objects.filter(kind=kind, object_id=record.pk).delete()
        return
    fields.setdefault("members_only", False)
    SearchEntry.objects.update_or_create(kind=kind, object_id=record.pk, defaults=fields)


def unindex(record) -> None:
    kind, _indexer = INDEXERS[type(record)]
    model = type(record)
    if not later_for_each(("search", model), record.pk, lambda pks: _index_stored(model, pks)):
        SearchEntry.objects.filter(kind=kind, object_id=record.pk).delete()


PREFETCH = {
    Organisation: ["aliases", "themes"],
    Person: ["organisation__aliases"],
    Activity: ["themes", "organisers__aliases"],
    Project: ["themes", "leads__aliases", "partners__aliases"],
    Line: ["themes", "questions"],
    Programme: ["organisations__aliases"],
    Story: ["themes", "parts", "activity", "programme"],
    Offering: ["themes", "provider__aliases"],
    Document: ["themes", "lines"],
}


RebuildProgress = Callable[[int, int, str], None]  # records read, records in all, the kind at hand


def rebuild_all(batch: int = 500, progress: RebuildProgress | None = None) -> dict[str, int]:
    """Fill the index again from every record; returns the number of entries per kind. `progress(done, total,
    kind)` is told after each batch, counting records read.

    The entries are replaced a batch at a time, each in a short transaction of its own, and entries of records that
    are gone are removed at each kind's end: a search during a rebuild finds every record (never an empty index),
    and on SQLite, where a transaction holds the one write lock, other writes wait for one batch at most.

    Each batch's prefetches name its related records in one query; SQLite refuses a query naming more than about
    1,000 different ones ("expression tree is too large"), which a batch of 2,000 reached at city scale."""
    from search.backends import rebuild
    from search.services import forget_vocabulary

    keys = {model: list(model._default_manager.order_by("pk").values_list("pk", flat=True)) for model in INDEXERS}
    total = sum(len(pks) for pks in keys.values())
    counts: dict[str, int] = {}
    read = 0
    with translation.override(settings.LANGUAGE_CODE):
        for model, pks in keys.items():
            kind = INDEXERS[model][0]
            made = 0
            for start in range(0, len(pks), batch):
                made += _replace(model, pks[start : start + batch])
                read += min(batch, len(pks) - start)
                if progress:
                    progress(read, total, kind)
            SearchEntry.objects.filter(kind=kind).exclude(object_id__in=model._default_manager.values("pk")).delete()
            counts[str(kind)] = made
            if progress and not pks:
                progress(read, total, kind)
        index_identity()
    counts[str(IDENTITY_KIND)] = SearchEntry.objects.filter(kind=IDENTITY_KIND).count()
    rebuild()
    forget_vocabulary()
    return counts
