"""Writes for projects and their progress updates."""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.files import File
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from core.services import BULK_BATCH, apply_draft_rule, free_slug, link_many, pk_of, unique_slug
from core.signals import created_in_bulk
from documents.models import Document, DocumentKind
from documents.services import save_document
from documents.sniffing import Recognised
from network.models import Line, Organisation, Theme
from projects.models import Project, ProjectUpdate


@transaction.atomic
def save_project(
    project: Project,
    *,
    leads: Sequence[Organisation],
    partners: Sequence[Organisation],
    themes: Iterable[Theme],
    keep_published: bool,
    lines: Iterable[Line] | None = None,
) -> Project:
    """Save a project with its relations, applying the draft rule (core.services)."""
    apply_draft_rule(project, keep_published=keep_published)
    if not project.slug:
        project.slug = unique_slug(Project, _slug_text(project), project)
    project.full_clean(exclude=["leads", "partners", "themes", "lines"])
    project.save()
    project.leads.set(leads)
    project.partners.set(_partners_only(leads, partners))
    project.themes.set(themes)
    if lines is not None:  # None: the caller does not keep the links to lines (an import); they stay
        project.lines.set(lines)
    return project


def _slug_text(project: Project) -> str:
    return f"{project.code} {project.title}"


def _partners_only(leads: Sequence[Any], partners: Sequence[Any]) -> list[Any]:
    """A lead is not also a partner."""
    lead_keys = {pk_of(lead) for lead in leads}
    return [partner for partner in partners if pk_of(partner) not in lead_keys]


@dataclass
class NewProject:
    """A project for create_projects with its links: records or their primary keys."""

    project: Project
    leads: Sequence[Any]
    partners: Sequence[Any] = ()
    themes: Sequence[Any] = ()


def create_projects(new: Sequence[NewProject], *, taken_slugs: set[str] | None = None) -> list[Project]:
    """Create many new projects with their links in a few queries per thousand, by save_project's rules (a free
    slug from code and title, a lead not also a partner); the records come checked as its full_clean would check
    them. taken_slugs as in activities.services.create_activities."""
    if taken_slugs is None:
        taken_slugs = set(Project.objects.values_list("slug", flat=True))
    projects = [item.project for item in new]
    for project in projects:
        if not project.slug:
            project.slug = free_slug(_slug_text(project), taken_slugs)
    Project.objects.bulk_create(projects, batch_size=BULK_BATCH)
    link_many(Project.leads, ((item.project, lead) for item in new for lead in item.leads))
    link_many(
        Project.partners,
        ((item.project, partner) for item in new for partner in _partners_only(item.leads, item.partners)),
    )
    link_many(Project.themes, ((item.project, theme) for item in new for theme in item.themes))
    created_in_bulk.send(Project, records=projects)
    return projects


def add_update(
    project: Project,
    *,
    date: dt.date,
    text: str,
    author: User,
    attachment: File | None = None,
    recognised: Recognised | None = None,
    attachment_title: str = "",
) -> ProjectUpdate:
    """A progress update; with an attachment (recognised by documents.sniffing), that becomes a document of the
    update, with the project's themes."""
    with transaction.atomic():
        update = ProjectUpdate(project=project, date=date, text=text.strip(), author=author)
        update.full_clean()
        update.save()
        if attachment is not None and recognised is not None:
            title = attachment_title.strip() or _("Progress %(project)s, %(date)s") % {
                "project": project.title,
                "date": date_format(date),
            }
            save_document(
                Document(
                    title=title[:200],
                    kind=DocumentKind.PHOTO if recognised.is_image else DocumentKind.REPORT,
                    year=date.year,
                ),
                target=update,
                upload=attachment,
                recognised=recognised,
                themes=project.themes.all(),
                uploader=author,
            )
    return update
