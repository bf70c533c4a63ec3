"""The impact model's words come with a one-line plain explanation where the public first meets them."""

import datetime as dt

import pytest

from impact.models import TargetGroup
from impact.services import find_dimension
from impact.terms import TERMS
from programmes.models import ImpactRoute, Programme, ProgrammeLine, ReasoningLine

pytestmark = pytest.mark.django_db


@pytest.fixture
def ambition(org_a):
    programme = Programme.objects.create(
        slug="p",
        name="Programma",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
        publication_status="published",
    )
    line = ProgrammeLine.objects.create(programme=programme, kind="ambition", code="A1", title="Zichtbaar")
    ImpactRoute.objects.create(
        line=line,
        target_group=TargetGroup.objects.get(slug="partners"),
        ring1=find_dimension(1, "Kennis & bewustzijn"),
        ring2=find_dimension(2, "Houding & gedrag"),
        ring3=find_dimension(3, "Structurele verankering"),
    )
    ReasoningLine.objects.create(programme=programme, line=line, title="Van avond naar aanpak")
    return line


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        (
            "",
            [
                "Eerstegraads impact",
                "Tweedegraads impact",
                "Derdegraads impact",
                "Impactroute",
                "Dekking",
                "Redeneerlijn",
            ],
        ),
        ("/en", ["First-degree impact", "Second-degree impact", "Third-degree impact", "Impact route", "Coverage"]),
    ],
)
def test_the_programme_page_explains_each_term_once(client, ambition, prefix, expected):
    html = client.get(f"{prefix}/programmas/p/").content.decode()
    for term in expected:
        assert html.count(f"<dfn>{term}</dfn>: ") == 1, term


def test_the_explanations_come_before_the_figures_routes_and_lines_they_explain(client, ambition):
    html = client.get("/programmas/p/").content.decode()
    assert html.index("<dfn>Eerstegraads impact</dfn>") < html.index('id="routes-heading"')
    assert html.index('id="routes-heading"') < html.index("<dfn>Impactroute</dfn>") < html.index('class="rimpel-rings"')
    assert "wat een activiteit meteen oplevert: wie er kwamen" in html


def test_the_model_page_and_the_route_explorer_explain_their_words(client, ambition):
    model = client.get("/impactmodel/").content.decode()
    assert "<dfn>Impactmodel</dfn>: hoe het netwerk beschrijft" in model
    assert "<dfn>Dimensie</dfn>: " in model
    explorer = client.get(f"/programmas/p/lijnen/{ambition.pk}/route/").content.decode()
    assert "<dfn>Impactroute</dfn>: de weg waarlangs een ambitie verschil wil maken" in explorer
    assert "<dfn>Dimensie</dfn>: " in explorer
    book = client.get("/programmas/p/verhalen/").content.decode()
    assert book.count("<dfn>Impactmodel</dfn>: ") == 1


def test_every_term_is_translated():
    from django.utils import translation

    with translation.override("nl"):
        dutch = {key: (str(entry.term), str(entry.explanation)) for key, entry in TERMS.items()}
    with translation.override("en"):
        english = {key: (str(entry.term), str(entry.explanation)) for key, entry in TERMS.items()}
    for key in TERMS:
        assert dutch[key][0] != english[key][0] or key == "impact_model" and dutch[key][0] == "Impactmodel", key
        assert dutch[key][1] != english[key][1], key
