"""Collecting, curating, selecting and substantiating stories. Views call these; nothing else writes stories.

The read side lives beside it: stories.book (order, grouping, attribution), stories.patterns and
stories.route_support."""

import datetime as dt
import secrets
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from activities.models import Activity
from core.pseudonyms import is_email, redact_name, reference_key
from core.services import BULK_BATCH, link_many, pk_of
from core.signals import created_in_bulk
from core.text import content_words, dutch_stem
from impact.models import Dimension
from network.models import Theme
from network.services import resolve_organisation, resolve_organisations
from programmes.models import ImpactRoute, Programme, ProgrammeLine, ReasoningStep
from programmes.services import programme_activity_ids
from stories.models import (
    REFERENCE,
    CollectionLink,
    Consent,
    Selection,
    SelectionRound,
    Story,
    StoryPart,
    StoryStatus,
    Substantiation,
)

# Unambiguous characters for short codes people may type over from a screen.
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
CODE_LENGTH = 7


def new_link_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def create_link(
    *, programme: Programme | None, activity: Activity | None, title: str, closes_on: dt.date | None, user: User
) -> CollectionLink:
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return CollectionLink.objects.create(
                    code=new_link_code(),
                    programme=programme,
                    activity=activity,
                    title=title,
                    closes_on=closes_on,
                    created_by=user,
                )
        except IntegrityError:  # the code was taken: draw again
            continue
    raise RuntimeError("Could not draw a free collection code")


def link_is_open(link: CollectionLink) -> bool:
    return link.is_open and (link.closes_on is None or link.closes_on >= timezone.localdate())


LIVE_EVENT = dt.timedelta(hours=1)


def set_live_event(link: CollectionLink, *, on: bool) -> None:
    link.busy_until = timezone.now() + LIVE_EVENT if on else None
    link.save(update_fields=["busy_until"])


def link_activities(link: CollectionLink) -> QuerySet[Activity]:
    """The activities a respondent may tell about through this link: its own, or the programme's published ones."""
    if link.activity_id:
        return Activity.objects.filter(pk=link.activity_id)
    assert link.programme is not None  # a link is for an activity or a programme (stories.views.telling.link_create)
    return Activity.objects.filter(pk__in=programme_activity_ids(link.programme)).order_by("-start")


def line_for(programme: Programme | None, activity: Activity | None) -> ProgrammeLine | None:
    """The programme's ambition an activity serves, when it serves exactly one."""
    if programme is None or activity is None:
        return None
    lines = list(ProgrammeLine.objects.filter(programme=programme, actions__activities=activity).distinct()[:2])
    return lines[0] if len(lines) == 1 else None


def programme_for(activity: Activity) -> Programme | None:
    """The programme an activity belongs to, when it belongs to exactly one."""
    programmes = list(Programme.objects.filter(lines__actions__activities=activity).distinct()[:2])
    return programmes[0] if len(programmes) == 1 else None


def route_dimensions(line: ProgrammeLine | None) -> dict[int, int]:
    """The dimension the ambition's route chose per ring, to pre-select in the form."""
    route = ImpactRoute.objects.filter(line=line).first() if line else None
    return {number: dimension.pk for number, dimension in enumerate(route.dimensions, 1)} if route else {}


def part_stems(text: str) -> str:
    """The stems of a text's content words, space-padded for an exact word match in SQL."""
    stems = sorted({dutch_stem(word) for word in content_words(text)})
    return f" {' '.join(stems)} " if stems else ""


def _save_parts(story: Story, parts: dict[int, tuple[Dimension, str]], *, keep_original: bool) -> None:
    """Write the story's ring parts; a ring whose text was emptied is removed (with its evidence links)."""
    existing = {part.ring: part for part in story.parts.all()}
    for ring, part in existing.items():
        if ring not in parts:
            part.delete()
    for ring, (dimension, text) in parts.items():
        _check_ring(dimension, ring)
        part = existing.get(ring) or StoryPart(story=story, ring=ring)
        if keep_original and part.pk and part.text != text and not part.original_text:
            part.original_text = part.text
        part.dimension = dimension
        part.text = text
        part.stems = part_stems(text)
        part.full_clean(exclude=["story"])
        part.save()


def _check_ring(dimension: Dimension, ring: int) -> None:
    if dimension.ring.number != ring:
        raise ValidationError(
            _("“%(dimension)s” is not a dimension of ring %(ring)s.") % {"dimension": dimension, "ring": ring}
        )


def _resolve_organisation(story: Story) -> None:
    if story.organisation_id is None and story.organisation_name:
        story.organisation = resolve_organisation(story.organisation_name)


