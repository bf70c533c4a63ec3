"""The story book (the network's and a programme's, on screen, printed or as a sheet), its RSS feed and the
patterns across a programme's stories."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import fragments
from core.exports import EXPORT_LIMIT, export_response, joined, wants_export
from core.feeds import FilteredFeed
from core.permissions import can_curate, visible
from core.views_helpers import paginate, query_without, render_list
from programmes.models import Programme
from stories.book import BookIds, attribution, book_groups, book_order, book_stories, counted_stories
from stories.filters import NetworkStoryFilter, StoryFilter
from stories.models import COUNTED, PUBLIC, Story
from stories.patterns import patterns
from stories.permissions import private_story_ids, visible_stories
from stories.topics import STORY_BOOK, STORY_BOOK_FILTERS

BOOK_PAGE = 25
PRINT_LIMIT = 2000


def _book(request, stories, filter_class, *, programme=None):
    story_filter = filter_class(request.GET, queryset=stories)
    if wants_export(request):
        return _book_export(request, book_order(story_filter.qs))
    # ?afdrukken=1 puts the whole (filtered) book on one page, to print it as a booklet.
    printing = request.GET.get("afdrukken") == "1"

    def results() -> dict:
        # Paginate the ids alone, then fetch the page's stories whole.
        page = paginate(request, BookIds(story_filter.qs), per_page=PRINT_LIMIT if printing else BOOK_PAGE)
        page.object_list = book_stories(page.object_list)
        ring = story_filter.shown_ring()
        groups = book_groups(page, private_ids=private_story_ids(request.user, page), ring=ring)
        return {"page": page, "groups": groups, "result_count": page.paginator.count}

    # The filters and the stories are computed only when their cached blocks are rendered anew (core.fragments).
    book = SimpleLazyObject(results)
    context = {
        "filter": story_filter,
        "programme": programme,
        "book_key": fragments.key(STORY_BOOK, request.user, request.get_full_path()),
        "filters_key": fragments.key(STORY_BOOK_FILTERS, request.user, request.get_full_path()),
        "book": book,
        "query": query_without(request, "page"),
        "print_query": query_without(request, "page", "afdrukken"),
        "printing": printing,
        "may_curate": can_curate(request.user),
        "result_count": SimpleLazyObject(lambda: book["result_count"]),
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
        # RSS descriptions are HTML to a feed reader: the plain text is escaped here, and once more as XML.
        return escape(item.quote or " ".join(part.text for part in item.parts.all()))

    def item_pubdate(self, item):
        return item.updated_at
