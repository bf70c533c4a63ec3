"""Who and what could help with a question: records of the search index, ranked and explained.

Candidates come from these signals, each of which can be put in words for the reader:
- the question's words, weighed by how telling they are across the network (BM25 with the index's own
  statistics, search.statistics), with Dutch compounds split and related terms (search.related) counted
  ("mentions “fijnstof” (luchtkwaliteit)"); only telling words are quoted;
- the themes the asker chose, against each record's themes ("works on Duurzaamheid");
- the line the asker chose: its holders, their organisations and its coming meetings.
Sectors do not find records on their own (half the network is a school) but lift the ones that fit. People
are found by what they do: holding a suggested line, working at the lead of a suggested project, having offered
help with an earlier question like this one (more when the asker took the offer up).

Never suggested: the asker; nor their own organisation and colleagues, unless the asker chose to see them
(Question.suggest_own_organisation); at most MAX_PER_ORGANISATION records of one organisation
per kind, so one big partner does not fill a list. Only records in the search index are suggested, so what a
viewer sees follows the index's rules: published and current records, people for members only.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import Activity
from core.models import CodeList, Sector
from core.text import dutch_stem
from network.models import Organisation, Person
from offerings.models import Offering
from projects.models import Project
from questions.models import Question, Response
from search import backends, statistics
from search.models import Kind, SearchEntry
from search.related import is_phrase, occurrences
from search.statistics import IndexStatistics, split_compound
from search.text import MAX_TERM_LENGTH, fold, stem, term_string
from search.text import terms as text_terms
from stories.models import Story

PER_KIND = 5
TEXT_CANDIDATES = 300
THEME_CANDIDATES = 300  # per kind: theme matches beyond these add nothing a reader goes through
MINIMUM_SCORE = 2.0  # one shared theme, or one telling word well matched
MAX_PROJECT_CODES = 3
MAX_WORDS = 3
MAX_ASKED_TERMS = 40  # a long question's words; more add time, not sense
MAX_PER_ORGANISATION = 2
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

# BM25 (Robertson & Zaragoza): k1 saturates a repeated word, b discounts long texts.
K1 = 1.2
B = 0.75
TITLE_BOOST = 3  # a word in the title counts as often as three in the text
TITLE_QUERY_WEIGHT = 1.5  # a word of the question's title, which says what it is about
PART_WEIGHT = 0.8  # "welzijn" found for "studentenwelzijn": near, not the same
RELATED_WEIGHT = 0.8  # "luchtkwaliteit" found for "fijnstof"
# A word is telling when few entries hold it: idf 2 is about one entry in eight. "leiden" and "onderwijs" are
# far below, "fijnstof" far above. Only telling words make a record a candidate and are quoted as a reason.
TELLING_IDF = 2.0

# How much each signal weighs; a shared theme is chosen by the asker, so it counts as much as a telling word.
TEXT_WEIGHT = 0.5
THEME_WEIGHT = 2.0
LINE_WEIGHT = 4.0
SECTOR_BONUS = 1.0
PROJECT_BONUS = MINIMUM_SCORE  # leading a suggested project is reason enough on its own
LEAD_LIFT = 0.8  # of a suggested project's score, for the organisations that lead it
PROVIDER_LIFT = 0.5  # of a suggested offering's score, for its provider
HOLDER_SHARE = 0.8  # of a suggested line's score, for its holders
WORKS_AT_SHARE = 0.5  # of a suggested organisation's score, for its people
SIMILAR_QUESTIONS = 5
SIMILAR_CANDIDATES = 500  # the newest questions: older ones have been answered or forgotten
SIMILAR_MINIMUM = 4.0  # BM25 of an earlier question against this one: several telling words shared
OFFERED_WEIGHT = MINIMUM_SCORE  # per earlier similar question this person offered help with: enough on its own
ACCEPTED_WEIGHT = 2 * MINIMUM_SCORE  # … and more when the asker took the offer up


@dataclass
class Suggestion:
    entry: SearchEntry
    score: float = 0.0
    line: str = ""  # "holds the line …" and the like
    themes: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    projects: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    offerings: list[str] = field(default_factory=list)  # suggested offerings this organisation provides
    works_at: str = ""  # a person at the lead of suggested projects: "works at Naturalis (2c)"
    helped: list[str] = field(default_factory=list)  # earlier similar questions this person offered help with

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
        if self.offerings:
            titles = ", ".join(f"“{title}”" for title in self.offerings[:MAX_PROJECT_CODES])
            parts.append(_("offers %(offerings)s") % {"offerings": titles})
        if self.works_at:
            parts.append(self.works_at)
        if self.helped:
            parts.append(_("offered help with %(questions)s") % {"questions": ", ".join(f"“{q}”" for q in self.helped)})
        if self.words:
            parts.append(_("mentions %(words)s") % {"words": ", ".join(self.words)})
        return "; ".join(parts)


def suggest(question, *, member: bool) -> list[tuple[Kind, list[Suggestion]]]:
    """(kind, best suggestions) in a fixed order of kinds, for a reader who is a member or not."""
    found: dict[int, Suggestion] = {}
    index = statistics.current()
    entries = _entries(member)
    asker = getattr(question.asker, "person", None)
    if asker is not None:
        entries = entries.exclude(kind=Kind.PERSON, object_id=asker.pk)
        if not question.suggest_own_organisation:
            colleagues = Person.objects.filter(organisation_id=asker.organisation_id).values("pk")
            entries = entries.exclude(kind=Kind.ORGANISATION, object_id=asker.organisation_id).exclude(
                kind=Kind.PERSON, object_id__in=colleagues
            )

    def add(entry: SearchEntry) -> Suggestion:
        return found.setdefault(entry.pk, Suggestion(entry=entry))

    _by_words(question, entries, add, member, index)
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
    _lift_providers(by_kind, entries)
    if member:
        _people_by_work(question, by_kind, entries, index)
    grouped: list[tuple[Kind, list[Suggestion]]] = []
    for kind in KIND_ORDER:
        ranked = sorted(
            (s for s in by_kind.get(kind, []) if s.score >= MINIMUM_SCORE),
            key=lambda s: (-s.score, s.entry.title, s.entry.pk),
        )
        best = _at_most_two_per_organisation(kind, ranked)[:PER_KIND]
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


def _by_words(question, entries, add, member: bool, statistics: IndexStatistics) -> None:
    """Records sharing telling words with the question, weighed by BM25 with the index's own statistics."""
    text = f"{question.title} {question.looking_for}"
    asked = _asked_terms(question.title, question.looking_for, statistics)
    if not asked:
        return
    searched = sorted({word for options in asked.values() for variant in options for word in variant.split()})
    ranked, _complete = backends.match(
        searched, any_term=True, public_only=not member, limit=TEXT_CANDIDATES, titles_first=False
    )
    if not ranked:
        return
    spoken = _spoken_words(text)
    for entry in entries.filter(pk__in=[pk for pk, _score in ranked]):
        score, telling = bm25(asked, entry.terms_title, entry.terms_body, statistics)
        if not telling:  # only words most of the network uses ("leiden", "onderwijs"): chance, not a match
            continue
        suggestion = add(entry)
        suggestion.score += TEXT_WEIGHT * score
        suggestion.words = [_quoted(term, variant, spoken, statistics) for term, variant in telling][:MAX_WORDS]


