from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.db.models import Case, Count, IntegerField, Prefetch, Value, When
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from core import fragments
from core.exports import export_response, joined, wants_export
from core.feeds import FilteredFeed
from core.models import PublicationStatus
from core.permissions import (
    can_delete,
    can_edit,
    can_publish,
    editable_organisations,
    locked_organisations,
    require,
    visible,
)
from core.record_views import create_view, delete_view, edit_view, publish_view, send_back_view
from core.views_helpers import already_submitted, paginate, query_without, render_list, save_once, slug_urls
from documents.models import Document
from documents.uploads import limit_uploads
from network.models import Organisation
from projects import services
from projects.filters import ProjectFilter
from projects.forms import ProjectForm, ProjectUpdateForm
from projects.models import Cluster, Project, ProjectUpdate
from projects.topics import PORTFOLIO

# Large enough for the demo network's whole portfolio (58 projects) on one page.
PROJECTS_PER_PAGE = 60


# The clusters in their fixed order (Cluster.choices), so that each page continues where the previous one stopped.
_CLUSTER_ORDER = Case(
    *(When(cluster=value, then=Value(position)) for position, value in enumerate(Cluster.values)),
    default=Value(len(Cluster.values)),
    output_field=IntegerField(),
)


# What a project's card in the list shows (with its leads): a count over a selection reads no more either.
LISTED = ("code", "slug", "title", "cluster", "status", "publication_status")


def _visible_projects(user):
    return visible(Project.objects.all(), user, "leads")


def portfolio(request):
    project_filter = ProjectFilter(request.GET, queryset=_visible_projects(request.user))
    organisations = Organisation.objects.only("name", "slug")
    leads = Prefetch("leads", queryset=organisations)
    projects = project_filter.qs.order_by(_CLUSTER_ORDER, "code")
    if wants_export(request):
        return export_response(
            request,
            "projecten",
            [
                (_("Code"), lambda project: project.code),
                (_("Title"), lambda project: project.title),
                (_("Cluster"), lambda project: project.get_cluster_display()),
                (_("Status"), lambda project: project.get_status_display()),
                (_("Leads"), lambda project: joined(org.name for org in project.leads.all())),
                (_("Partners"), lambda project: joined(org.name for org in project.partners.all())),
                (_("Themes"), lambda project: joined(project.themes.all())),
            ],
            projects.prefetch_related(leads, Prefetch("partners", queryset=organisations), "themes"),
        )

    def results() -> dict:
        # One page of the selection in cluster order, grouped under the clusters; each cluster's count is for the
        # whole selection. Rendering all projects at once took seconds at city scale (5,000 projects, 2 MB).
        page = paginate(request, projects.only(*LISTED).prefetch_related(leads), per_page=PROJECTS_PER_PAGE)
        by_cluster: dict[str, list] = {value: [] for value in Cluster.values}
        url = slug_urls("projects:detail")
        for project in page:
            project.url = url(project.slug)  # one reverse per page, not one per card
            by_cluster[project.cluster].append(project)
        counts = dict(project_filter.qs.order_by().values_list("cluster").annotate(n=Count("pk", distinct=True)))
        clusters = [
            {"key": value, "label": label, "projects": by_cluster[value], "count": counts.get(value, 0)}
            for value, label in Cluster.choices
        ]
        return {"clusters": clusters, "page": page, "total": page.paginator.count}

    # The filters and the projects are computed only when their cached blocks are rendered anew (core.fragments).
    found = SimpleLazyObject(results)
    return render_list(
        request,
        "projects/portfolio.html",
        "projects/_results.html",
        {
            "filter": project_filter,
            "portfolio_key": fragments.key(PORTFOLIO, request.user, request.get_full_path()),
            "found": found,
            "query": query_without(request, "page"),
            "result_count": SimpleLazyObject(lambda: found["total"]),
        },
    )


