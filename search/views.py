from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from search import services
from search.models import Kind

KIND_LABELS = {
    Kind.ORGANISATION: _("Organisations"),
    Kind.PERSON: _("People"),
    Kind.ACTIVITY: _("Activities"),
    Kind.PROJECT: _("Projects"),
    Kind.OFFERING: _("Offerings"),
    Kind.LINE: _("Lines"),
    Kind.PROGRAMME: _("Programmes"),
    Kind.STORY: _("Stories"),
}
PAGE_SIZE = 20


def results(request):
    """/zoeken/?q=…[&soort=…][&thema=…]: everything findable in one list, grouped by kind or narrowed to one."""
    kind = request.GET.get("soort", "")
    kind = kind if kind in KIND_LABELS else ""
    found = services.search(
        request.GET.get("q", ""),
        member=request.user.is_authenticated,
        kind=kind,
        theme=request.GET.get("thema", "")[:60],
    )
    page_size = PAGE_SIZE * (5 if kind else 1)
    return render(
        request,
        "search/results.html",
        {
            "found": found,
            "kind": kind,
            "kind_label": KIND_LABELS.get(kind, ""),
            "theme": request.GET.get("thema", ""),
            "active_filters": bool(kind) + bool(request.GET.get("thema")),
            "kinds": [(value, KIND_LABELS[value], count) for value, count in found.kind_counts],
            "groups": [(value, KIND_LABELS[value], hits, count) for value, hits, count in found.grouped()],
            "hits": found.hits[:page_size] if kind else [],
            "more": max(0, found.total - page_size) if kind else 0,
        },
    )
