from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render

from activities.models import Activity
from core.models import PublicationStatus
from core.permissions import can_publish, editable_organisations, is_coordinator
from projects.models import Project


@login_required
def dashboard(request):
    """What the logged-in user can work on: their organisations, drafts and, for coordinators, the publish queue."""
    user = request.user
    organisations = editable_organisations(user)
    draft = Q(publication_status=PublicationStatus.DRAFT)
    if is_coordinator(user):
        activities, projects = Activity.objects.filter(draft), Project.objects.filter(draft)
        organisations = organisations.none()
    else:
        activities = Activity.objects.filter(draft, organisers__in=organisations).distinct()
        projects = Project.objects.filter(draft, leads__in=organisations).distinct()
    return render(request, "accounts/dashboard.html", {
        "organisations": organisations,
        "draft_activities": activities.prefetch_related("organisers").order_by("start")[:50],
        "draft_projects": projects.order_by("code")[:50],
        "may_publish": can_publish(user),
        "is_coordinator": is_coordinator(user),
    })
