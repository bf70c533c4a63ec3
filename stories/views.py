import json
from io import BytesIO

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from activities.models import Activity
from core.exports import EXPORT_LIMIT, export_response, joined, wants_export
from core.feeds import FilteredFeed
from core.models import Sector
from core.permissions import (
    can_curate,
    can_edit,
    editable_organisations,
    is_editor,
    require,
    visible,
)
from core.ratelimit import client_address, is_limited, record_attempt
from core.record_views import create_view
from core.views_helpers import paginate, query_without, render_form, render_list
from impact import services as impact_services
from programmes.models import Programme, ReasoningStep
from stories import services
from stories.book import attribution, book_groups, book_order, book_order_ids, book_stories, counted_stories
from stories.filters import NetworkStoryFilter, StoryFilter
from stories.forms import (
    CollectionLinkForm,
    EvidenceForm,
    MergeForm,
    RejectForm,
    RespondentSearchForm,
    SelectionRoundForm,
    StoryForm,
    SubstantiationForm,
    TellStoryForm,
)
from stories.models import COUNTED, PUBLIC, CollectionLink, Selection, SelectionRound, Story, StoryStatus
from stories.patterns import patterns
from stories.permissions import private_story_ids, visible_stories

RATE_WINDOW_SECONDS = 3600
BOOK_PAGE = 25
PRINT_LIMIT = 2000


def _dimensions():
    model = impact_services.current_model()
    if model is None:
        return []
    return [dimension for _number, dimensions in impact_services.active_rings(model) for dimension in dimensions]


# --- Telling a story through a public link ----------------------------------------------------------------------


def _link_or_404(code: str) -> CollectionLink:
    return get_object_or_404(CollectionLink.objects.select_related("programme", "activity"), code=code.lower())


def _rate_limited(request, link) -> bool:
    address_key = f"story-ip:{client_address(request)}"
    link_key = f"story-link:{link.pk}"
    if is_limited(address_key, settings.STORY_LIMIT_PER_ADDRESS) or is_limited(link_key, settings.STORY_LIMIT_PER_LINK):
        return True
    record_attempt(address_key, RATE_WINDOW_SECONDS)
    record_attempt(link_key, RATE_WINDOW_SECONDS)
    return False


def tell(request, code):
    link = _link_or_404(code)
    if not services.link_is_open(link):
        return render(request, "stories/closed.html", {"link": link}, status=410)
    activities = services.link_activities(link)
    # A programme's link may name the activity (?activiteit=slug), e.g. on the screen at that event.
    chosen_activity = link.activity or activities.filter(slug=request.GET.get("activiteit", "")).first()
    programme = link.programme or (services.programme_for(chosen_activity) if chosen_activity else None)
    preselected = services.route_dimensions(services.line_for(programme, chosen_activity))
    form = TellStoryForm(
        request.POST or None,
        activities=activities,
        chosen_activity=chosen_activity,
        fixed_activity=link.activity is not None,
        dimensions=_dimensions(),
        preselected=preselected,
        sectors=Sector.choices,
    )
    status = 200
    if request.method == "POST":
        if _rate_limited(request, link):
            messages.error(
                request,
                _(
                    "Many stories arrived from here in a short time. Please try again in an hour; "
                    "what you typed is still below."
                ),
            )
            status = 429
        elif form.is_valid():
            try:
                services.submit_story(
                    link,
                    activity=form.cleaned_data["activity"],
                    story=form.story(),
                    parts=form.parts(),
                    token=form.cleaned_data["submission"],
                )
            except ValidationError as error:
                form.add_error(None, error)
                status = 400
            else:
                return redirect("stories:thanks", code=link.code)
        else:
            status = 400
    return render(request, "stories/tell.html", {"link": link, "form": form}, status=status)


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


# --- The story book ---------------------------------------------------------------------------------------------


def _book(request, stories, filter_class, *, programme=None):
    story_filter = filter_class(request.GET, queryset=stories)
    if wants_export(request):
        return _book_export(request, book_order(story_filter.qs))
    # ?afdrukken=1 puts the whole (filtered) book on one page, to print it as a booklet.
    printing = request.GET.get("afdrukken") == "1"
    # Paginate the ids alone, then fetch the page's stories whole.
    page = paginate(request, book_order_ids(story_filter.qs), per_page=PRINT_LIMIT if printing else BOOK_PAGE)
    page.object_list = book_stories(page.object_list)
    ring = story_filter.shown_ring()
    context = {
        "filter": story_filter,
        "programme": programme,
        "page": page,
        "groups": book_groups(page, private_ids=private_story_ids(request.user, page), ring=ring),
        "result_count": page.paginator.count,
        "query": query_without(request, "page"),
        "print_query": query_without(request, "page", "afdrukken"),
        "printing": printing,
        "may_curate": can_curate(request.user),
    }
    return render_list(request, "stories/book.html", "stories/_book_results.html", context)