def detail(request, slug):
    project = get_object_or_404(
        _visible_projects(request.user).prefetch_related("leads", "partners", "themes", "lines", "updates"), slug=slug
    )
    may_edit = can_edit(request.user, project)
    return render(
        request,
        "projects/detail.html",
        {
            "project": project,
            "updates": _updates_with_attachments(project, request.user),
            "may_edit": may_edit,
            "may_delete": can_delete(request.user, project),
            "may_publish": can_publish(request.user),
            "update_form": ProjectUpdateForm() if may_edit else None,
        },
    )


def _updates_with_attachments(project: Project, user) -> list[ProjectUpdate]:
    """The progress updates, each with its documents as `attachments` (one query for all)."""
    updates = list(project.updates.all())
    attachments = defaultdict(list)
    documents = Document.objects.filter(target_kind="projects.projectupdate", target_id__in=[u.pk for u in updates])
    for document in documents if user.is_authenticated else documents.filter(members_only=False):
        attachments[document.target_id].append(document)
    for update in updates:
        update.attachments = attachments[update.pk]  # type: ignore[attr-defined]
    return updates


def _form(request: HttpRequest, project: Project | None) -> ProjectForm:
    locked = locked_organisations(request.user, project.leads.all()) if project else ()
    return ProjectForm(
        request.POST or None, instance=project, lead_choices=editable_organisations(request.user), locked_leads=locked
    )


def _save(request: HttpRequest, form: ProjectForm) -> Project:
    return services.save_project(
        form.instance,
        leads=form.cleaned_data["leads"],
        partners=form.cleaned_data["partners"],
        themes=form.cleaned_data["themes"],
        keep_published=can_publish(request.user),
        lines=form.cleaned_data["lines"],
    )


create = create_view(
    form=_form,
    save=_save,
    heading=gettext_lazy("New project"),
    cancel_url=reverse_lazy("projects:portfolio"),
    saved_message=gettext_lazy("The project was saved as a draft. A coordinator publishes it."),
)
edit = edit_view(Project, form=_form, save=_save)


@csrf_exempt
@login_required
@require_POST
def add_update(request, slug):
    handler = limit_uploads(request)  # before the body is read; CSRF is checked after it
    return _add_update(request, slug, handler.refused)


@csrf_protect
def _add_update(request, slug, refused):
    project = get_object_or_404(Project, slug=slug)
    require(can_edit(request.user, project))
    form = ProjectUpdateForm(request.POST, request.FILES, refused_files=refused)
    if earlier := already_submitted(request, form):
        return earlier
    if form.is_valid():
        return save_once(
            request,
            form,
            lambda: services.add_update(
                project,
                date=form.cleaned_data["date"],
                text=form.cleaned_data["text"],
                author=request.user,
                attachment=form.cleaned_data["attachment"],
                recognised=form.recognised,
                attachment_title=form.cleaned_data["attachment_title"],
            ),
            _("The progress update was added."),
        )
    return render(
        request,
        "projects/detail.html",
        {
            "project": project,
            "updates": _updates_with_attachments(project, request.user),
            "may_edit": True,
            "may_delete": can_delete(request.user, project),
            "may_publish": can_publish(request.user),
            "update_form": form,
        },
        status=400,
    )


publish = publish_view(
    Project,
    published_message=gettext_lazy("The project is published and visible to everyone."),
    draft_message=gettext_lazy("The project is a draft again and hidden from the public."),
)
send_back = send_back_view(Project)
delete = delete_view(
    Project, done_url=reverse_lazy("projects:portfolio"), done_message=gettext_lazy("The project was deleted.")
)


class ProjectFeed(FilteredFeed):
    """RSS of the published projects, newest changes first, with the same filters as the portfolio."""

    title = gettext_lazy("Projects of the network")
    description = gettext_lazy("City projects of the network and their progress.")
    filter_class = ProjectFilter
    order = ("-updated_at", "code")

    def link(self):
        return reverse("projects:portfolio")

    def public_queryset(self):
        return Project.objects.filter(publication_status=PublicationStatus.PUBLISHED)

    def item_title(self, item):
        return f"{item.code} {item.title}"

    def item_description(self, item):
        return item.description

    def item_pubdate(self, item):
        return item.updated_at