def _asked_terms(title: str, text: str, statistics: IndexStatistics) -> dict[str, dict[str, float]]:
    """Each term of the question with the index terms that stand for it and how much each counts: the term
    itself, its parts when it is a compound ("studentenwelzijn" → "student", "welzijn"), and its related terms
    (search.related). The question's title says what it is about, so its terms count more."""
    title_words = [term[:MAX_TERM_LENGTH] for term in text_terms(title)]
    in_title = set(title_words)
    words = [term[:MAX_TERM_LENGTH] for term in text_terms(f"{title} {text}")]
    asked: dict[str, dict[str, float]] = {}
    # A phrase of the related terms counts where its words stand together in the question ("welzijn van
    # studenten", or "studentenwelzijn" split), and brings its related terms; its words also count one by one.
    title_words, all_words = statistics.expand_all(title_words), statistics.expand_all(words)
    for phrase in statistics.phrases():
        others = statistics.related_words(phrase)
        if others and occurrences(phrase, all_words):
            weight = TITLE_QUERY_WEIGHT if occurrences(phrase, title_words) else 1.0
            asked[phrase] = {other: weight * RELATED_WEIGHT for other, _written in others}
    for term in dict.fromkeys(words):
        if term in ASKING_WORDS:
            continue
        weight = TITLE_QUERY_WEIGHT if term in in_title else 1.0
        options = {term: weight}
        split = statistics.parts.get(term) or split_compound(term, statistics.frequency.keys())
        for part in split or ():
            options.setdefault(part, weight * PART_WEIGHT)
        for related, _written in statistics.related_words(term):
            options.setdefault(related, weight * RELATED_WEIGHT)
        asked[term] = options
    return dict(list(asked.items())[:MAX_ASKED_TERMS])


