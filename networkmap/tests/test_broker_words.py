"""A broker's share of the shortest routes is said in plain words, not as "on 50.2% of the shortest routes"."""

import pytest
from django.utils import translation

from networkmap.shapes import Node


@pytest.mark.parametrize(
    ("betweenness", "dutch"),
    [
        (0.9, "Bijna alle verbindingen tussen andere organisaties lopen via deze organisatie."),
        (0.74, "Ongeveer driekwart van de verbindingen tussen andere organisaties loopt via deze organisatie."),
        (0.502, "Ongeveer de helft van de verbindingen tussen andere organisaties loopt via deze organisatie."),
        (0.26, "Ongeveer 1 op de 4 verbindingen tussen andere organisaties loopt via deze organisatie."),
        (0.004, "Minder dan 1 op de 100 verbindingen tussen andere organisaties loopt via deze organisatie."),
    ],
)
def test_the_share_is_said_as_people_say_it(betweenness, dutch):
    node = Node(id=1, name="Bibliotheek", slug="bibliotheek", sector="cultuur", betweenness=betweenness)
    with translation.override("nl"):
        assert node.betweenness_words == dutch
    with translation.override("en"):
        assert "connections between other organisations" in node.betweenness_words
