"""Who and what could help with a question: records of the search index, ranked and explained.

Candidates come from three signals, each of which can be put in words for the reader:
- the question's words, matched through the full-text index ("mentions “moestuin”");
- the themes the asker chose, against each record's themes ("works on Duurzaamheid");
- the line the asker chose: its holders, their organisations and its coming meetings.
Sectors do not find records on their own (half the network is a school) but lift the ones that fit.

Only records in the search index are suggested, so what a viewer sees follows the index's rules:
published and current records, people for members only.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import Activity
from core.models import CodeList, Sector
from core.text import dutch_stem
from network.models import Organisation, Person
from offerings.models import Offering
from projects.models import Project
from search import backends
from search.models import Kind, SearchEntry
from search.text import MAX_QUERY_TERMS, MAX_TERM_LENGTH, PREFIX_MIN, fold
from search.text import terms as text_terms
from stories.models import Story

PER_KIND = 5
TEXT_CANDIDATES = 150
THEME_CANDIDATES = 300  # per kind: theme matches beyond these add nothing a reader goes through
MINIMUM_SCORE = 2.0  # one shared theme, or a strong match of the words
MAX_PROJECT_CODES = 3
# Words every question uses ("wie wil helpen?"); they say nothing about its subject.
ASKING_WORDS = frozenset(
    dutch_stem(word)
    for word in (
        "wil",
        "willen",
        "mag",
        "helpt",
        "helpen",
        "zoek",
        "zoeken",
        "vraag",
        "vragen",
        "weten",
        "graag",
        "ervaring",
    )
)
KIND_ORDER = [Kind.ORGANISATION, Kind.PERSON, Kind.PROJECT, Kind.OFFERING, Kind.LINE, Kind.ACTIVITY, Kind.STORY]

# How much each signal weighs; a shared theme is chosen by the asker, so it counts more than a shared word.
TEXT_WEIGHT = 3.0
THEME_WEIGHT = 2.0
LINE_WEIGHT = 4.0
SECTOR_BONUS = 1.0
PROJECT_BONUS = MINIMUM_SCORE  # leading a suggested project is reason enough on its own


@dataclass
class Suggestion:
    entry: SearchEntry
    score: float = 0.0
    line: str = ""  # "holds the line …" and the like
    themes: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    projects: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)

    @property
    def reason(self) -> str:
        """One line saying why this was suggested."""
        parts = [self.line] if self.line else []
        if self.themes:
            about = ", ".join(self.themes)
            parts.append(
                _("works on %(themes)s") % {"themes": about}
                if self.entry.kind == Kind.ORGANISATION
                else _("about %(themes)s") % {"themes": about}
            )
        if self.sectors:
            parts.append(_("in %(sectors)s") % {"sectors": ", ".join(self.sectors)})
        if self.projects:
            codes = ", ".join(self.projects[:MAX_PROJECT_CODES])
            if len(self.projects) > MAX_PROJECT_CODES:
                more = len(self.projects) - MAX_PROJECT_CODES
                codes = _("%(codes)s and %(more)d more") % {"codes": codes, "more": more}
            parts.append(_("leads project %(projects)s") % {"projects": codes})
        if self.words:
            parts.append(_("mentions %(words)s") % {"words": ", ".join(f"“{word}”" for word in self.words)})
        return "; ".join(parts)


def suggest(question, *, member: bool) -> list[tuple[Kind, list[Suggestion]]]:
    """(kind, best suggestions) in a fixed order of kinds, for a reader who is a member or not."""
    found: dict[int, Suggestion] = {}
    entries = _entries(member)
    asker = getattr(question.asker, "person", None)
    if asker is not None:
        entries = entries.exclude(kind=Kind.PERSON, object_id=asker.pk)

    def add(entry: SearchEntry) -> Suggestion:
        return found.setdefault(entry.pk, Suggestion(entry=entry))

    _by_words(question, entries, add, member)
    themes = {theme.slug: theme.name for theme in question.themes.all()}
    if themes:
        _by_themes(themes, entries, add)
    if question.line_id:
        _by_line(question.line, entries, add)
    by_kind = defaultdict(list)
    for suggestion in found.values():
        by_kind[suggestion.entry.kind].append(suggestion)
    sectors = set(question.sector_codes())
    if sectors:
        _lift_sectors(by_kind, sectors)
    _lift_project_leads(by_kind, entries)
    grouped: list[tuple[Kind, list[Suggestion]]] = []
    for kind in KIND_ORDER:
        best = sorted(
            (s for s in by_kind.get(kind, []) if s.score >= MINIMUM_SCORE),
            key=lambda s: (-s.score, s.entry.title, s.entry.pk),
        )[:PER_KIND]
        if best:
            grouped.append((kind, best))
    return grouped


def _entries(member: bool):
    today = timezone.localdate()
    entries = SearchEntry.objects.filter(
        Q(visible_until__isnull=True) | Q(visible_until__gte=today), kind__in=KIND_ORDER
    )
    if not member:
        entries = entries.filter(members_only=False)
    # An activity that has passed cannot help any more; its stories can.
    return entries.exclude(kind=Kind.ACTIVITY, date__lt=today)


def _by_words(question, entries, add, member: bool) -> None:
    words = [term[:MAX_TERM_LENGTH] for term in text_terms(f"{question.title} {question.looking_for}")]
    terms = [term for term in dict.fromkeys(words) if term not in ASKING_WORDS][:MAX_QUERY_TERMS]
    ranked, _complete = backends.match(terms, any_term=True, public_only=not member, limit=TEXT_CANDIDATES)
    if not ranked:
        return
    scores = dict(ranked)
    eligible = list(entries.filter(pk__in=scores))
    # Scaled to the best record this reader may see, so hidden records do not set the scale.
    best = max((scores[entry.pk] for entry in eligible), default=1.0) or 1.0
    spoken = _spoken_words(f"{question.title} {question.looking_for}")
    for entry in eligible:
        matched = _matched_terms(terms, f"{entry.terms_title} {entry.terms_body}")
        if not matched:
            continue
        suggestion = add(entry)
        # One shared word is often chance ("korte", "losse"); two or more say more about the subject.
        certainty = min(len(matched), 2) / 2
        suggestion.score += TEXT_WEIGHT * certainty * max(scores[entry.pk], 0.0) / best
        suggestion.words = [spoken.get(term, term) for term in matched][:3]


def _matched_terms(terms: list[str], indexed: str) -> list[str]:
    # The index also matches a term as the start of a longer word (natuur → natuurwandeling).
    words = set(indexed.split())
    return [
        term
        for term in terms
        if term in words or (len(term) >= PREFIX_MIN and any(word.startswith(term) for word in words))
    ]


def _spoken_words(text: str) -> dict[str, str]:
    """Each stem of the question with the word the asker used for it, to quote back to them."""
    spoken: dict[str, str] = {}
    for word in fold(text):
        spoken.setdefault(dutch_stem(word), word)
    return spoken


def _by_themes(themes: dict[str, str], entries, add) -> None:
    wanted = Q()
    for slug in themes:
        wanted |= Q(themes__contains=f" {slug} ")
    for kind in KIND_ORDER:
        for entry in entries.filter(wanted, kind=kind).order_by("-date", "pk")[:THEME_CANDIDATES]:
            shared = [name for slug, name in themes.items() if f" {slug} " in entry.themes]
            suggestion = add(entry)
            suggestion.score += THEME_WEIGHT * len(shared)
            suggestion.themes = shared


def _by_line(line, entries, add) -> None:
    holders = list(line.holders.all())
    organisation_ids = {person.organisation_id for person in holders}
    meeting_ids = Activity.objects.filter(lines=line).values_list("pk", flat=True)
    related = (
        Q(kind=Kind.LINE, object_id=line.pk)
        | Q(kind=Kind.PERSON, object_id__in=[person.pk for person in holders])
        | Q(kind=Kind.ORGANISATION, object_id__in=organisation_ids)
        | Q(kind=Kind.ACTIVITY, object_id__in=meeting_ids)
    )
    for entry in entries.filter(related):
        suggestion = add(entry)
        suggestion.score += LINE_WEIGHT
        suggestion.line = {
            Kind.LINE: _("the line you chose"),
            Kind.PERSON: _("holds the line %(line)s") % {"line": line.name},
            Kind.ORGANISATION: _("its people hold the line %(line)s") % {"line": line.name},
            Kind.ACTIVITY: _("a meeting of the line %(line)s") % {"line": line.name},
        }[entry.kind]


def _lift_sectors(by_kind, sectors: set[str]) -> None:
    """A record for or from the sectors the asker chose ranks higher, and says so."""
    labels = dict(Sector.choices)

    def lift(suggestions, codes_of) -> None:
        codes = codes_of([s.entry.object_id for s in suggestions])
        for suggestion in suggestions:
            shared = sorted(sectors & codes.get(suggestion.entry.object_id, set()))
            if shared:
                suggestion.score += SECTOR_BONUS
                suggestion.sectors = [str(labels[code]) for code in shared]

    def organisation_sectors(ids):
        return {pk: {sector} for pk, sector in Organisation.objects.filter(pk__in=ids).values_list("pk", "sector")}

    def person_sectors(ids):
        return {
            pk: {sector} for pk, sector in Person.objects.filter(pk__in=ids).values_list("pk", "organisation__sector")
        }

    def offering_sectors(ids):
        return {
            pk: set(CodeList.unpack(audiences))
            for pk, audiences in Offering.objects.filter(pk__in=ids).values_list("pk", "audiences")
        }

    def activity_sectors(ids):
        codes = defaultdict(set)
        for pk, sector in Activity.objects.filter(pk__in=ids).values_list("pk", "target_sectors__sector"):
            if sector:
                codes[pk].add(sector)
        return codes

    def story_sectors(ids):
        return {pk: {sector} for pk, sector in Story.objects.filter(pk__in=ids).values_list("pk", "sector")}

    for kind, codes_of in [
        (Kind.ORGANISATION, organisation_sectors),
        (Kind.PERSON, person_sectors),
        (Kind.OFFERING, offering_sectors),
        (Kind.ACTIVITY, activity_sectors),
        (Kind.STORY, story_sectors),
    ]:
        if by_kind.get(kind):
            lift(by_kind[kind], codes_of)


def _lift_project_leads(by_kind, entries) -> None:
    """An organisation that leads a suggested project is a good first contact: "leads project 2n"."""
    projects = [s.entry.object_id for s in by_kind.get(Kind.PROJECT, []) if s.score >= MINIMUM_SCORE]
    if not projects:
        return
    organisations = {s.entry.object_id: s for s in by_kind.get(Kind.ORGANISATION, [])}
    leads = list(
        Project.leads.through.objects.filter(project_id__in=projects)
        .values_list("organisation_id", "project__code")
        .order_by("project__code")
    )
    missing = {organisation_id for organisation_id, _code in leads} - set(organisations)
    for entry in entries.filter(kind=Kind.ORGANISATION, object_id__in=missing):
        organisations[entry.object_id] = Suggestion(entry=entry)
        by_kind[Kind.ORGANISATION].append(organisations[entry.object_id])
    for organisation_id, code in leads:
        suggestion = organisations.get(organisation_id)
        if suggestion is None:
            continue
        if not suggestion.projects:
            suggestion.score += PROJECT_BONUS
        suggestion.projects.append(code)
