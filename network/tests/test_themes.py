"""Themes kept by coordinators (network.themes, network.views_themes): counts, add, rename, retire and restore, and
a merge that every record follows."""

import pytest
from django.urls import reverse

from network import themes
from network.forms import OrganisationForm
from network.models import Line, Organisation, Theme, ThemeMerge
from network.theme_fields import ThemesField
from offerings.tests.factories import OfferingFactory
from projects.forms import ProjectForm
from projects.models import Project
from questions.models import Question
from questions.services import save_question
from search.models import SearchEntry
from stories.tests.factories import make_story
from tests.factories import (
    ActivityFactory,
    DocumentFactory,
    LineFactory,
    OrganisationFactory,
    ProjectFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_every_relation_to_a_theme_is_named():
    """A new foreign key or many-to-many to Theme fails here until themes.RELATION_LABELS names it (and
    test_a_merge_moves_every_relation builds a row of it): decide whether its records follow a merge."""
    assert {relation.key for relation in themes.relations()} == set(themes.RELATION_LABELS)


def _one_of_everything(gone: Theme, stays: Theme) -> dict[str, object]:
    """A record of every kind with the theme that goes; the project has both."""
    organisation = OrganisationFactory()
    organisation.themes.add(gone)
    line = LineFactory()
    line.themes.add(gone)
    project = ProjectFactory(leads=[organisation])
    project.themes.add(gone, stays)
    offering = OfferingFactory(provider=organisation)
    offering.themes.add(gone)
    question = save_question(
        Question(title="Wie helpt?", looking_for="Een partner.", asker=UserFactory()), themes=[gone], sector_codes=[]
    )
    story = make_story()
    story.themes.add(gone)
    earlier = ThemeMerge.objects.create(stays=gone, gone_name="Oud", gone_slug="oud", moved={})
    document = DocumentFactory()
    document.themes.add(gone)
    return {
        "network.organisation.themes": organisation,
        "network.line.themes": line,
        "activities.activity.themes": ActivityFactory(themes=[gone]),
        "projects.project.themes": project,
        "offerings.offering.themes": offering,
        "questions.question.themes": question,
        "stories.story.themes": story,
        "documents.document.themes": document,
        themes.MERGES: earlier,
    }


def test_a_merge_moves_every_relation_and_is_logged():
    gone, stays = ThemeFactory(name="Burgerschap"), ThemeFactory(name="Democratie")
    rows = _one_of_everything(gone, stays)
    assert set(rows) == set(themes.RELATION_LABELS), "build a row of every relation the merge knows"
    coordinator = UserFactory(is_coordinator=True)

    merge = themes.merge_themes(gone, stays, by=coordinator)

    assert not Theme.objects.filter(pk=gone.pk).exists()
    for relation in themes.relations():
        assert relation.model._base_manager.filter(**{relation.field: stays}).exists(), relation.key
    project = rows["projects.project.themes"]
    assert isinstance(project, Project)
    assert list(project.themes.all()) == [stays]  # had both: keeps one
    assert merge.merged_by == coordinator and merge.gone_name == "Burgerschap"
    assert merge.moved["projects.project.themes"] == 1
    assert dict(themes.moved_shown(merge.moved))["organisaties"] == 1
    assert ThemeMerge.objects.get(gone_name="Oud").stays == stays


def test_a_merge_renews_the_search_entries_of_its_records():
    gone, stays = ThemeFactory(name="Burgerschap"), ThemeFactory(name="Democratie")
    project = ProjectFactory()
    project.themes.add(gone)
    themes.merge_themes(gone, stays, by=None)
    entry = SearchEntry.objects.get(kind="project", object_id=project.pk)
    assert f" {stays.slug} " in entry.themes and gone.slug not in entry.themes


def test_a_rename_keeps_the_slug_and_renews_the_search_entries():
    theme = ThemeFactory(name="Lezen")
    project = ProjectFactory()
    project.themes.add(theme)
    theme.name = "Lezen en schrijven"
    themes.save_theme(theme)
    assert Theme.objects.get(pk=theme.pk).slug == "lezen"
    assert "schrijf" in SearchEntry.objects.get(kind="project", object_id=project.pk).terms_body


def test_a_new_theme_gets_a_free_slug():
    ThemeFactory(name="Lezen")
    assert themes.save_theme(Theme(name="Lezen!")).slug == "lezen-2"


def test_merging_a_theme_into_itself_is_refused():
    theme = ThemeFactory()
    with pytest.raises(themes.MergeRefused):
        themes.merge_themes(theme, theme, by=None)


def test_the_rows_count_the_records_of_each_kind():
    theme, unused = ThemeFactory(name="Natuur"), ThemeFactory(name="Leeg")
    ProjectFactory().themes.add(theme)
    ProjectFactory().themes.add(theme)
    ActivityFactory(themes=[theme])
    rows = {row.theme: row for row in themes.theme_rows()}
    assert rows[theme].total == 3 and ("projecten", 2) in rows[theme].counts
    assert rows[unused].counts == []


def test_a_retired_theme_is_not_offered_but_a_record_keeps_it():
    retired, offered = ThemeFactory(name="Oud thema"), ThemeFactory(name="Nieuw thema")
    themes.set_retired(retired, True)
    organisation = OrganisationFactory()
    organisation.themes.add(retired)

    assert list(Theme.objects.offered()) == [offered]
    fresh = OrganisationForm(may_restructure=True)
    assert "Oud thema" not in str(fresh["themes"]) and "Nieuw thema" in str(fresh["themes"])
    editing = OrganisationForm(instance=organisation, may_restructure=True)
    assert "Oud thema" in str(editing["themes"])  # kept: saving does not drop it
    field = ThemesField()
    assert list(field.clean([str(retired.pk)])) == [retired]

    themes.set_retired(retired, False)
    assert retired in Theme.objects.offered()


def test_a_project_form_offers_no_retired_theme():
    retired = ThemeFactory(name="Oud thema")
    themes.set_retired(retired, True)
    assert "Oud thema" not in str(ProjectForm(lead_choices=Organisation.objects.none())["themes"])


# --- Views ----------------------------------------------------------------------------------------------------------


def test_the_list_shows_counts_and_retired_themes(coordinator_client):
    theme = ThemeFactory(name="Natuur")
    ProjectFactory().themes.add(theme)
    themes.set_retired(ThemeFactory(name="Verouderd"), True)
    page = coordinator_client.get(reverse("network:theme_list")).content.decode()
    assert "Natuur" in page and "projecten: 1" in page
    assert page.index("Verouderd") > page.index("Ingetrokken thema")


def test_a_coordinator_adds_and_renames_a_theme(coordinator_client):
    response = coordinator_client.post(reverse("network:theme_create"), {"name": "Kunst", "name_en": "Art"})
    assert response.status_code == 302
    theme = Theme.objects.get(name="Kunst")
    response = coordinator_client.post(
        reverse("network:theme_edit", args=[theme.slug]), {"name": "Kunst en cultuur", "name_en": "Arts"}
    )
    assert response.status_code == 302
    theme.refresh_from_db()
    assert (theme.name, theme.name_en, theme.slug) == ("Kunst en cultuur", "Arts", "kunst")


def test_a_name_taken_is_refused_and_the_form_keeps_what_was_typed(coordinator_client):
    ThemeFactory(name="Kunst")
    response = coordinator_client.post(reverse("network:theme_create"), {"name": "kunst", "name_en": "Art <b>"})
    page = response.content.decode()
    assert response.status_code == 200 and "Er is al een thema met deze naam." in page
    assert 'value="Art &lt;b&gt;"' in page
    assert Theme.objects.count() == 1


def test_hostile_input_gives_no_error_page(coordinator_client):
    response = coordinator_client.post(reverse("network:theme_create"), {"name": "x" * 500})
    assert response.status_code == 200
    assert coordinator_client.get(reverse("network:theme_merge_confirm", args=["nope", "nada"])).status_code == 404


def test_a_coordinator_retires_and_restores_a_theme(coordinator_client):
    theme = ThemeFactory(name="Natuur")
    coordinator_client.post(reverse("network:theme_retire", args=[theme.slug]), {"retire": "1"})
    theme.refresh_from_db()
    assert theme.retired_at is not None
    coordinator_client.post(reverse("network:theme_retire", args=[theme.slug]), {"retire": "0"})
    theme.refresh_from_db()
    assert theme.retired_at is None


def test_the_merge_is_chosen_confirmed_and_done(coordinator_client):
    gone, stays = ThemeFactory(name="Burgerschap"), ThemeFactory(name="Democratie")
    project = ProjectFactory()
    project.themes.add(gone)
    response = coordinator_client.post(reverse("network:theme_merge", args=[gone.slug]), {"stays": stays.pk})
    confirm = reverse("network:theme_merge_confirm", args=[gone.slug, stays.slug])
    assert response["Location"] == confirm
    page = coordinator_client.get(confirm).content.decode()
    assert "projecten: 1" in page
    assert Theme.objects.filter(pk=gone.pk).exists()  # nothing written before the POST

    response = coordinator_client.post(confirm)
    assert response.status_code == 302
    assert list(project.themes.all()) == [stays]
    assert ThemeMerge.objects.get().gone_name == "Burgerschap"


def test_a_merge_into_itself_is_refused_on_the_page(coordinator_client):
    theme = ThemeFactory()
    response = coordinator_client.post(reverse("network:theme_merge_confirm", args=[theme.slug, theme.slug]))
    assert response.status_code == 400
    assert Theme.objects.filter(pk=theme.pk).exists()


@pytest.mark.parametrize("name", ["network:theme_list", "network:theme_create"])
def test_editors_may_not_keep_themes(editor_a_client, name):
    assert editor_a_client.get(reverse(name)).status_code == 403


def test_lines_keep_their_themes_through_a_merge():
    gone, stays = ThemeFactory(name="Duurzaam"), ThemeFactory(name="Duurzaamheid")
    line = LineFactory()
    line.themes.add(gone)
    themes.merge_themes(gone, stays, by=None)
    assert list(Line.objects.get(pk=line.pk).themes.all()) == [stays]