def _drop_details_consent_does_not_cover(story: Story) -> None:
    # Names and e-mail addresses are kept only when the respondent agreed to be named.
    if story.consent != Consent.NAMED:
        story.respondent_name = ""
        story.email = ""


def submit_story(
    link: CollectionLink,
    *,
    activity: Activity | None,
    story: Story,
    parts: dict[int, tuple[Dimension, str]],
    token: str | None,
    sender_key: str = "",
) -> Story:
    """Store a story sent through a public link, with the keyed hash of its sender's address (stories.limits).
    A replayed token returns the story it made the first time, also when the two posts race each other."""
    earlier = Story.objects.filter(submission_token=token).first() if token else None
    if earlier:
        return earlier
    try:
        story.sender_key = sender_key
        return _store_submission(link, activity=activity, story=story, parts=parts, token=token)
    except IntegrityError:
        earlier = Story.objects.filter(submission_token=token).first() if token else None
        if earlier is None:
            raise
        return earlier


@transaction.atomic
def _store_submission(
    link: CollectionLink,
    *,
    activity: Activity | None,
    story: Story,
    parts: dict[int, tuple[Dimension, str]],
    token: str | None,
) -> Story:
    story.link = link
    story.activity = activity
    story.programme = link.programme or (programme_for(activity) if activity else None)
    story.line = line_for(story.programme, activity)
    story.status = StoryStatus.NEW
    story.collected_on = timezone.localdate()
    story.submission_token = token
    _drop_details_consent_does_not_cover(story)
    _resolve_organisation(story)
    story.full_clean(exclude=["collected_on"])
    story.save()
    _save_parts(story, parts, keep_original=False)
    return story


@dataclass
class NewStory:
    """A story for create_stories with its ring parts (ring → (dimension or its primary key, text)) and themes
    (records or primary keys)."""

    story: Story
    parts: dict[int, tuple[Any, str]]
    themes: Sequence[Any] = ()


def create_stories(new: Sequence[NewStory]) -> list[Story]:
    """Create many stories with their ring parts and themes in a few queries per thousand (imports, generated
    networks), by the rules of save_story: details the consent does not cover are dropped, an organisation named
    but not chosen is looked up, each part's dimension sits on its ring and the part's stems are computed as at a
    save; accepted parts become evidence for the reasoning steps they speak to (link_evidence's rule). The stories
    come otherwise checked, with status, programme and line as given. Listeners (the search index) hear of them
    through core.signals.created_in_bulk."""
    dimensions = Dimension.objects.select_related("ring").in_bulk(
        {pk_of(dimension) for item in new for dimension, _text in item.parts.values()}
    )
    for item in new:
        for ring, (dimension, _text) in item.parts.items():
            _check_ring(dimensions[pk_of(dimension)], ring)
    stories = [item.story for item in new]
    named = resolve_organisations(
        {story.organisation_name for story in stories if story.organisation_id is None and story.organisation_name}
    )
    for story in stories:
        _drop_details_consent_does_not_cover(story)
        story.note_references()  # as Story.save does; bulk_create does not call it
        if story.organisation_id is None and story.organisation_name:
            story.organisation_id = named.get(story.organisation_name)
    Story.objects.bulk_create(stories, batch_size=BULK_BATCH)
    parts = [
        StoryPart(story=item.story, ring=ring, dimension_id=pk_of(dimension), text=text, stems=part_stems(text))
        for item in new
        for ring, (dimension, text) in item.parts.items()
    ]
    StoryPart.objects.bulk_create(parts, batch_size=BULK_BATCH)
    link_many(Story.themes, ((item.story, theme) for item in new for theme in item.themes))
    _link_evidence(parts, linked=set())
    created_in_bulk.send(Story, records=stories)
    return stories


@transaction.atomic
def save_story(
    story: Story, *, parts: dict[int, tuple[Dimension, str]], themes: Iterable[Theme], user: User | None
) -> Story:
    """Save a story an editor entered or a curator corrected; corrected texts keep the respondent's original."""
    is_new = story.pk is None
    if is_new:
        story.entered_by = user
        if story.programme is None and story.activity is not None:
            story.programme = programme_for(story.activity)
        if story.line is None:
            story.line = line_for(story.programme, story.activity)
    _drop_details_consent_does_not_cover(story)
    _resolve_organisation(story)
    story.save()
    story.themes.set(themes)
    _save_parts(story, parts, keep_original=not is_new)
    return story


def publish(story: Story) -> None:
    if story.status == StoryStatus.MERGED:
        raise ValidationError(_("This story was merged into another one; publish that one instead."))
    if not story.parts.exists():
        raise ValidationError(_("A story needs at least one ring before it can be published."))
    story.status = StoryStatus.PUBLISHED
    story.reject_reason = ""
    story.save(update_fields=["status", "reject_reason", "updated_at"])


