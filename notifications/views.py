"""The person's notifications, their settings, and the one-click unsubscribe that works without logging in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from core.views_helpers import render_form
from notifications import services
from notifications.forms import PreferencesForm
from notifications.models import Kind, Notification

SHOWN = 100  # the newest notifications listed; older ones stay in the database
TOPIC_LABELS = {
    **{kind.value: kind.label for kind in Kind},
    services.DAILY: gettext_lazy("the daily summary"),
    services.WEEKLY: gettext_lazy("the network's weekly digest"),
}


@login_required
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    notifications = Notification.objects.filter(recipient=request.user)[:SHOWN]
    return render(
        request,
        "notifications/list.html",
        {"notifications": notifications, "unread": services.unread_count(request.user)},
    )


@login_required
@require_POST
def mark_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Mark one notification read (POST notification=<id>), or all of them; only ever the user's own."""
    chosen = request.POST.get("notification", "")
    services.mark_read(request.user, int(chosen) if chosen.isdigit() else None)
    return redirect("notifications:list")


@login_required
def preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PreferencesForm(request.POST or None, instance=services.preferences_of(request.user))
    if request.method == "POST" and form.is_valid():
        services.save_preferences(form.instance)
        messages.success(request, _("Your settings are saved."))
        return redirect("notifications:settings")
    return render_form(
        request, form, heading=_("How do you want to hear from us?"), cancel_url=reverse("notifications:list")
    )


# A mail program confirms RFC 8058's one-click unsubscribe with a POST that carries no CSRF token; the signed
# token in the address is what proves the link came from us. never_cache: the answer depends on the token's state.
@csrf_exempt
@never_cache
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    found = services.read_unsubscribe_token(token)
    if found is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True})
    user, topic = found
    done = request.method == "POST"
    if done:
        services.unsubscribe(user, topic)
    return render(request, "notifications/unsubscribe.html", {"topic": TOPIC_LABELS[topic], "done": done})