def bm25(
    asked: dict[str, dict[str, float]], terms_title: str, terms_body: str, statistics: IndexStatistics
) -> tuple[float, list[tuple[str, str]]]:
    """(score, the telling (asked term, matching index term) pairs, best first) of one entry. A term found in the
    title counts TITLE_BOOST times; each asked term counts once, through whichever of its variants scores best."""
    title_terms = statistics.expand_all(terms_title.split())
    body_terms = statistics.expand_all(terms_body.split())
    title, body = Counter(title_terms), Counter(body_terms)
    length = len(title_terms) + len(body_terms)
    norm = K1 * (1 - B + B * length / statistics.average_length)
    total = 0.0
    found: list[tuple[float, str, str]] = []
    for term, options in asked.items():
        best, best_variant = 0.0, ""
        for variant, weight in options.items():
            if is_phrase(variant):  # counted where all its words stand together, not by each of them
                frequency = TITLE_BOOST * occurrences(variant, title_terms) + occurrences(variant, body_terms)
            else:
                frequency = TITLE_BOOST * title[variant] + body[variant]
            if frequency:
                score = weight * statistics.idf(variant) * frequency * (K1 + 1) / (frequency + norm)
                if score > best:
                    best, best_variant = score, variant
        if best:
            total += best
            if statistics.idf(best_variant) >= TELLING_IDF:
                found.append((best, term, best_variant))
    found.sort(reverse=True)
    return total, [(term, variant) for _score, term, variant in found]


def _spoken_words(text: str) -> dict[str, str]:
    """Each stem of the question with the word the asker used for it, to quote back to them."""
    spoken: dict[str, str] = {}
    for word in fold(text):
        spoken.setdefault(stem(word), word)
    return spoken


def _quoted(term: str, variant: str, spoken: dict[str, str], statistics: IndexStatistics) -> str:
    """The asker's own word in quotes; with the word found when that was a related term (“fijnstof”
    (luchtkwaliteit))."""
    word = f"“{statistics.written(term) if is_phrase(term) else spoken.get(term, term)}”"
    related = dict(statistics.related_words(term))
    return f"{word} ({related[variant]})" if variant in related else word


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
    """An organisation that leads a suggested project is a good first contact: "leads project 2n". The better
    the project fits, the more it lifts its leads."""
    projects = _best(by_kind, Kind.PROJECT, PER_KIND * 2)
    if not projects:
        return
    organisations = {s.entry.object_id: s for s in by_kind.get(Kind.ORGANISATION, [])}
    leads = sorted(
        Project.leads.through.objects.filter(project_id__in=projects).values_list(
            "organisation_id", "project_id", "project__code"
        ),
        key=lambda row: (-projects[row[1]], row[2]),
    )
    missing = {organisation_id for organisation_id, _project, _code in leads} - set(organisations)
    for entry in entries.filter(kind=Kind.ORGANISATION, object_id__in=missing):
        organisations[entry.object_id] = Suggestion(entry=entry)
        by_kind[Kind.ORGANISATION].append(organisations[entry.object_id])
    for organisation_id, project_id, code in leads:
        suggestion = organisations.get(organisation_id)
        if suggestion is None:
            continue
        if not suggestion.projects:  # its best project, once
            suggestion.score += max(PROJECT_BONUS, LEAD_LIFT * projects[project_id])
        suggestion.projects.append(code)