def reject(story: Story, reason: str) -> None:
    if not reason.strip():
        raise ValidationError(_("Say why the story is rejected; the reason is kept with it."))
    story.status = StoryStatus.REJECTED
    story.reject_reason = reason.strip()
    story.save(update_fields=["status", "reject_reason", "updated_at"])


def waiting_stories(
    *, ids: Iterable[int] = (), sender_key: str = "", link: CollectionLink | None = None, hours: int | None = None
) -> QuerySet[Story]:
    """Stories in the queue chosen for rejecting together: by number, or all from one sender (the keyed hash of
    their address) or one link, in the last `hours`."""
    stories = Story.objects.filter(status=StoryStatus.NEW)
    if sender_key:
        stories = stories.filter(sender_key=sender_key)
    elif link is not None:
        stories = stories.filter(link=link)
    else:
        return stories.filter(pk__in=list(ids))
    if hours is not None:
        stories = stories.filter(created_at__gte=timezone.now() - dt.timedelta(hours=hours))
    return stories


@transaction.atomic
def reject_many(stories: QuerySet[Story], reason: str) -> int:
    """Reject these waiting stories with one reason; the number rejected. Each can be taken back to the queue."""
    if not reason.strip():
        raise ValidationError(_("Say why the story is rejected; the reason is kept with it."))
    chosen = list(stories.filter(status=StoryStatus.NEW).select_for_update())
    for story in chosen:
        reject(story, reason)
    return len(chosen)


@transaction.atomic
def restore_many(ids: Iterable[int]) -> int:
    """Take rejected stories back to the queue (the way back from reject_many); the number restored."""
    chosen = list(Story.objects.filter(pk__in=list(ids), status=StoryStatus.REJECTED).select_for_update())
    for story in chosen:
        back_to_queue(story)
    return len(chosen)


def back_to_queue(story: Story) -> None:
    """Undo a publication, rejection or merge: the story waits in the queue again."""
    story.status = StoryStatus.NEW
    story.merged_into = None
    story.save(update_fields=["status", "merged_into", "updated_at"])


@transaction.atomic
def merge(duplicate: Story, into: Story) -> None:
    """Fold a duplicate into another story: its themes and evidence links move over; its text is kept for undo."""
    if duplicate.pk == into.pk:
        raise ValidationError(_("A story cannot be merged into itself."))
    if into.status == StoryStatus.MERGED:
        raise ValidationError(_("That story was itself merged; choose the story it was merged into."))
    into.themes.add(*duplicate.themes.all())
    target_parts = {part.ring: part for part in into.parts.all()}
    for part in duplicate.parts.prefetch_related("reasoning_steps"):
        if part.ring in target_parts:
            target_parts[part.ring].reasoning_steps.add(*part.reasoning_steps.all())
    duplicate.status = StoryStatus.MERGED
    duplicate.merged_into = into
    duplicate.save(update_fields=["status", "merged_into", "updated_at"])


def substantiate(
    part: StoryPart, *, name: str, role: str, date: dt.date, note: str, user: User | None
) -> Substantiation:
    if part.ring != 3:
        raise ValidationError(_("Only ring-3 claims are substantiated; rings 1 and 2 speak for themselves."))
    substantiation = Substantiation(part=part, name=name, role=role, date=date, note=note, recorded_by=user)
    substantiation.full_clean()
    substantiation.save()
    return substantiation


def select_story(selection_round: SelectionRound, story: Story, reason: str) -> Selection:
    if selection_round.is_closed:
        raise ValidationError(_("This selection round is closed."))
    if not (story.programme_id == selection_round.programme_id and story.status == StoryStatus.PUBLISHED):
        raise ValidationError(_("Only accepted stories of this programme can be selected."))
    if not reason.strip():
        raise ValidationError(_("Record why the panel finds this story significant."))
    selection, _created = Selection.objects.update_or_create(
        round=selection_round, story=story, defaults={"reason": reason.strip()}
    )
    return selection


def unselect_story(selection_round: SelectionRound, story: Story) -> None:
    if selection_round.is_closed:
        raise ValidationError(_("This selection round is closed."))
    Selection.objects.filter(round=selection_round, story=story).delete()


def respondent_stories(query: str) -> QuerySet[Story]:
    """Every story that names this respondent, also once anonymised: by e-mail address (any case) or full name (any
    case, accents, punctuation or spacing), through the keyed references, so on every database alike."""
    key = reference_key(query, REFERENCE)
    if not key:
        return Story.objects.none()
    return Story.objects.filter(Q(name_reference=key) | Q(email_reference=key))


