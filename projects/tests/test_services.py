"""projects.services: saving with leads and partners, publication and progress updates."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from core.models import PublicationStatus
from core.services import set_publication
from projects.models import Project, ProjectUpdate
from projects.services import add_update, save_project
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_save_project_drops_leads_from_the_partners(org_a, org_b):
    project = save_project(
        Project(code="9z", title="Samen", cluster="kennisstad-breed"),
        leads=[org_a],
        partners=[org_a, org_b],
        themes=[],
        keep_published=True,
    )
    assert project.slug == "9z-samen"
    assert list(project.leads.all()) == [org_a]
    assert list(project.partners.all()) == [org_b]
    assert project.publication_status == PublicationStatus.DRAFT


def test_save_project_validates_and_saves_nothing(org_a):
    with pytest.raises(ValidationError):
        save_project(
            Project(code="9z", title="Samen", cluster="onbekend"),
            leads=[org_a],
            partners=[],
            themes=[],
            keep_published=True,
        )
    assert not Project.objects.exists()


def test_set_publication_twice():
    project = ProjectFactory(publication_status=PublicationStatus.DRAFT)
    set_publication(project, True)
    set_publication(project, True)
    project.refresh_from_db()
    assert project.is_published


def test_add_update_strips_text_and_refuses_empty(coordinator):
    project = ProjectFactory()
    update = add_update(project, date=dt.date(2025, 5, 1), text="  Klaar.  ", author=coordinator)
    assert (update.text, update.author) == ("Klaar.", coordinator)
    with pytest.raises(ValidationError):
        add_update(project, date=dt.date(2025, 5, 2), text="   ", author=coordinator)
    assert ProjectUpdate.objects.count() == 1


def test_create_projects_in_bulk_follow_the_save_rules(org_a, org_b):
    from projects.services import NewProject, create_projects

    made = create_projects(
        [
            NewProject(
                Project(code="P1", title="Lezen", cluster="kennisstad-breed"), leads=[org_a], partners=[org_a.pk, org_b]
            )
        ]
    )
    project = Project.objects.get(pk=made[0].pk)
    assert project.slug == "p1-lezen"
    assert list(project.leads.all()) == [org_a] and list(project.partners.all()) == [org_b]