def _lift_providers(by_kind, entries) -> None:
    """An organisation offering a suggested offering can help: "offers “Bouw je eigen windmolen”"."""
    offerings = _best(by_kind, Kind.OFFERING)
    if not offerings:
        return
    organisations = {s.entry.object_id: s for s in by_kind.get(Kind.ORGANISATION, [])}
    provided = sorted(
        Offering.objects.filter(pk__in=offerings).values_list("provider_id", "pk", "title"),
        key=lambda row: (-offerings[row[1]], row[2]),
    )
    missing = {provider for provider, _pk, _title in provided} - set(organisations)
    for entry in entries.filter(kind=Kind.ORGANISATION, object_id__in=missing):
        organisations[entry.object_id] = Suggestion(entry=entry)
        by_kind[Kind.ORGANISATION].append(organisations[entry.object_id])
    for provider, pk, title in provided:
        suggestion = organisations.get(provider)
        if suggestion is None:
            continue
        if not suggestion.offerings:
            suggestion.score += PROVIDER_LIFT * offerings[pk]
        suggestion.offerings.append(title)


def _people_by_work(question, by_kind, entries, index: IndexStatistics) -> None:
    """People by what they do: holders of the suggested lines, the people of the suggested organisations (which
    lead the suggested projects, provide the offerings), and those who offered help with earlier questions like
    this one."""
    people = {s.entry.object_id: s for s in by_kind.get(Kind.PERSON, [])}
    lift: dict[int, float] = defaultdict(float)
    lines = _best(by_kind, Kind.LINE)
    for line_id, person_id, name in Person.held_lines.through.objects.filter(line_id__in=lines).values_list(
        "line_id", "person_id", "line__name"
    ):
        lift[person_id] = max(lift[person_id], HOLDER_SHARE * lines[line_id])
        held = _("holds the line %(line)s") % {"line": name}
        people.setdefault(person_id, Suggestion(entry=None)).line = held  # type: ignore[arg-type]
    organisations = {s.entry.object_id: s for s in by_kind.get(Kind.ORGANISATION, []) if s.score >= MINIMUM_SCORE}
    best = _best(by_kind, Kind.ORGANISATION, PER_KIND * 2)
    for person_id, organisation_id in Person.objects.filter(organisation_id__in=best).values_list(
        "pk", "organisation_id"
    ):
        lift[person_id] = max(lift[person_id], WORKS_AT_SHARE * best[organisation_id])
        place = organisations[organisation_id]
        works = _("works at %(organisation)s") % {"organisation": place.entry.title}
        if place.projects:
            codes = ", ".join(place.projects[:MAX_PROJECT_CODES])
            works = _("works at %(organisation)s, which leads %(projects)s") % {
                "organisation": place.entry.title,
                "projects": codes,
            }
        people.setdefault(person_id, Suggestion(entry=None)).works_at = works  # type: ignore[arg-type]
    helpers = _helpers_of_similar_questions(question, index)
    for person_id, (weight, titles) in helpers.items():
        lift[person_id] += weight
        people.setdefault(person_id, Suggestion(entry=None)).helped = titles  # type: ignore[arg-type]
    missing = [pk for pk, s in people.items() if s.entry is None]
    for entry in entries.filter(kind=Kind.PERSON, object_id__in=missing):
        people[entry.object_id].entry = entry
        by_kind[Kind.PERSON].append(people[entry.object_id])
    for person_id, weight in lift.items():
        if person_id in people and people[person_id].entry is not None:
            people[person_id].score += weight


