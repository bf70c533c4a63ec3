"""Names in cells turned into records: organisations (by name or abbreviation, with a "did you mean" for near
misses), themes, the impact model's dimensions (despite spelling variants), a programme's lines and activities.

Each lookup loads what it compares against once per import, so a sheet of 100,000 rows asks the database a
handful of times rather than once per cell.
"""

import datetime as dt
import difflib
import functools
from collections.abc import Callable
from typing import Any

from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from accounts.models import User
from activities.models import Activity
from core.text import SUGGEST_CUTOFF, close_match, normalise_key
from exchange.cells import CellError, Noted, split_list, stemmed
from impact.models import Dimension
from network.models import Line, Organisation, OrganisationAlias, Theme
from programmes.models import Programme, ProgrammeLine

# How alike a name must be to be offered as "did you mean"; taking one without asking needs SUGGEST_CUTOFF.
MENTION_CUTOFF = 0.6


def nearest(wanted: str, known: dict[str, Any], count: int = 3) -> list[tuple[float, Any]]:
    """The known records most like a folded name, best first, with how alike they are: by spelling, or by one
    name holding the other ("Nacht van de Leraar" in "Nacht van de Leraar 2025"), which counts as a sure match
    when it is the only one."""
    scores: dict[int, tuple[float, Any]] = {}
    inside = [record for key, record in known.items() if len(wanted) >= 4 and (wanted in key or key in wanted)]
    for record in inside:
        scores[id(record)] = (SUGGEST_CUTOFF if len({id(other) for other in inside}) == 1 else MENTION_CUTOFF, record)
    for key in difflib.get_close_matches(wanted, list(known), n=count, cutoff=MENTION_CUTOFF):
        ratio = difflib.SequenceMatcher(None, wanted, key).ratio()
        if ratio > scores.get(id(known[key]), (0.0, None))[0]:
            scores[id(known[key])] = (ratio, known[key])
    return sorted(scores.values(), key=lambda scored: -scored[0])[:count]


