"""Telling a story through a public collection link, and the links themselves: making, sharing (QR code),
opening and closing them."""

from io import BytesIO

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from activities.models import Activity
from core.models import Sector
from core.permissions import can_curate, can_edit, editable_organisations, is_editor, require
from core.views_helpers import paginate, render_form
from impact import services as impact_services
from programmes.models import Programme
from stories import limits, services
from stories.forms import CollectionLinkForm, TellStoryForm
from stories.models import CollectionLink, StoryStatus


def _link_or_404(code: str) -> CollectionLink:
    return get_object_or_404(CollectionLink.objects.select_related("programme", "activity"), code=code.lower())


def tell(request, code):
    link = _link_or_404(code)
    if not services.link_is_open(link):
        return render(request, "stories/closed.html", {"link": link}, status=410)
    form = tell_form(request, link, request.POST or None)
    status = 200
    if request.method == "POST":
        if not limits.address_allows(request, link):
            messages.error(
                request,
                _(
                    "Many stories arrived from here in a short time. Please try again in an hour; "
                    "what you typed is still below."
                ),
            )
            status = 429
        elif not form.is_valid():
            status = 400
        elif not limits.link_allows(link):
            messages.error(
                request,
                _(
                    "Many stories arrived through this link just now. Please try again in a few minutes; "
                    "what you typed is still below."
                ),
            )
            status = 429
        else:
            try:
                services.submit_story(
                    link,
                    activity=form.cleaned_data["activity"],
                    story=form.story(),
                    parts=form.parts(),
                    token=form.cleaned_data["submission"],
                    sender_key=limits.sender_key(request),
                )
            except ValidationError as error:
                form.add_error(None, error)
                status = 400
            else:
                return redirect("stories:thanks", code=link.code)
    return render(request, "stories/tell.html", {"link": link, "form": form}, status=status)


def tell_again(request, code: str, *, data, notice: str, status: int) -> HttpResponse | None:
    """The public form shown again, with what was sent when the body could be read, after a post that failed
    before it reached the form (an expired form, a body over the upload limit): rimpel.errors. None without an open
    link under this code."""
    link = CollectionLink.objects.select_related("programme", "activity").filter(code=code.lower()).first()
    if link is None or not services.link_is_open(link):
        return None
    form = tell_form(request, link, data)
    return render(request, "stories/tell.html", {"link": link, "form": form, "notice": notice}, status=status)


def tell_form(request, link: CollectionLink, data) -> TellStoryForm:
    """The public form for this link, empty or with what was sent (also for the pages shown when a post failed
    before it reached the form: stories.views.errors)."""
    activities = services.link_activities(link)
    # A programme's link may name the activity (?activiteit=slug), e.g. on the screen at that event.
    chosen_activity = link.activity or activities.filter(slug=request.GET.get("activiteit", "")).first()
    programme = link.programme or (services.programme_for(chosen_activity) if chosen_activity else None)
    return TellStoryForm(
        data,
        activities=activities,
        chosen_activity=chosen_activity,
        fixed_activity=link.activity is not None,
        dimensions=impact_services.dimensions_in_use(),
        preselected=services.route_dimensions(services.line_for(programme, chosen_activity)),
        sectors=Sector.choices,
    )


def thanks(request, code):
    link = _link_or_404(code)
    return render(request, "stories/thanks.html", {"link": link})


# --- Collection links -------------------------------------------------------------------------------------------


def _link_subject(request):
    """The activity or programme a new link is for, from ?activiteit= or ?programma=, if the user may edit it."""
    activity_slug, programme_slug = request.GET.get("activiteit"), request.GET.get("programma")
    if activity_slug:
        subject = get_object_or_404(Activity, slug=activity_slug)
    elif programme_slug:
        subject = get_object_or_404(Programme, slug=programme_slug)
    else:
        raise Http404
    require(can_edit(request.user, subject))
    return subject


@login_required
def link_create(request):
    subject = _link_subject(request)
    form = CollectionLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        link = services.create_link(
            programme=subject if isinstance(subject, Programme) else None,
            activity=subject if isinstance(subject, Activity) else None,
            title=form.cleaned_data["title"],
            closes_on=form.cleaned_data["closes_on"],
            user=request.user,
        )
        messages.success(request, _("The collection link is ready. Share the address or show the QR code."))
        return redirect(link)
    return render_form(
        request,
        form,
        heading=_("Collect stories about “%(subject)s”") % {"subject": subject},
        cancel_url=subject.get_absolute_url(),
    )


def _editable_link(request, code) -> CollectionLink:
    link = _link_or_404(code)
    require(can_edit(request.user, link.activity or link.programme))
    return link


@login_required
def link_page(request, code):
    link = _editable_link(request, code)
    stories = link.stories.aggregate(total=Count("pk"), new=Count("pk", filter=Q(status=StoryStatus.NEW)))
    return render(
        request,
        "stories/link.html",
        {
            "link": link,
            "public_url": request.build_absolute_uri(link.public_url()),
            "qr_svg": _qr(request, link).svg_inline(
                scale=5, title=_("QR code for %(url)s") % {"url": request.build_absolute_uri(link.public_url())}
            ),
            "is_open": services.link_is_open(link),
            "counts": stories,
            "may_curate": can_curate(request.user),
            "live_until": link.busy_until if limits.is_live_event(link) else None,
            "address_limit": settings.STORY_LIMIT_PER_ADDRESS,
            "live_limit": settings.STORY_LIMIT_PER_ADDRESS_LIVE,
        },
    )


def _qr(request, link):
    return segno.make(request.build_absolute_uri(link.public_url()), error="m")


@login_required
def link_qr(request, code, fmt):
    link = _editable_link(request, code)
    qr = _qr(request, link)
    buffer = BytesIO()
    qr.save(buffer, kind=fmt, scale=12, border=4)
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml" if fmt == "svg" else "image/png")
    response["Content-Disposition"] = f'attachment; filename="verhalen-{link.code}.{fmt}"'
    return response


@login_required
@require_POST
def link_toggle(request, code):
    link = _editable_link(request, code)
    link.is_open = request.POST.get("open") == "1"
    link.save(update_fields=["is_open"])
    messages.success(
        request,
        _("The link is open again.") if link.is_open else _("The link is closed; visitors see a friendly notice."),
    )
    return redirect(link)


@login_required
@require_POST
def link_live(request, code):
    """The coordinator's switch for a live event: for an hour one address may send more stories through this
    link (many people on one Wi-Fi)."""
    require(can_curate(request.user))
    link = _link_or_404(code)
    on = request.POST.get("live") == "1"
    services.set_live_event(link, on=on)
    messages.success(
        request,
        _("Live event on for one hour: one address may now send more stories through this link.")
        if on
        else _("Live event off: the usual limit per address holds again."),
    )
    return redirect(link)


@login_required
def link_list(request):
    require(is_editor(request.user))
    links = CollectionLink.objects.all()
    if not can_curate(request.user):
        own = editable_organisations(request.user)
        links = links.filter(
            pk__in=links.filter(Q(activity__organisers__in=own) | Q(programme__organisations__in=own)).values("pk")
        )
    links = (
        links.select_related("programme", "activity")
        .annotate(story_count=Count("stories"))
        .order_by("-created_at", "-pk")
    )
    return render(request, "stories/link_list.html", {"page": paginate(request, links)})
