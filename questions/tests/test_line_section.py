"""The line page shows what questions contributes to it: the open questions members brought to the line."""

import pytest

from questions.models import Question, QuestionStatus, Visibility
from questions.services import save_question
from tests.factories import LineFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def line():
    return LineFactory(name="Taal en lezen", slug="taal-en-lezen")


def bring(line, title: str, visibility: str = Visibility.PUBLIC, **fields) -> Question:
    question = Question(
        title=title, looking_for="Hulp.", asker=UserFactory(), line=line, visibility=visibility, **fields
    )
    return save_question(question, themes=[], sector_codes=[])


def page(client, line) -> str:
    return client.get(f"/en/lijnen/{line.slug}/").content.decode()


def test_open_questions_as_the_reader_may_see_them(anonymous_client, member_client, line):
    bring(line, "Wie leest voor?")
    bring(line, "Alleen voor leden?", visibility=Visibility.MEMBERS)
    bring(line, "Al beantwoord?", status=QuestionStatus.ANSWERED)
    bring(LineFactory(name="Rekenen"), "Een andere lijn?")
    public = page(anonymous_client, line)
    assert "Wie leest voor?" in public
    assert "Alleen voor leden?" not in public
    members = page(member_client, line)
    assert "Wie leest voor?" in members and "Alleen voor leden?" in members
    assert "Al beantwoord?" not in members and "Een andere lijn?" not in members


def test_without_questions_it_invites_one(anonymous_client, line):
    html = page(anonymous_client, line)
    assert "No open questions from members yet." in html
    assert f"/vragen/nieuw/?lijn={line.slug}" in html