class Lookups:
    def __init__(
        self, programme: Programme | None = None, user: User | None = None, accept_suggestions: bool = False
    ) -> None:
        self.programme = programme
        self.user = user
        self.accept_suggestions = accept_suggestions
        self._memo: dict[Any, Any] = {}

    def remembered_value(self, key: object, make: Callable[[], Any]) -> Any:
        """make() once per import, e.g. the slugs already taken, which each new record then adds to."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def _remembered(self, key: object, find: Callable[[], Any]) -> Any:
        """find() once per distinct cell: the same unknown name on a thousand rows is looked up once."""
        if key not in self._memo:
            try:
                self._memo[key] = find()
            except CellError as error:
                self._memo[key] = error
        if isinstance(self._memo[key], CellError):
            raise self._memo[key]
        return self._memo[key]

    @functools.cached_property
    def _organisations(self) -> tuple[dict[str, int], dict[str, int], dict[int, Organisation]]:
        """(exact alias → id, folded name or alias → id, id → organisation)."""
        by_id = {organisation.pk: organisation for organisation in Organisation.objects.all()}
        exact, folded = {}, {}
        shared = set()
        for organisation in by_id.values():
            if organisation.name_key in folded:
                shared.add(organisation.name_key)
            folded[organisation.name_key] = organisation.pk
        for name_key in shared:  # schools of one name in several towns: the name alone names none of them
            del folded[name_key]
        for alias in OrganisationAlias.objects.all():
            exact[alias.alias.casefold()] = alias.organisation_id
            folded.setdefault(alias.key, alias.organisation_id)
        return exact, folded, by_id

    def known_organisation(self, cell: str) -> Organisation | None:
        """The organisation a name or abbreviation stands for exactly, without suggestions."""
        exact, folded, by_id = self._organisations
        found = exact.get(cell.strip().casefold()) or folded.get(normalise_key(cell))
        return by_id[found] if found else None

    def organisation(self, cell: str) -> Noted:
        """The organisation a name or abbreviation stands for; raises CellError with a suggestion when unknown."""
        return self._remembered(("organisation", cell), lambda: self._organisation(cell))

    def _organisation(self, cell: str) -> Noted:
        cleaned = cell.strip()
        if not cleaned:
            return Noted(None)
        known = self.known_organisation(cleaned)
        if known is not None:
            return Noted(known)
        _exact, folded, by_id = self._organisations
        near = close_match(normalise_key(cleaned), folded)
        if near is None:
            raise CellError(
                _(
                    "Unknown organisation “%(value)s”. Add it to the network first, or use its name or "
                    "abbreviation as rimpel knows it."
                )
                % {"value": cleaned}
            )
        suggestion = by_id[folded[near]]
        if self.accept_suggestions:
            return Noted(suggestion, [_("“%(value)s” read as %(name)s.") % {"value": cleaned, "name": suggestion.name}])
        raise CellError(
            _("Unknown organisation “%(value)s”. Did you mean %(name)s?") % {"value": cleaned, "name": suggestion.name}
        )

    def organisations(self, cell: str) -> Noted:
        """Several organisations in one cell: "HsL, UL/FSW; Gemeente Leiden". The cell as a whole is tried
        first, since names may hold a comma."""
        try:
            whole = self.organisation(cell)
            return Noted([whole.value] if whole.value else [], whole.notices)
        except CellError:
            pass
        found, notices, errors = [], [], []
        for part in split_list(cell):
            try:
                organisation = self.organisation(part)
            except CellError as error:
                errors.append(str(error))
                continue
            if organisation.value not in found:
                found.append(organisation.value)
            notices += organisation.notices
        if errors:
            raise CellError(" ".join(errors))
        return Noted(found, notices)

    def optional_organisation(self, cell: str) -> Noted:
        """An organisation as organisation() finds it; one that is not found is left out with a remark (and the
        nearest names), or taken when the user accepts suggestions and it is alike enough."""
        found = self.optional_organisations(cell)
        return Noted(found.value[0] if found.value else None, found.notices)

    def optional_organisations(self, cell: str) -> Noted:
        """Several organisations as organisations() finds them; those not found are left out with a remark."""
        return self._remembered(("optional organisations", cell), lambda: self._optional_organisations(cell))

    def _optional_organisations(self, cell: str) -> Noted:
        try:
            return self.organisations(cell)
        except CellError:
            pass
        _exact, folded, by_id = self._organisations
        by_name = {key: by_id[pk] for key, pk in folded.items()}
        found: list[Organisation] = []
        notices: list[str] = []
        for part in split_list(cell):
            try:
                known = self.organisation(part)
            except CellError:
                known = self._suggested(
                    part,
                    nearest(normalise_key(part), by_name),
                    str,
                    _("Unknown organisation “%(value)s”."),
                    _("It is left out."),
                )
            if known.value is not None and known.value not in found:
                found.append(known.value)
            notices += known.notices
        return Noted(found, notices)

    def optional_themes(self, cell: str) -> Noted:
        """Themes by name; one that is not known is left out with a remark (and the nearest names), or taken when
        the user accepts suggestions and it is alike enough."""
        return self._remembered(("optional themes", cell), lambda: self._optional_themes(cell))

    def _optional_themes(self, cell: str) -> Noted:
        found: list[Theme] = []
        notices: list[str] = []
        for part in split_list(cell):
            theme = self._themes.get(normalise_key(part))
            if theme is None:
                near = self._suggested(
                    part,
                    nearest(normalise_key(part), self._themes),
                    str,
                    _("Unknown theme “%(value)s”."),
                    _("It is left out."),
                )
                theme, notices = near.value, notices + near.notices
            if theme is not None and theme not in found:
                found.append(theme)
        return Noted(found, notices)

    @functools.cached_property
    def _network_lines(self) -> dict[str, Line]:
        lines = {}
        for line in Line.objects.all():
            lines[normalise_key(line.name)] = line
            lines.setdefault(line.slug, line)
        return lines

    def optional_network_lines(self, cell: str) -> Noted:
        """The network's lines (zichtlijnen, dwarslijnen) by name or web address; one that is not found is left out
        with a remark, as for optional_themes."""
        return self._remembered(("optional network lines", cell), lambda: self._optional_network_lines(cell))

    def _optional_network_lines(self, cell: str) -> Noted:
        found: list[Line] = []
        notices: list[str] = []
        for part in split_list(cell):
            line = self._network_lines.get(normalise_key(part)) or self._network_lines.get(
                part.rstrip("/").rsplit("/", 1)[-1]
            )
            if line is None:
                near = self._suggested(
                    part,
                    nearest(normalise_key(part), self._network_lines),
                    str,
                    _("No line is called “%(value)s”."),
                    _("It is left out."),
                )
                line, notices = near.value, notices + near.notices
            if line is not None and line not in found:
                found.append(line)
        return Noted(found, notices)

    @functools.cached_property
    def _themes(self) -> dict[str, Theme]:
        themes = {}
        for theme in Theme.objects.all():
            for name in (theme.name, theme.name_en, theme.slug):
                if name:
                    themes[normalise_key(name)] = theme
        return themes

    @functools.cached_property
    def _dimensions(self) -> dict[int, dict[str, Dimension]]:
        by_ring: dict[int, dict[str, Dimension]] = {1: {}, 2: {}, 3: {}}
        for dimension in Dimension.objects.select_related("ring").order_by("retired", "pk"):
            for name in (dimension.name, dimension.name_en):
                if name:
                    by_ring.setdefault(dimension.ring.number, {}).setdefault(stemmed(name), dimension)
        return by_ring

    def dimension(self, ring: int, cell: str) -> Noted:
        """A ring's dimension by its Dutch or English name, forgiving case, accents, '&' for 'en', hyphens, plural
        and singular; a near miss is taken with a notice."""
        return self._remembered(("dimension", ring, cell), lambda: self._dimension(ring, cell))

    def _dimension(self, ring: int, cell: str) -> Noted:
        if not cell.strip():
            return Noted(None)
        known = self._dimensions.get(ring, {})
        wanted = stemmed(cell)
        if wanted in known:
            return Noted(known[wanted])
        near = close_match(wanted, known)
        if near is None:
            raise CellError(
                _("Ring %(ring)s has no dimension “%(value)s”. Its dimensions: %(known)s.")
                % {
                    "ring": ring,
                    "value": cell.strip(),
                    "known": ", ".join(sorted({dimension.name for dimension in known.values()})),
                }
            )
        return Noted(
            known[near], [_("“%(value)s” read as %(name)s.") % {"value": cell.strip(), "name": known[near].name}]
        )

    @functools.cached_property
    def _lines(self) -> dict[str, ProgrammeLine]:
        lines = {}
        if self.programme is not None:
            for line in ProgrammeLine.objects.filter(programme=self.programme):
                lines[normalise_key(line.code)] = line
                lines.setdefault(normalise_key(line.title), line)
        return lines

    def programme_line(self, cell: str) -> ProgrammeLine | None:
        if not cell.strip():
            return None
        # "A1 Brede vorming": the code in front of the title.
        line = self._lines.get(normalise_key(cell)) or self._lines.get(normalise_key(cell.split()[0]))
        if line is None:
            raise CellError(
                _("The programme has no line “%(value)s”. Use its code: %(known)s.")
                % {"value": cell.strip(), "known": ", ".join(sorted({line.code for line in self._lines.values()}))}
            )
        return line

    def optional_line(self, cell: str) -> Noted:
        """A programme line by code or name, spelled loosely; one that is not found is left out with a remark
        (and the nearest ones), or taken when the user accepts suggestions and it is alike enough."""
        return self._remembered(("optional line", cell), lambda: self._optional_line(cell))

    def _optional_line(self, cell: str) -> Noted:
        try:
            return Noted(self.programme_line(cell))
        except CellError:
            pass
        by_title = {normalise_key(line.title): line for line in self._lines.values()}
        return self._suggested(
            cell, nearest(normalise_key(cell), by_title), str, _("The programme has no ambition “%(value)s”.")
        )

    def optional_activity(self, cell: str, on: dt.date | None = None) -> Noted:
        """An activity as activity() finds it, or by a name spelled otherwise than in the calendar; one that is not
        found is left out with a remark, as for optional_line."""
        return self._remembered(("optional activity", cell, on), lambda: self._optional_activity(cell, on))

    def _optional_activity(self, cell: str, on: dt.date | None) -> Noted:
        try:
            return Noted(self.activity(cell, on))
        except CellError as error:
            if normalise_key(cell) in self._activities:  # several of that name: the user has to say which
                return Noted(None, [str(error)])
        by_title = {
            key: activities[0]
            for key, activities in self._activities.items()
            if len(activities) == 1 or key == normalise_key(activities[0].title)
        }
        found = nearest(normalise_key(cell), by_title)
        if on is not None:
            found = [scored for scored in found if scored[1].local_start.date() == on] or found
        return self._suggested(cell, found, _activity_name, _("No activity is called “%(value)s”."))

    def _suggested(
        self,
        cell: str,
        found: list[tuple[float, Any]],
        name: Callable[[Any], str],
        unknown: str,
        left_out: str | None = None,
    ) -> Noted:
        """The nearest record when suggestions are accepted and it is alike enough; else nothing, with the nearest
        names and what happens without it (the row imports without the value, unless left_out says otherwise)."""
        cleaned = cell.strip()
        if found and self.accept_suggestions and found[0][0] >= SUGGEST_CUTOFF:
            return Noted(
                found[0][1], [_("“%(value)s” read as %(name)s.") % {"value": cleaned, "name": name(found[0][1])}]
            )
        message = unknown % {"value": cleaned}
        if found:
            message += " " + _("Did you mean %(names)s?") % {
                "names": get_text_list([name(record) for _ratio, record in found], _("or"))
            }
        return Noted(None, [message + " " + (left_out or _("The row is imported without it."))])

    @functools.cached_property
    def _activities(self) -> dict[str, list[Activity]]:
        activities: dict[str, list[Activity]] = {}
        for activity in Activity.objects.only("pk", "title", "slug", "start"):
            activities.setdefault(normalise_key(activity.title), []).append(activity)
            activities.setdefault(activity.slug, []).append(activity)
        return activities

    def activity(self, cell: str, on: dt.date | None = None) -> Activity | None:
        """An activity by its title (on a date, when the title comes back every year) or its web address's slug."""
        cleaned = cell.strip()
        if not cleaned:
            return None
        found = self._activities.get(cleaned.rstrip("/").rsplit("/", 1)[-1]) or self._activities.get(
            normalise_key(cleaned), []
        )
        # A slug that reads like the title ("nacht" for "Nacht") lists the same activity twice.
        candidates = list({activity.pk: activity for activity in found}.values())
        if on is not None and len(candidates) > 1:
            candidates = [activity for activity in candidates if activity.local_start.date() == on] or candidates
        if not candidates:
            raise CellError(_("No activity is called “%(value)s”.") % {"value": cleaned})
        if len(candidates) > 1:
            raise CellError(
                _(
                    "Several activities are called “%(value)s”; add the date, or use the last part of the "
                    "activity's web address."
                )
                % {"value": cleaned}
            )
        return candidates[0]


def _activity_name(activity: Activity) -> str:
    return f"{activity.title} ({activity.local_start:%d-%m-%Y})"