def _book_export(request, stories):
    """The book's selection as a sheet, with its columns named as the story import reads them; a respondent is
    named only where the viewer may see it, as on the page."""
    stories = list(stories[:EXPORT_LIMIT])
    private = private_story_ids(request.user, stories)
    shown = {story.pk: attribution(story, private=story.pk in private) for story in stories}

    def part(ring: int, what: str):
        def cell(story):
            found = next((part for part in story.parts.all() if part.ring == ring), None)
            return "" if found is None else (found.text if what == "text" else found.dimension.name)

        return cell

    return export_response(
        request,
        "verhalenboek",
        [
            (_("Date"), lambda story: story.collected_on),
            (_("Role"), lambda story: shown[story.pk].role),
            (_("Sector"), lambda story: shown[story.pk].sector),
            (_("Name"), lambda story: shown[story.pk].name),
            (_("Organisation"), lambda story: shown[story.pk].organisation),
            (_("Consent"), lambda story: story.get_consent_display()),
            (_("Programme"), lambda story: story.programme.name if story.programme else ""),
            (_("Ambition"), lambda story: str(story.line) if story.line else ""),
            (_("Activity"), lambda story: story.activity.title if story.activity else ""),
            *[
                column
                for ring in (1, 2, 3)
                for column in (
                    (_("Ring %(ring)s") % {"ring": ring}, part(ring, "text")),
                    (_("Dimension ring %(ring)s") % {"ring": ring}, part(ring, "dimension")),
                )
            ],
            (_("Quote"), lambda story: story.quote),
            (_("Themes"), lambda story: joined(story.themes.all())),
        ],
        stories,
    )


def story_book(request):
    return _book(request, visible_stories(Story.objects.filter(COUNTED), request.user), NetworkStoryFilter)


def _visible_programme(request, slug) -> Programme:
    return get_object_or_404(visible(Programme.objects.all(), request.user, "organisations"), slug=slug)


def programme_story_book(request, slug):
    programme = _visible_programme(request, slug)
    stories = visible_stories(counted_stories(programme), request.user)
    return _book(request, stories, StoryFilter, programme=programme)


def programme_patterns(request, slug):
    programme = _visible_programme(request, slug)
    stories = visible_stories(counted_stories(programme), request.user)
    return render(
        request,
        "stories/patterns.html",
        {
            "programme": programme,
            "patterns": patterns(stories),
            "book_url": reverse("stories:programme_book", args=[programme.slug]),
        },
    )


def detail(request, pk):
    story = get_object_or_404(book_order(visible_stories(Story.objects.all(), request.user)), pk=pk)
    private = can_edit(request.user, story)
    curate = can_curate(request.user)
    context = {
        "story": story,
        "entry": book_groups([story], private_ids={story.pk} if private else set())[0]
        .activities[0]
        .entries[0],
        "may_edit": private,
        "may_curate": curate,
    }
    if curate:
        context.update(
            {
                "reject_form": RejectForm(),
                "merge_form": MergeForm(candidates=_merge_candidates(story)),
                "evidence_form": _evidence_form(story),
                "substantiation_form": SubstantiationForm(),
                "ring3": next((part for part in story.parts.all() if part.ring == 3), None),
            }
        )
    return render(request, "stories/detail.html", context)


# --- Entering and curating --------------------------------------------------------------------------------------


def _story_form(request: HttpRequest, story: Story | None) -> StoryForm:
    """The story form for a new story (None) or to correct one, offering only the activities and programmes this
    user looks after."""
    activities, programmes = Activity.objects.all(), Programme.objects.all()
    if not can_curate(request.user):
        own = editable_organisations(request.user)
        activities = activities.filter(pk__in=activities.filter(organisers__in=own).values("pk"))
        programmes = programmes.filter(pk__in=programmes.filter(organisations__in=own).values("pk"))
    return StoryForm(
        request.POST or None,
        instance=story or Story(source="interview"),
        activities=activities.order_by("-start"),
        programmes=programmes,
        dimensions=_dimensions(),
    )


def _save_story(request: HttpRequest, form: StoryForm) -> Story:
    assert request.user.is_authenticated  # the create and edit views are behind login_required
    return services.save_story(form.instance, parts=form.parts(), themes=form.cleaned_data["themes"], user=request.user)


