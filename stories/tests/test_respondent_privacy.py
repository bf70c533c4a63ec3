"""A respondent's request is met everywhere (issue 20, finding 5): the lookup folds case and accents on every
database, anonymising takes their name out of their own words (page, original words, search index, exports), and
the anonymised story is still found, and erased, by a later request for the same person."""

import csv
import importlib
import io

import openpyxl
import pytest
from django.apps import apps

from exchange.network_export import export_records
from search.models import SearchEntry
from stories import services
from stories.models import Story, StoryPart
from stories.tests.factories import ENCOUNTER, KNOWLEDGE, make_programme, make_story

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

NAME = "Émile Privé-Tester"


@pytest.fixture
def story(org_a):
    programme = make_programme(slug="lnos", organisations=[org_a])
    story = make_story(
        programme=programme,
        consent="named",
        name=NAME,
        email="Emile.Prive@Example.org",
        organisation_name="Privé-Tester BV",
        quote="Émile zegt: kom ook!",
        parts={
            1: (ENCOUNTER, "Ik ben Émile en ik leerde veel van EMILE's collega's."),
            2: (KNOWLEDGE, "Privé-Tester weet nu meer; emiel is een ander."),
        },
    )
    StoryPart.objects.filter(story=story, ring=1).update(original_text="Ik ben emile prive-tester, gewoon ik.")
    return Story.objects.get(pk=story.pk)  # saved again: the search index holds the parts


@pytest.mark.parametrize(
    "query", ["émile privé-tester", "EMILE PRIVE TESTER", "  Émile   Privé Tester ", "emile.prive@example.org"]
)
def test_the_lookup_finds_the_respondent_however_the_name_or_address_is_written(coordinator_client, story, query):
    assert list(services.respondent_stories(query)) == [story]
    page = coordinator_client.get("/en/verhalen/respondent/", {"respondent": query}).content.decode()
    assert f"/verhalen/{story.pk}/" in page


def test_the_lookup_does_not_match_part_of_a_name(story):
    assert not services.respondent_stories("Émile").exists()
    assert not services.respondent_stories("emile.prive@example.net").exists()


def texts(story: Story) -> str:
    parts = StoryPart.objects.filter(story=story)
    return " ".join([story.quote, *(part.text for part in parts), *(part.original_text for part in parts)])


def without_name(text: str) -> bool:
    folded = text.casefold()
    return not any(word in folded for word in ("émile", "emile", "privé", "prive", "tester"))


def test_anonymising_takes_the_name_out_of_everything_and_keeps_the_story_findable(
    coordinator_client, anonymous_client, story
):
    response = coordinator_client.post(
        "/en/verhalen/respondent/", {"respondent": "émile privé-tester", "action": "anonymise"}
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert (story.respondent_name, story.email, story.organisation_name, story.consent) == ("", "", "", "role")
    assert story.quote == "[naam] zegt: kom ook!"
    by_ring = {part.ring: part for part in StoryPart.objects.filter(story=story)}
    assert by_ring[1].text == "Ik ben [naam] en ik leerde veel van [naam]'s collega's."
    assert by_ring[1].original_text == "Ik ben [naam], gewoon ik."
    assert by_ring[2].text == "[naam] weet nu meer; emiel is een ander."  # another word stays
    assert without_name(texts(story))
    assert "emil" not in by_ring[1].stems and "test" not in by_ring[2].stems  # the story book's word filter
    # The page, the search index and the exports.
    assert without_name(anonymous_client.get(f"/en/verhalen/{story.pk}/").content.decode())
    entry = SearchEntry.objects.get(kind="story", object_id=story.pk)
    assert without_name(" ".join([entry.title, entry.summary, entry.terms_title, entry.terms_body]))
    for fmt in ("csv", "xlsx"):
        download = coordinator_client.get("/en/programmas/lnos/verhalen/", {"formaat": fmt})
        assert download.status_code == 200
        assert without_name(sheet_text(download.content, fmt))
        assert "[naam]" in sheet_text(download.content, fmt)
    exported = [*export_records("stories.Story"), *export_records("stories.StoryPart")]
    assert without_name(str(exported))
    # A later request for the same person still finds the story, by name or address, and can erase it.
    assert list(services.respondent_stories("EMILE PRIVÉ-TESTER")) == [story]
    assert list(services.respondent_stories("emile.prive@example.org")) == [story]
    response = coordinator_client.post(
        "/en/verhalen/respondent/", {"respondent": "Émile Privé-Tester", "action": "delete", "confirm": "1"}
    )
    assert response.status_code == 302
    assert not Story.objects.filter(pk=story.pk).exists()


def sheet_text(content: bytes, fmt: str) -> str:
    if fmt == "csv":
        return " ".join(" ".join(row) for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return " ".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None)


def test_anonymising_by_address_takes_out_the_name_the_story_held(story):
    found = services.respondent_stories("EMILE.PRIVE@example.org")
    services.erase_respondent(found, keep_anonymised=True, name="x@y.z")
    story.refresh_from_db()
    assert without_name(texts(story))


def test_anonymising_takes_out_the_name_asked_about_when_the_story_had_none(org_a):
    story = make_story(consent="named", email="jo@example.org", parts={1: (ENCOUNTER, "Ik, Joanna Smit, deed mee.")})
    services.erase_respondent(Story.objects.filter(pk=story.pk), keep_anonymised=True, name="joanna smit")
    assert StoryPart.objects.get(story=story).text == "Ik, [naam], deed mee."


def test_a_story_that_may_not_keep_the_name_keeps_no_reference_to_it():
    story = make_story(consent="role", name="")
    assert (story.name_reference, story.email_reference) == ("", "")


def test_the_migration_keys_the_stories_that_were_there(story):
    Story.objects.filter(pk=story.pk).update(name_reference="", email_reference="")
    migration = importlib.import_module("stories.migrations.0005_story_references")
    migration.fill_references(apps, None)
    assert list(services.respondent_stories("émile privé-tester")) == [story]
    assert list(services.respondent_stories("EMILE.PRIVE@EXAMPLE.ORG")) == [story]
