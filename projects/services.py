"""Writes for projects and their progress updates."""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction

from accounts.models import User
from core.models import PublicationStatus
from core.services import unique_slug
from network.models import Organisation, Theme
from projects.models import Project, ProjectUpdate


@transaction.atomic
def save_project(
    project: Project,
    *,
    leads: list[Organisation],
    partners: list[Organisation],
    themes: Iterable[Theme],
    keep_published: bool,
) -> Project:
    """Save a project with its relations; an editor's change (no keep_published) makes it a draft again."""
    if not keep_published:
        project.publication_status = PublicationStatus.DRAFT
    if not project.slug:
        project.slug = unique_slug(Project, f"{project.code} {project.title}", project)
    project.full_clean(exclude=["leads", "partners", "themes"])
    project.save()
    project.leads.set(leads)
    project.partners.set([org for org in partners if org not in set(leads)])
    project.themes.set(themes)
    return project


def add_update(project: Project, *, date: dt.date, text: str, author: User) -> ProjectUpdate:
    update = ProjectUpdate(project=project, date=date, text=text.strip(), author=author)
    update.full_clean()
    update.save()
    return update