create = create_view(
    form=_story_form,
    save=_save_story,
    heading=gettext_lazy("Enter a story"),
    cancel_url=reverse_lazy("stories:book"),
    saved_message=gettext_lazy("The story was saved. It waits in the queue until a coordinator accepts it."),
)


@login_required
def edit(request, pk):
    story = get_object_or_404(Story, pk=pk)
    require(can_edit(request.user, story))
    form = _story_form(request, story)
    if request.method == "POST" and form.is_valid():
        _save_story(request, form)
        if story.is_published and not can_curate(request.user):
            # As with other records: an editor's change to a published story waits for the coordinator.
            services.back_to_queue(story)
            messages.success(
                request, _("Your changes were saved. The story goes public again once a coordinator accepts it.")
            )
        else:
            messages.success(request, _("Your changes were saved. The respondent's original words are kept."))
        return redirect(story)
    return render_form(request, form, heading=_("Edit story"), cancel_url=story.get_absolute_url())


@login_required
def queue(request):
    require(can_curate(request.user))
    status = request.GET.get("status") or StoryStatus.NEW
    if status not in StoryStatus.values:
        status = StoryStatus.NEW
    counts = dict(Story.objects.values_list("status").annotate(count=Count("pk")).values_list("status", "count"))
    stories = (
        Story.objects.filter(status=status)
        .select_related("activity", "programme", "link")
        .prefetch_related("parts__dimension")
        .order_by("created_at" if status == StoryStatus.NEW else "-updated_at")
    )
    return render(
        request,
        "stories/queue.html",
        {
            "tabs": [(value, label, counts.get(value, 0)) for value, label in StoryStatus.choices],
            "status": status,
            "page": paginate(request, stories),
            "query": query_without(request, "page"),
        },
    )


def _curated_story(request, pk) -> Story:
    require(can_curate(request.user))
    return get_object_or_404(Story, pk=pk)


def _merge_candidates(story):
    same_subject = Q(activity=story.activity) if story.activity_id else Q(programme=story.programme)
    return Story.objects.filter(same_subject).exclude(pk=story.pk).exclude(status=StoryStatus.MERGED)


def _evidence_form(story, data=None):
    steps = ReasoningStep.objects.filter(reasoning_line__programme=story.programme).select_related("reasoning_line")
    return EvidenceForm(data, parts=list(story.parts.all()), steps=list(steps))