def respondent_export(stories: Iterable[Story]) -> dict:
    """All the platform holds about one respondent, for a request to see it."""
    return {
        "stories": [
            {
                "id": story.pk,
                "role": story.respondent_role,
                "sector": story.sector,
                "name": story.respondent_name,
                "organisation": story.organisation_name or (str(story.organisation) if story.organisation else ""),
                "email": story.email,
                "consent": story.consent,
                "activity": str(story.activity) if story.activity else None,
                "programme": str(story.programme) if story.programme else None,
                "collected_on": story.collected_on.isoformat() if story.collected_on else None,
                "quote": story.quote,
                "parts": [
                    {
                        "ring": part.ring,
                        "dimension": str(part.dimension),
                        "text": part.text,
                        "original_text": part.original_text,
                    }
                    for part in story.parts.all()
                ],
            }
            for story in stories
        ]
    }


@transaction.atomic
def erase_respondent(stories: Iterable[Story], *, keep_anonymised: bool, name: str = "") -> int:
    """Remove a respondent's personal details; keep the stories, anonymised and by role, if asked (every
    consent allows analysis), else delete them. Returns the number of stories touched.

    Anonymising also takes the respondent's name (the story's, and `name`, the one asked about) out of their words:
    the text, the original words and the quote; the search index and every export follow from those. The keyed
    references stay, so the story can still be found, and erased, for the same person later."""
    # Fresh from the database: a caller's prefetched parts would feed the search index the old words.
    stories = list(Story.objects.filter(pk__in=[story.pk for story in stories]))
    for story in stories:
        if keep_anonymised:
            _redact(story, {story.respondent_name, "" if is_email(name) else name})
            story.respondent_name = ""
            story.email = ""
            story.organisation_name = ""
            story.organisation = None
            story.sender_key = ""
            if story.consent == Consent.NAMED:
                story.consent = Consent.ROLE
            story.save()
        else:
            story.delete()
    return len(stories)


def _redact(story: Story, names: set[str]) -> None:
    """Replace each of these names in the story's texts by a placeholder in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        placeholder = _("[name]")
    names = {name for name in names if name.strip()}

    def redacted(text: str) -> str:
        for name in names:
            text = redact_name(text, name, placeholder)
        return text

    story.quote = redacted(story.quote)
    for part in StoryPart.objects.filter(story=story):
        text, original = redacted(part.text), redacted(part.original_text)
        if (text, original) != (part.text, part.original_text):
            part.text, part.original_text, part.stems = text, original, part_stems(text)
            part.save(update_fields=["text", "original_text", "stems"])


# --- Evidence links -------------------------------------------------------------------------------------------


def link_evidence(programme: Programme) -> int:
    """Attach each accepted story part to the reasoning-line steps it speaks to: same ring and dimension,
    and the story's activity among the reasoning line's activities. Returns the number of links made."""
    parts = list(
        StoryPart.objects.filter(
            story__programme=programme, story__status=StoryStatus.PUBLISHED, story__activity__isnull=False
        ).select_related("story")
    )
    linked = set(
        StoryPart.reasoning_steps.through.objects.filter(storypart__in=parts).values_list(
            "storypart_id", "reasoningstep_id"
        )
    )
    return _link_evidence(parts, linked)


def _link_evidence(parts: Sequence[StoryPart], linked: set[tuple[int, int]]) -> int:
    """link_evidence's rule for these parts (their stories loaded), set-based: links to the steps each accepted
    part speaks to, leaving out the (part, step) pairs already linked; the number of links made."""
    accepted = [
        part
        for part in parts
        if part.story.status == StoryStatus.PUBLISHED and part.story.programme_id and part.story.activity_id
    ]
    # (programme, activity, ring, dimension) → reasoning steps
    steps: defaultdict[tuple[int | None, int | None, int, int], list[int]] = defaultdict(list)
    found = ReasoningStep.objects.filter(
        reasoning_line__programme__in={part.story.programme_id for part in accepted},
        reasoning_line__activities__in={part.story.activity_id for part in accepted},
    )
    for programme, activity, ring, dimension, step in found.values_list(
        "reasoning_line__programme", "reasoning_line__activities", "ring", "dimension", "pk"
    ).order_by("pk"):
        steps[(programme, activity, ring, dimension)].append(step)
    return link_many(
        StoryPart.reasoning_steps,
        (
            (part.pk, step)
            for part in accepted
            for step in steps[(part.story.programme_id, part.story.activity_id, part.ring, part.dimension_id)]
            if (part.pk, step) not in linked
        ),
    )
