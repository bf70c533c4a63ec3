"""The person's notifications, their settings, and the one-click unsubscribe that works without logging in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from core.parsing import parse_id
from core.views_helpers import render_form
from notifications import services
from notifications.forms import PreferencesForm
from notifications.models import FOLLOWABLE, Follow, Kind, Notification

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
    services.mark_read(request.user, parse_id(chosen))
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


@login_required
def following(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "notifications/following.html",
        {"follows": services.follows_of(request.user), "held_lines": services.held_lines(request.user)},
    )


@login_required
@require_POST
def follow(request: AuthenticatedHttpRequest, target: str, pk: int) -> HttpResponse:
    """Follow (POST follow=1, the default) or stop following (follow=0) a record; back to `next` or its page."""
    if target not in FOLLOWABLE:
        raise Http404
    if request.POST.get("follow") == "0":
        # What one follows can be unfollowed also when one no longer sees it (an activity back in draft).
        followed = Follow.objects.filter(user=request.user, **{target: pk}).select_related(target).first()
        record = followed.target if followed else get_object_or_404(services.followable(request.user, target), pk=pk)
        services.unfollow(request.user, record)
        messages.success(request, _("You no longer follow “%(name)s”.") % {"name": record})
    else:
        record = get_object_or_404(services.followable(request.user, target), pk=pk)
        services.follow(request.user, record)
        message = _("You follow “%(name)s” now. You hear about it here and by e-mail.")
        messages.success(request, message % {"name": record})
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        # Not redirect(): it would read a `next` without a slash as a URL name to reverse (a server error).
        return HttpResponseRedirect(back)
    return redirect(record)  # type: ignore[arg-type]  # every followable model has get_absolute_url


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
