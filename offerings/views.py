from django.contrib import messages
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import fragments
from core.exports import export_response, joined, wants_export
from core.feeds import FilteredFeed
from core.permissions import can_delete, can_edit, can_publish, editable_organisations, visible
from core.record_views import create_view, delete_view, edit_view, publish_view, send_back_view
from core.views_helpers import paginate, query_without, render_list
from offerings.filters import OfferingFilter
from offerings.forms import OfferingForm, provider_queryset
from offerings.models import Offering
from offerings.services import save_offering
from offerings.topics import OFFERINGS

# What an offering's card in the list shows: the long texts (description, contact, booking) are left unread.
LISTED = (
    "title",
    "slug",
    "kind",
    "provider__name",
    "audiences",
    "grade_from",
    "grade_to",
    "is_free",
    "price",
    "at_school",
    "publication_status",
)


def _visible(user):
    return visible(Offering.objects.current(timezone.localdate()), user, "provider")


def offering_list(request):
    offering_filter = OfferingFilter(
        request.GET, queryset=_visible(request.user).select_related("provider").prefetch_related("themes")
    )
    if wants_export(request):
        return export_response(
            request,
            "aanbod",
            [
                (_("Title"), lambda offering: offering.title),
                (_("Kind"), lambda offering: offering.get_kind_display()),
                (_("Provider"), lambda offering: offering.provider.name),
                (_("For"), lambda offering: joined(offering.audience_list)),
                (_("From group"), lambda offering: offering.grade_from),
                (_("To group"), lambda offering: offering.grade_to),
                (_("Free"), lambda offering: offering.is_free),
                (_("Price (euro)"), lambda offering: offering.price),
                (_("At your school"), lambda offering: offering.at_school),
                (_("Place"), lambda offering: offering.place),
                (_("Themes"), lambda offering: joined(offering.themes.all())),
                (_("Offered until"), lambda offering: offering.expires_on),
            ],
            offering_filter.qs,
        )
    # The filters and the offerings are computed only when their cached blocks are rendered anew (core.fragments);
    # offerings past their end date go at midnight, so the day is in the key.
    page = SimpleLazyObject(lambda: paginate(request, offering_filter.qs.only(*LISTED)))
    return render_list(
        request,
        "offerings/list.html",
        "offerings/_results.html",
        {
            "filter": offering_filter,
            "offerings_key": fragments.key(OFFERINGS, request.user, request.get_full_path(), timezone.localdate()),
            "page": page,
            "query": query_without(request, "page"),
            "filter_query": query_without(request, "page"),
            "result_count": SimpleLazyObject(lambda: page.paginator.count),
        },
    )


def detail(request, slug):
    offering = get_object_or_404(
        visible(Offering.objects.all(), request.user, "provider").select_related("provider").prefetch_related("themes"),
        slug=slug,
    )
    expired = offering.expires_on is not None and offering.expires_on < timezone.localdate()
    if expired and not can_edit(request.user, offering):
        raise Http404
    if expired:
        messages.info(
            request, _("This offering has passed its end date and is hidden; change the date to show it again.")
        )
    return render(
        request,
        "offerings/detail.html",
        {
            "offering": offering,
            "may_edit": can_edit(request.user, offering),
            "may_delete": can_delete(request.user, offering),
            "may_publish": can_publish(request.user),
        },
    )


def _form(request: HttpRequest, offering: Offering | None) -> OfferingForm:
    providers = provider_queryset(editable_organisations(request.user))
    return OfferingForm(request.POST or None, instance=offering, provider_choices=providers)


def _save(request: HttpRequest, form: OfferingForm) -> Offering:
    return save_offering(
        form.apply_codes(), themes=form.cleaned_data["themes"], keep_published=can_publish(request.user)
    )


create = create_view(
    form=_form,
    save=_save,
    heading=gettext_lazy("New offering"),
    cancel_url=reverse_lazy("offerings:list"),
    saved_message=gettext_lazy("The offering was saved as a draft. A coordinator publishes it."),
    invalid_status=400,
)
edit = edit_view(Offering, form=_form, save=_save, invalid_status=400)
publish = publish_view(
    Offering,
    published_message=gettext_lazy("The offering is published and visible to everyone."),
    draft_message=gettext_lazy("The offering is a draft again and hidden from the public."),
)
send_back = send_back_view(Offering)
delete = delete_view(
    Offering, done_url=reverse_lazy("offerings:list"), done_message=gettext_lazy("The offering was deleted.")
)


class OfferingFeed(FilteredFeed):
    """RSS of the published, current offerings, honouring the same filters as the list."""

    title = gettext_lazy("Offerings of the network")
    description = gettext_lazy("Guest lessons, workshops, excursions and courses offered by the partners.")
    filter_class = OfferingFilter
    order = ("-updated_at",)

    def link(self):
        return reverse("offerings:list")

    def public_queryset(self):
        published = Offering.objects.current(timezone.localdate()).filter(publication_status="published")
        return published.select_related("provider")

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return f"{item.provider} · {item.get_kind_display()}. {item.description[:400]}"

    def item_pubdate(self, item):
        return item.updated_at