def _best(by_kind, kind: str, count: int = PER_KIND) -> dict[int, float]:
    """Record id → score of the best suggestions of a kind."""
    shown = sorted((s for s in by_kind.get(kind, []) if s.score >= MINIMUM_SCORE), key=lambda s: -s.score)
    return {s.entry.object_id: s.score for s in shown[:count]}


def similar_questions(question, *, member: bool, index: IndexStatistics | None = None) -> list[Question]:
    """Earlier questions of the network about the same thing, most alike first: several telling words shared."""
    index = index or statistics.current()
    asked = _asked_terms(question.title, question.looking_for, index)
    if not asked:
        return []
    others = (
        Question.objects.exclude(pk=question.pk)
        .annotate(
            offers=Count("responses"),
            accepted=Count("responses", filter=Q(responses__accepted_at__isnull=False)),
        )
        .order_by("-created_at")
    )
    if not member:
        others = others.filter(visibility="public")
    scored = []
    for other in others[:SIMILAR_CANDIDATES]:
        score, telling = bm25(asked, term_string(other.title), term_string(other.looking_for), index)
        if telling and score >= SIMILAR_MINIMUM:
            scored.append((score, other))
    scored.sort(key=lambda pair: (-pair[0], pair[1].pk))
    return [other for _score, other in scored[:SIMILAR_QUESTIONS]]


def _helpers_of_similar_questions(question, index: IndexStatistics) -> dict[int, tuple[float, list[str]]]:
    """Person id → (weight, titles of the similar questions they offered help with)."""
    similar = similar_questions(question, member=True, index=index)
    helpers: dict[int, tuple[float, list[str]]] = {}
    responses = Response.objects.filter(question__in=similar, author__person__isnull=False).values_list(
        "author__person__id", "question__title", "accepted_at"
    )
    for person_id, title, accepted_at in responses:
        weight, titles = helpers.get(person_id, (0.0, []))
        helpers[person_id] = (weight + (ACCEPTED_WEIGHT if accepted_at else OFFERED_WEIGHT), [*titles, title])
    return helpers


def _at_most_two_per_organisation(kind: Kind, ranked: list[Suggestion]) -> list[Suggestion]:
    """The ranking with no more than MAX_PER_ORGANISATION records of one organisation (its people, offerings,
    projects it leads, activities it organises). A project led by several organisations counts for none of them:
    where one organisation leads most of the network's work on a subject (Naturalis on nature in the city), the
    projects it leads with others are still shown."""
    owners_of = {
        Kind.PERSON: lambda ids: Person.objects.filter(pk__in=ids).values_list("pk", "organisation_id"),
        Kind.OFFERING: lambda ids: Offering.objects.filter(pk__in=ids).values_list("pk", "provider_id"),
        Kind.PROJECT: lambda ids: Project.leads.through.objects.filter(project_id__in=ids).values_list(
            "project_id", "organisation_id"
        ),
        Kind.ACTIVITY: lambda ids: Activity.organisers.through.objects.filter(activity_id__in=ids).values_list(
            "activity_id", "organisation_id"
        ),
    }.get(kind)
    if owners_of is None:
        return ranked
    considered = ranked[: PER_KIND * 4]
    owners: dict[int, set[int]] = defaultdict(set)
    for record_id, organisation_id in owners_of([s.entry.object_id for s in considered]):
        owners[record_id].add(organisation_id)
    shown: Counter[int] = Counter()
    kept = []
    for suggestion in considered:
        mine = owners.get(suggestion.entry.object_id, set())
        if len(mine) > 1:  # led or organised together: the network's shared work, not one partner's
            mine = set()
        if any(shown[organisation] >= MAX_PER_ORGANISATION for organisation in mine):
            continue
        shown.update(mine)
        kept.append(suggestion)
    return kept
