"""The lines (zichtlijnen and dwarslijnen) with holders, purpose, questions and meetings."""

import pytest

from core.models import PublicationStatus
from tests.factories import (
    ActivityFactory,
    LineFactory,
    LineQuestionFactory,
    PersonFactory,
    ThemeFactory,
    bulk_activities,
    in_days,
)

pytestmark = pytest.mark.django_db

LIST_URL = "/lijnen/"


@pytest.fixture
def language_line(org_a):
    line = LineFactory(name="Taal en lezen", kind="zichtlijn", purpose="Elk kind leest met plezier.")
    line.holders.add(PersonFactory(name="Anna de Boer", organisation=org_a, email="anna@example.org"))
    LineQuestionFactory(line=line, text="Hoe bereiken we ouders?")
    ActivityFactory(title="Leesoverleg", organisers=[org_a], lines=[line], start=in_days(3))
    ActivityFactory(title="Later leesoverleg", organisers=[org_a], lines=[line], start=in_days(40))
    ActivityFactory(title="Oud leesoverleg", organisers=[org_a], lines=[line], start=in_days(-10))
    return line


class TestList:
    def test_sight_lines_then_cross_lines_with_holders_purpose_and_next_meeting(self, anonymous_client, language_line):
        LineFactory(name="Natuur dwars", kind="dwarslijn")
        response = anonymous_client.get(LIST_URL)
        html = response.content.decode()
        assert response.status_code == 200
        # Zichtlijnen first, then dwarslijnen.
        assert [line.name for group in response.context["groups"] for line in group["lines"]] == [
            "Taal en lezen",
            "Natuur dwars",
        ]
        assert "Elk kind leest met plezier." in html
        assert "Anna de Boer (Organisatie A)" in html
        assert "Leesoverleg" in html
        assert "Later leesoverleg" not in html  # only the next meeting
        assert "Oud leesoverleg" not in html
        # Contact details are for members only.
        assert "anna@example.org" not in html

    def test_draft_meeting_is_not_the_next_meeting_for_the_public(self, anonymous_client, editor_a_client, org_a):
        line = LineFactory(name="Rekenen")
        ActivityFactory(
            title="Geheim overleg",
            organisers=[org_a],
            lines=[line],
            start=in_days(1),
            publication_status=PublicationStatus.DRAFT,
        )
        assert "Geheim overleg" not in anonymous_client.get(LIST_URL).content.decode()
        assert "Geheim overleg" in editor_a_client.get(LIST_URL).content.decode()


def _fill_lines(count, start=0):
    theme = ThemeFactory(name="Lijnthema")
    holders = PersonFactory.create_batch(4)
    meetings = []
    for number in range(start, start + count):
        line = LineFactory(name=f"Lijn {number:03d}", kind="zichtlijn" if number % 2 else "dwarslijn")
        line.themes.add(theme)
        line.holders.add(holders[number % 4], holders[(number + 1) % 4])
        LineQuestionFactory(line=line)
        meetings.append({"start": in_days(number % 30 + 1), "lines": [line], "organisers": [holders[0].organisation]})
    bulk_activities(meetings)


@pytest.mark.parametrize("persona", ["anonymous_client", "editor_a_client"])
def test_list_query_count_does_not_grow_with_rows(request, persona, count_queries):
    client = request.getfixturevalue(persona)
    _fill_lines(10)
    _response, with_few = count_queries(client, LIST_URL)
    _fill_lines(190, start=10)
    response, with_many = count_queries(client, LIST_URL)
    assert sum(len(group["lines"]) for group in response.context["groups"]) == 200
    assert with_few == with_many, f"{with_few} queries with 10 rows, {with_many} with 200"


class TestDetail:
    def test_shows_purpose_holders_questions_and_upcoming_meetings(self, anonymous_client, language_line):
        response = anonymous_client.get(language_line.get_absolute_url())
        html = response.content.decode()
        assert response.status_code == 200
        assert "Elk kind leest met plezier." in html
        assert "Anna de Boer" in html and "anna@example.org" not in html
        assert "Hoe bereiken we ouders?" in html
        assert [a.title for a in response.context["meetings"]] == ["Leesoverleg", "Later leesoverleg"]
        assert f"/agenda/?lijn={language_line.slug}" in html

    def test_holder_contact_for_logged_in_users(self, editor_b_client, language_line):
        assert "anna@example.org" in editor_b_client.get(language_line.get_absolute_url()).content.decode()

    def test_missing_line_is_404(self, anonymous_client):
        assert anonymous_client.get("/lijnen/bestaat-niet/").status_code == 404
