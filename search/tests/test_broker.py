"""The broker's view: open questions without a good match, and introductions between organisations that fit a
question but have never worked together."""

import pytest

from offerings.tests.factories import OfferingFactory
from questions.models import Question
from questions.services import save_question
from search.broker import broker_view
from tests.factories import OrganisationFactory, PersonFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    OrganisationFactory.create_batch(20)  # a network around them, so a word of three records is telling
    home = OrganisationFactory(name="Vragende School")
    stranger = OrganisationFactory(name="Kippenboerderij", description="Wij houden kippen en bouwen een kippenhok.")
    partner = OrganisationFactory(name="Oude Partner", description="Ook wij hebben kippen en een kippenhok.")
    ProjectFactory(code="5k", title="Samen bouwen").partners.set([home, partner])
    OfferingFactory(title="Gastles kippen verzorgen", provider=stranger)
    asker = UserFactory(username="vrager")
    PersonFactory(name="Vera Vraag", organisation=home, user=asker)

    def ask(title: str, text: str) -> Question:
        return save_question(Question(title=title, asker=asker, looking_for=text), themes=[], sector_codes=[])

    return {
        "fits": ask("Kippen op het schoolplein", "Wie helpt ons met kippen en een kippenhok?"),
        "lost": ask("Xylofoonstemming", "Qwertyuiop zxcvb."),
        "stranger": stranger,
    }


def test_unmatched_questions_and_introductions_to_strangers_only(world):
    view = broker_view()
    assert [item.question for item in view.unmatched] == [world["lost"]]
    introductions = [(item.question, item.asker.name, item.other.entry.title) for item in view.introductions]
    assert (world["fits"], "Vragende School", "Kippenboerderij") in introductions
    assert not [name for _q, _a, name in introductions if name == "Oude Partner"]  # they share a project


def test_the_page_is_for_coordinators_in_plain_dutch(world, coordinator_client, client):
    page = coordinator_client.get("/makelaar/").content.decode()
    assert "Open vragen zonder goede match" in page
    assert "Xylofoonstemming" in page and "Kippenboerderij" in page
    assert client.get("/makelaar/").status_code == 302  # to the login page
