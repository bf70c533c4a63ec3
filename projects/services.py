"""Writes for projects and their progress updates."""

from django.db import transaction

from core.services import apply_draft_rule, unique_slug
from projects.models import Project, ProjectUpdate


@transaction.atomic
def save_project(project: Project, *, leads, partners, themes, keep_published: bool) -> Project:
    """Save a project with its relations, applying the draft rule (core.services)."""
    apply_draft_rule(project, keep_published=keep_published)
    if not project.slug:
        project.slug = unique_slug(Project, f"{project.code} {project.title}", project)
    project.full_clean(exclude=["leads", "partners", "themes"])
    project.save()
    project.leads.set(leads)
    project.partners.set([org for org in partners if org not in set(leads)])
    project.themes.set(themes)
    return project


def add_update(project: Project, *, date, text: str, author) -> ProjectUpdate:
    update = ProjectUpdate(project=project, date=date, text=text.strip(), author=author)
    update.full_clean()
    update.save()
    return update