def _apply(request, back_to, action, success: str):
    """Run a curating action; say what happened (or why it could not) and go back to `back_to`."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect(back_to)


@login_required
@require_POST
def moderate(request, pk):
    story = _curated_story(request, pk)
    action = request.POST.get("action")
    if action == "publish":
        return _apply(
            request,
            story,
            lambda: services.publish(story),
            _("The story is accepted. What the public sees follows the respondent's consent."),
        )
    if action == "back":
        return _apply(request, story, lambda: services.back_to_queue(story), _("The story is back in the queue."))
    if action == "reject":
        reason = request.POST.get("reason", "")[:1000]
        return _apply(
            request,
            story,
            lambda: services.reject(story, reason),
            _("The story was rejected; the reason is kept. You can take it back to the queue."),
        )
    if action == "merge":
        form = MergeForm(request.POST, candidates=_merge_candidates(story))
        if not form.is_valid():
            messages.error(request, _("Choose the story this one duplicates."))
            return redirect(story)
        return _apply(
            request,
            story,
            lambda: services.merge(story, form.cleaned_data["into"]),
            _("The story was merged. Taking it back to the queue undoes this."),
        )
    messages.error(request, _("Unknown action."))
    return redirect(story)


@login_required
@require_POST
def evidence(request, pk):
    story = _curated_story(request, pk)
    form = _evidence_form(story, request.POST)
    if form.is_valid():
        for part in story.parts.all():
            part.reasoning_steps.set(form.cleaned_data.get(f"part{part.pk}", []))
        messages.success(request, _("The evidence links were saved."))
    else:
        messages.error(request, _("Those reasoning-line steps are not in this story's programme."))
    return redirect(story)


@login_required
def substantiate(request, pk):
    story = _curated_story(request, pk)
    part = get_object_or_404(story.parts, ring=3)
    form = SubstantiationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _apply(
            request,
            story,
            lambda: services.substantiate(part, user=request.user, **form.cleaned_data),
            _("The substantiation was recorded."),
        )
    return render_form(
        request,
        form,
        heading=_("Substantiate the ring-3 claim"),
        cancel_url=story.get_absolute_url(),
        status=400 if form.errors else 200,
    )


# --- Most Significant Change selection rounds -------------------------------------------------------------------


@login_required
def rounds(request, slug):
    require(can_curate(request.user))
    programme = get_object_or_404(Programme, slug=slug)
    form = SelectionRoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.programme = programme
        selection_round = form.save()
        messages.success(request, _("The selection round is open. Mark the stories the panel finds most significant."))
        return redirect(selection_round)
    return render(
        request,
        "stories/rounds.html",
        {
            "programme": programme,
            "rounds": programme.selection_rounds.annotate(selected=Count("selections")).order_by("-held_on", "-pk"),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
def round_page(request, slug, pk):
    require(can_curate(request.user))
    selection_round = get_object_or_404(SelectionRound.objects.select_related("programme"), pk=pk, programme__slug=slug)
    candidates = book_order(counted_stories(selection_round.programme))
    chosen = {s.story_id: s for s in Selection.objects.filter(round=selection_round)}
    if request.method == "POST":
        story_id = request.POST.get("story", "")
        story = get_object_or_404(candidates, pk=int(story_id) if story_id.isdigit() else None)
        if request.POST.get("action") == "unselect":
            return _apply(
                request,
                request.get_full_path(),
                lambda: services.unselect_story(selection_round, story),
                _("The story is no longer selected in this round."),
            )
        reason = request.POST.get("reason", "")[:2000]
        return _apply(
            request,
            request.get_full_path(),
            lambda: services.select_story(selection_round, story, reason),
            _("The panel's choice and reason were recorded."),
        )
    page = paginate(request, candidates)
    return render(
        request,
        "stories/round.html",
        {
            "round": selection_round,
            "page": page,
            "rows": [(story, chosen.get(story.pk)) for story in page],
            "selected_count": len(chosen),
            "query": query_without(request, "page"),
        },
    )


@login_required
@require_POST
def round_close(request, slug, pk):
    require(can_curate(request.user))
    selection_round = get_object_or_404(SelectionRound, pk=pk, programme__slug=slug)
    selection_round.is_closed = request.POST.get("close") == "1"
    selection_round.save(update_fields=["is_closed"])
    messages.success(
        request,
        _("The round is closed; its choices stand.") if selection_round.is_closed else _("The round is open again."),
    )
    return redirect(selection_round)


# --- Respondents' personal data ---------------------------------------------------------------------------------


@login_required
def respondent(request):
    require(can_curate(request.user))
    form = RespondentSearchForm(request.GET or None)
    stories = services.respondent_stories(form.cleaned_data["respondent"]) if form.is_valid() else Story.objects.none()
    stories = stories.select_related("activity", "programme", "organisation").prefetch_related("parts__dimension")
    if request.method == "POST":
        query = request.POST.get("respondent", "")
        stories = services.respondent_stories(query)
        if request.POST.get("action") == "export":
            response = HttpResponse(
                json.dumps(
                    services.respondent_export(stories.prefetch_related("parts__dimension")),
                    ensure_ascii=False,
                    indent=2,
                ),
                content_type="application/json",
            )
            response["Content-Disposition"] = 'attachment; filename="respondent.json"'
            return response
        keep = request.POST.get("action") == "anonymise"
        if not keep and not request.POST.get("confirm"):
            messages.error(request, _("Tick the box to confirm that the stories are deleted for good."))
            return redirect(f"{reverse('stories:respondent')}?{urlencode({'respondent': query})}")
        count = services.erase_respondent(stories, keep_anonymised=keep)
        messages.success(
            request,
            (
                _("Personal details were removed from %(count)s stories; the stories stay, anonymised.")
                if keep
                else _("%(count)s stories were deleted.")
            )
            % {"count": count},
        )
        return redirect("stories:respondent")
    return render(request, "stories/respondent.html", {"form": form, "stories": stories})


class StoryFeed(FilteredFeed):
    """RSS of the published stories (public consent only), newest first, with the story book's filters."""

    title = gettext_lazy("Stories of the network")
    description = gettext_lazy("What activities did for the people who took part, in their own words.")
    filter_class = NetworkStoryFilter
    order = ("-updated_at",)

    def link(self):
        return reverse("stories:book")

    def public_queryset(self):
        return Story.objects.filter(PUBLIC).select_related("activity", "programme")

    def item_title(self, item):
        return str(item)

    def item_description(self, item):
        return item.quote or " ".join(part.text for part in item.parts.all())

    def item_pubdate(self, item):
        return item.updated_at
