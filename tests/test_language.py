"""One page speaks one language: with the demo network loaded, the main pages in Dutch carry no English month or
weekday names and none of a list of stray English words, and the English pages none of their Dutch counterparts.

Only the visible text counts (tags, attributes, scripts and styles stripped), and not the parts marked as another
language (`lang="nl"` on a record's Dutch text shown on an English page, WCAG 3.1.2)."""

import re
from decimal import Decimal
from html.parser import HTMLParser

from django.utils import translation

from accounts.models import User
from activities.models import Activity
from network.models import Organisation
from programmes.models import Programme, ProgrammeFigure
from projects.models import Project

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _VisibleText(HTMLParser):
    """The text a reader sees in the page's language: no tags, attributes, scripts, styles, nor parts in another
    language (an element with a lang attribute other than the page's)."""

    HIDDEN = {"script", "style", "template", "noscript"}

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language
        self.parts: list[str] = []
        self.open: list[bool] = []  # per open element: is its content skipped?

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in VOID:
            return
        lang = dict(attrs).get("lang")
        skipped = tag in self.HIDDEN or (lang is not None and lang != self.language)
        self.open.append(skipped or bool(self.open and self.open[-1]))

    def handle_startendtag(self, tag: str, attrs) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID and self.open:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        if not (self.open and self.open[-1]):
            self.parts.append(data)


def visible_text(html: str, language: str) -> str:
    parser = _VisibleText(language)
    parser.feed(html)
    return " ".join(parser.parts)


# Only the names that differ from the Dutch ones ("December", "Jun" and "Dec" are Dutch too); a Dutch page writes
# dates with full month names ("F"), so English abbreviations do not turn up there.
ENGLISH_MONTHS = ["January", "February", "March", "May", "June", "July", "August", "October", "Mar", "Oct"]
ENGLISH_DAYS = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Mon",
    "Tue",
    "Wed",
    "Thu",
    "Fri",
    "Sat",
    "Sun",
]
ENGLISH_WORDS = [
    "items",
    "Draft",
    "Published",
    "Search",
    "Name",
    "Activities",
    "Page",
    "Next",
    "Previous",
    "Organisations",
    "Projects",
]
# Case-sensitive: Dutch month and weekday names are lower case in running text, capitalised at a line's start.
DUTCH_MONTHS = ["januari", "februari", "maart", "mei", "juni", "juli", "augustus", "oktober", "mrt", "okt"]
DUTCH_DAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
DUTCH_WORDS = [
    "Naam",
    "Activiteiten",
    "Zoeken",
    "Volgende",
    "Vorige",
    "Organisaties",
    "Projecten",
    "Pagina",
    "Concept",
    "Gepubliceerd",
]


def _found(text: str, words: list[str]) -> list[str]:
    """Each word found, with a few words around it to show where it stands."""
    text = " ".join(text.split())
    return [
        f"{word}: …{text[max(match.start() - 40, 0) : match.end() + 40]}…"
        for word in words
        if (match := re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text))
    ]


def _paths() -> list[str]:
    organisation = Organisation.objects.filter(slug="hogeschool-leiden").first() or Organisation.objects.first()
    project = Project.objects.filter(publication_status="published").first()
    return [
        "/",
        "/agenda/",
        "/agenda/?weergave=maand",
        "/organisaties/",
        organisation.get_absolute_url(),
        "/projecten/",
        project.get_absolute_url(),
        "/aanbod/",
        "/open-dagen/",
        "/programmas/",
        Programme.objects.get(slug="lnos25").get_absolute_url(),
        "/verhalen/",
        "/zoeken/?q=leraar",
        "/vragen/",
        "/documenten/",
        "/lijnen/",
        "/netwerk/lijst/",
        "/account/mijn-werk/",
        "/gebruikers/",
    ]


def _pages(client, prefix: str, language: str) -> dict[str, str]:
    client.force_login(User.objects.filter(is_coordinator=True).first())
    pages = {}
    for path in _paths():
        response = client.get(prefix + path)
        assert response.status_code == 200, (prefix + path, response.status_code)
        pages[prefix + path] = visible_text(response.content.decode(), language)
    return pages


def test_dutch_pages_speak_dutch(demo_network, db, client):
    problems = {
        path: found
        for path, text in _pages(client, "", "nl").items()
        if (found := _found(text, ENGLISH_MONTHS + ENGLISH_DAYS + ENGLISH_WORDS))
    }
    assert not problems, problems


def test_english_pages_speak_english(demo_network, db, client):
    problems = {
        path: found
        for path, text in _pages(client, "/en", "en").items()
        if (found := _found(text, DUTCH_MONTHS + DUTCH_DAYS + DUTCH_WORDS))
    }
    assert not problems, problems


def test_figures_in_choice_labels_are_in_the_pages_number_format():
    figure = ProgrammeFigure(label="Deelnemers", value=Decimal("17000.00"))
    with translation.override("nl"):
        assert str(figure) == "Deelnemers: 17.000"
    with translation.override("en"):
        assert str(figure) == "Deelnemers: 17,000"


def _form_paths() -> list[str]:
    programme = Programme.objects.get(slug="lnos25")
    activity = Activity.objects.filter(programme_actions__line__programme=programme).first()
    project = Project.objects.filter(publication_status="published").first()
    return [
        f"/agenda/{activity.slug}/cijfers/",
        f"/agenda/{activity.slug}/bewerken/",
        "/agenda/nieuw/",
        f"/programmas/{programme.slug}/redeneerlijnen/nieuw/",
        f"/programmas/{programme.slug}/bewerken/",
        f"/projecten/{project.slug}/bewerken/",
        "/projecten/nieuw/",
        "/vragen/nieuw/",
        "/aanbod/nieuw/",
    ]


def test_dutch_form_pages_speak_dutch(demo_network, db, client):
    """The forms, logged in as a coordinator: labels, legends, help texts and choices in Dutch too."""
    client.force_login(User.objects.filter(is_coordinator=True).first())
    problems = {}
    for path in _form_paths():
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        text = visible_text(response.content.decode(), "nl")
        if found := _found(text, ENGLISH_MONTHS + ENGLISH_DAYS + ENGLISH_WORDS + ["Position", "Slug"]):
            problems[path] = found
    assert not problems, problems
