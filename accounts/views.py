import hashlib

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render

from activities.models import Activity
from core.models import PublicationStatus
from core.permissions import can_publish, editable_organisations, is_coordinator
from core.ratelimit import client_address, is_limited, record_attempt
from projects.models import Project
from questions.models import Question
from stories.models import Story, StoryStatus

# Failed logins allowed per window: for one user name from one address, and for all names from one address.
LOGIN_ATTEMPTS_PER_USER = 5
LOGIN_ATTEMPTS = 10
LOGIN_WINDOW_SECONDS = 15 * 60


class LoginView(auth_views.LoginView):
    """Django's login, with failed attempts limited to slow down password guessing.

    Counted per user name and address (5), and per address over all names (10), in 15 minutes. Not per user
    name alone, or anyone could lock a coordinator out by typing wrong passwords for them.
    """

    template_name = "accounts/login.html"

    def _key(self) -> str:
        return f"login-failures:{client_address(self.request)}"

    def _user_key(self) -> str:
        username = self.request.POST.get("username", "").strip().casefold()
        digest = hashlib.sha256(username.encode()).hexdigest()[:32]
        return f"login-failures:{client_address(self.request)}:{digest}"

    def post(self, request, *args, **kwargs):
        if is_limited(self._key(), LOGIN_ATTEMPTS) or is_limited(self._user_key(), LOGIN_ATTEMPTS_PER_USER):
            # Not even checked: an unbound form keeps the typed user name without trying the password.
            form = self.get_form_class()(request, initial={"username": request.POST.get("username", "")})
            return self.render_to_response(self.get_context_data(form=form, rate_limited=True), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        record_attempt(self._key(), LOGIN_WINDOW_SECONDS)
        record_attempt(self._user_key(), LOGIN_WINDOW_SECONDS)
        return super().form_invalid(form)


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
    return render(
        request,
        "accounts/dashboard.html",
        {
            "organisations": organisations,
            "draft_activities": activities.prefetch_related("organisers").order_by("start")[:50],
            "draft_projects": projects.order_by("code")[:50],
            "may_publish": can_publish(user),
            "is_coordinator": is_coordinator(user),
            "new_stories": Story.objects.filter(status=StoryStatus.NEW).count() if is_coordinator(user) else None,
            "my_questions": Question.objects.filter(asker=user)
            .annotate(response_count=Count("responses"))
            .order_by("-created_at")[:20],
        },
    )
