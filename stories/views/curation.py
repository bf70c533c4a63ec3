"""A story's page, and entering and curating stories: the queue, moderation, evidence links, substantiation and
the Most Significant Change selection rounds."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from activities.models import Activity
from core.parsing import parse_id
from core.permissions import can_curate, can_edit, editable_organisations, require
from core.record_views import create_view
from core.views_helpers import paginate, query_without, render_form
from impact import services as impact_services
from programmes.models import Programme, ReasoningStep
from stories import services
from stories.book import book_groups, book_order, counted_stories
from stories.forms import (
    BulkRejectForm,
    EvidenceForm,
    MergeForm,
    RejectForm,
    SelectionRoundForm,
    StoryForm,
    SubstantiationForm,
)
from stories.models import CollectionLink, Selection, SelectionRound, Story, StoryStatus
from stories.permissions import visible_stories


def detail(request, pk):
    story = get_object_or_404(book_order(visible_stories(Story.objects.all(), request.user)), pk=pk)
    private = can_edit(request.user, story)
    curate = can_curate(request.user)
    context = {
        "story": story,
        "entry": book_groups([story], private_ids={story.pk} if private else set())[0].activities[0].entries[0],
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
        dimensions=impact_services.dimensions_in_use(),
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
            # New stories can be rejected together, rejected ones taken back together.
            "bulk": {StoryStatus.NEW: "reject", StoryStatus.REJECTED: "restore"}.get(status),
            "page": paginate(request, stories),
            "query": query_without(request, "page"),
        },
    )


# The periods "reject all from this sender / through this link" looks back over, in hours.
PERIODS = (1, 24, 168)
SENDER_KEY = re.compile(r"^[0-9a-f]{32}$")


def _ids(values: list[str]) -> list[int]:
    """Story numbers from a list of checkboxes; anything that is not a plain number a database can hold is left
    out."""
    return [int(value) for value in values if value.isascii() and value.isdigit() and len(value) <= 18]


def _period(request) -> int:
    hours = request.GET.get("uren", "")
    return int(hours) if hours in {str(period) for period in PERIODS} else 24


@login_required
def bulk_reject(request):
    """Reject many waiting stories at once, with one reason: those chosen in the queue, or all from one sender or
    through one link in a recent period. The page says how many before anything happens."""
    require(can_curate(request.user))
    sender = request.GET.get("afzender", "")
    sender = sender if SENDER_KEY.match(sender) else ""
    link = None if sender else CollectionLink.objects.filter(code=request.GET.get("link", "")[:16]).first()
    hours = _period(request) if sender or link else None
    stories = services.waiting_stories(
        ids=_ids(request.GET.getlist("verhaal")), sender_key=sender, link=link, hours=hours
    )
    form = BulkRejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        rejected = services.reject_many(stories, form.cleaned_data["reason"])
        messages.success(
            request,
            ngettext(
                "%(count)s story was rejected. You find it under “Rejected”, where you can take it back to the queue.",
                "%(count)s stories were rejected. You find them under “Rejected”, where you can take them back to the "
                "queue.",
                rejected,
            )
            % {"count": rejected},
        )
        return redirect(f"{reverse('stories:queue')}?status={StoryStatus.REJECTED}")
    count = stories.count()
    return render(
        request,
        "stories/bulk_reject.html",
        {
            "form": form,
            "count": count,
            "sample": stories.select_related("activity", "programme").order_by("-created_at")[:20],
            "sender": sender,
            "link": link,
            "hours": hours,
            "periods": PERIODS,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def bulk_restore(request):
    require(can_curate(request.user))
    restored = services.restore_many(_ids(request.POST.getlist("verhaal")))
    messages.success(
        request,
        ngettext("%(count)s story is back in the queue.", "%(count)s stories are back in the queue.", restored)
        % {"count": restored},
    )
    return redirect(f"{reverse('stories:queue')}?status={StoryStatus.REJECTED}")


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
        story = get_object_or_404(candidates, pk=parse_id(story_id))
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
