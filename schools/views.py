from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from core.permissions import can_manage_wijk_map, require
from core.views_helpers import paginate, query_without, render_list
from schools import services
from schools.drawing import map_drawing, map_wijk_names
from schools.forms import WijkMapForm
from schools.guide import SchoolFilter, city_schools, school_cards, upcoming_open_days, wijk_counts
from schools.models import WijkMap

OPEN_DAYS_ON_SCHOOL_PAGE = 10


def school_list(request: HttpRequest) -> HttpResponse:
    """/scholen/: every school of the city with its open days, offerings and pupils; filters, order, pages."""
    school_filter = SchoolFilter(
        request.GET,
        queryset=city_schools(),
        open_days=upcoming_open_days(request.user),
        map_wijken=map_wijk_names(),
    )
    page = paginate(request, school_filter.qs)
    return render_list(
        request,
        "schools/list.html",
        "schools/_results.html",
        {
            "filter": school_filter,
            "page": page,
            "cards": school_cards(list(page.object_list), request.user),
            "result_count": page.paginator.count,
            "may_manage_map": can_manage_wijk_map(request.user),
            "query": query_without(request, "page"),
        },
    )


def school_map(request: HttpRequest) -> HttpResponse:
    """/scholen/kaart/: the wijken as a drawing, each with its number of schools and a link to them; the same as a
    table (the drawing's text alternative)."""
    drawing = map_drawing(wijk_counts(city_schools()), reverse("schools:list"))
    return render(
        request,
        "schools/map.html",
        {"drawing": drawing, "may_manage_map": can_manage_wijk_map(request.user)},
    )


def school_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """/scholen/school/<slug>/: one school for parents: address, open days, pupils, how to register."""
    school = get_object_or_404(city_schools(), slug=slug)
    (card,) = school_cards([school], request.user, open_days_per_school=OPEN_DAYS_ON_SCHOOL_PAGE)
    return render(request, "schools/detail.html", {"card": card, "school": school})


@login_required
def wijk_map_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    """/scholen/wijkkaart/: a coordinator uploads the wijk boundaries (GeoJSON); a new file replaces the map."""
    require(can_manage_wijk_map(request.user))
    posted = request.method == "POST"  # a post without a file is bound too, so it hears that a file is needed
    form = WijkMapForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        wijk_map = services.replace_wijk_map(form.cleaned_data["file"], form.file_name)
        count = wijk_map.wijken.count()
        messages.success(
            request,
            ngettext(
                "The wijk map was saved: %(count)s wijk. The school guide now shows it.",
                "The wijk map was saved: %(count)s wijken. The school guide now shows it.",
                count,
            )
            % {"count": count},
        )
        return redirect("schools:map")
    return render(
        request,
        "schools/wijk_map_upload.html",
        {"form": form, "wijk_map": WijkMap.objects.first()},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def wijk_map_remove(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(can_manage_wijk_map(request.user))
    services.remove_wijk_map()
    messages.success(request, _("The wijk map was removed. The school guide shows the list only."))
    return redirect("schools:wijk_map")
