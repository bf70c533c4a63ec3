"""The network's identity page (network.identity, network.views_identity): shown to all, edited by coordinators,
rich text cleaned, and the home page follows at once."""

import pytest
from django.core.cache import caches
from django.urls import reverse

from network import identity
from network.models import NetworkProfile, NetworkRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile():
    profile = NetworkProfile.objects.create(
        name="Leiden Education Fieldlab",
        short_name="het LEF",
        ambition="<p>Beweging in het onderwijs.</p>",
        history="<p>Gestart in 2018.</p>",
        slogan="Onderwijs is avontuur!",
    )
    NetworkRole.objects.create(profile=profile, key="platform", name="Platform", text="Laat zien.", position=0)
    NetworkRole.objects.create(profile=profile, key="pionier", name="Pionier", text="Probeert uit.", position=2)
    return profile


def _post_data(**changes: str) -> dict[str, str]:
    data = {
        "name": "Leiden Education Fieldlab",
        "short_name": "het LEF",
        "ambition": "Meer beweging.",
        "purpose": "Onderwijs is avontuur.",
        "organisational_form": "Een ruimte en een platform.",
        "history": "Het begon in 2017.\n\nIn 2019 opende de ruimte.",
        "values": "Ontmoeting\nLeren",
        "slogan": "Ik zie je in het LEF",
    }
    for kind in identity.ROLES:
        data[f"role_{kind.key}_name"] = kind.name
        data[f"role_{kind.key}_text"] = f"Wat {kind.name} doet."
    data.update(changes)
    return data


def test_save_profile_cleans_rich_text_and_saves_the_four_roles():
    profile = NetworkProfile(
        name="Netwerk",
        ambition='<p onclick="x()">Samen</p><script>alert(1)</script>',
        history="Regel een\n\nRegel 2 & 3",
    )
    roles = {
        kind.key: {"name": "", "name_en": "", "text": f"Tekst {kind.key}", "text_en": ""} for kind in identity.ROLES
    }
    identity.save_profile(profile, roles)
    profile.refresh_from_db()
    assert profile.ambition == "<p>Samen</p>"
    assert profile.history == "<p>Regel een</p><p>Regel 2 &amp; 3</p>"
    assert [role.key for role in profile.roles.all()] == ["platform", "makelaar", "pionier", "verdiepen"]
    assert profile.roles.get(key="makelaar").name_en == "Broker"  # an empty name takes the role's own


def test_a_role_without_text_leaves_the_page(profile):
    roles = {"pionier": {"name": "Pionier", "name_en": "", "text": " ", "text_en": ""}}
    identity.save_profile(profile, roles)
    assert list(profile.roles.values_list("key", flat=True)) == ["platform"]


def test_each_role_shows_what_the_platform_shows_for_it(profile):
    shown = {item.role.key: item.links for item in identity.roles_shown(profile)}
    assert (reverse("activities:calendar"), "De agenda") in shown["platform"]
    assert (reverse("projects:portfolio"), "Projecten") in shown["pionier"]


def test_the_page_shows_the_identity_and_its_history(client, profile):
    page = client.get(reverse("network:identity")).content.decode()
    assert "Over het LEF" in page
    assert "<p>Gestart in 2018.</p>" in page  # the history, shown at last
    assert "Onderwijs is avontuur!" in page
    assert reverse("projects:portfolio") in page
    assert reverse("network:identity_edit") not in page  # visitors see no edit link


def test_the_page_without_a_profile(client):
    assert "heeft zichzelf nog niet beschreven" in client.get(reverse("network:identity")).content.decode()


@pytest.fixture
def page_cache_on(settings):
    """The page cache on, as in production: the edit must renew the "pages" topic for the home page to change."""
    settings.PAGE_CACHE_SECONDS = 600
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def test_a_coordinator_edits_and_the_home_page_shows_it_at_once(coordinator_client, client, profile, page_cache_on):
    assert "Meer beweging." not in client.get(reverse("home:home")).content.decode()  # now in the page cache

    response = coordinator_client.post(reverse("network:identity_edit"), _post_data())

    assert response.status_code == 302 and response["Location"] == reverse("network:identity")
    home = client.get(reverse("home:home")).content.decode()
    assert "<p>Meer beweging.</p>" in home and "Ik zie je in het LEF" in home
    assert f'href="{reverse("network:identity")}"' in home  # linked from the home page and the footer
    page = client.get(reverse("network:identity")).content.decode()
    assert "<p>Het begon in 2017.</p><p>In 2019 opende de ruimte.</p>" in page
    assert NetworkProfile.objects.count() == 1 and profile.roles.count() == 4


def test_the_first_edit_makes_the_profile(coordinator_client):
    coordinator_client.post(reverse("network:identity_edit"), _post_data(name="Ons netwerk"))
    assert NetworkProfile.objects.get().name == "Ons netwerk"


def test_a_form_with_errors_keeps_what_was_typed(coordinator_client, profile):
    response = coordinator_client.post(reverse("network:identity_edit"), _post_data(name="", ambition="Mijn <tekst>"))
    page = response.content.decode()
    assert response.status_code == 200 and "Mijn &lt;tekst&gt;" in page
    assert NetworkProfile.objects.get().ambition == "<p>Beweging in het onderwijs.</p>"


def test_hostile_input_is_cleaned_not_an_error(coordinator_client, profile):
    response = coordinator_client.post(
        reverse("network:identity_edit"),
        _post_data(history='<a href="javascript:alert(1)">klik</a><img src=x onerror=alert(1)>', slogan="x" * 400),
    )
    assert response.status_code == 200  # the slogan is too long: the form says so
    response = coordinator_client.post(
        reverse("network:identity_edit"), _post_data(history='<a href="javascript:alert(1)">klik</a><img src=x>')
    )
    assert response.status_code == 302
    assert NetworkProfile.objects.get().history == '<a rel="noopener noreferrer">klik</a>'


def test_editors_may_not_edit_the_identity(editor_a_client):
    assert editor_a_client.get(reverse("network:identity_edit")).status_code == 403


def test_the_edit_form_shows_the_current_texts(coordinator_client, profile):
    page = coordinator_client.get(reverse("network:identity_edit")).content.decode()
    assert "Laat zien." in page and "Onderwijs is avontuur!" in page


def test_coordinators_find_the_themes_and_the_identity_on_their_work_page(coordinator_client):
    page = coordinator_client.get(reverse("home:dashboard")).content.decode()
    assert reverse("network:theme_list") in page and reverse("network:identity_edit") in page


def test_the_english_page_shows_the_english_texts(client, profile):
    profile.ambition_en = "<p>Movement in education.</p>"
    profile.save()
    NetworkRole.objects.filter(key="pionier").update(name_en="Pioneer")
    page = client.get("/en" + reverse("network:identity")).content.decode()
    assert "<p>Movement in education.</p>" in page and "Pioneer" in page and "Our history" in page
    assert "<p>Gestart in 2018.</p>" in page  # no English history: the Dutch one
