from django.db import models
from django.db.models import Q


class Kind(models.TextChoices):
    # Labels are translated in search.views (KIND_LABELS), where they are shown.
    ORGANISATION = "organisation"
    PERSON = "person"
    ACTIVITY = "activity"
    PROJECT = "project"
    OFFERING = "offering"
    LINE = "line"
    PROGRAMME = "programme"
    STORY = "story"
    DOCUMENT = "document"
    NETWORK = "network"  # the page about the network itself


class SearchEntry(models.Model):
    """One findable record as the search index holds it: display text plus Dutch search terms.

    The terms are folded (no accents, lower case), stripped of stop words and stemmed in Python
    (search.text), so SQLite FTS5 and PostgreSQL full-text search match the same words. The
    database's own full-text index over terms_title and terms_body is made in the migrations.
    """

    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    url = models.CharField(max_length=300)
    date = models.DateField(null=True, blank=True)
    visible_until = models.DateField(null=True, blank=True)  # e.g. an offering's last day; after it, not found
    members_only = models.BooleanField(default=False)
    themes = models.CharField(max_length=500, blank=True)  # " slug slug " for an exact word match
    terms_title = models.TextField(blank=True)
    terms_body = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="one_entry_per_record")]
        indexes = [
            models.Index(fields=["kind"]),
            # The few entries a search leaves out (search.backends): expired offerings and members-only records.
            models.Index(
                fields=["visible_until"], condition=Q(visible_until__isnull=False), name="search_entry_expires"
            ),
            models.Index(fields=["members_only"], condition=Q(members_only=True), name="search_entry_members_only"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.title}"


class RelatedTerms(models.Model):
    """Words the field uses for the same thing (fijnstof, luchtkwaliteit), kept by coordinators: a question
    with one of them meets records that use another, in matching and in search alike (search.related)."""

    words = models.CharField(max_length=300)  # as written, separated by commas

    class Meta:
        ordering = ["words"]

    def __str__(self) -> str:
        return self.words
