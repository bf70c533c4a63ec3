from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from accounts.http import AuthenticatedHttpRequest
from core.permissions import can_keep_related_terms, can_see_broker_view, require
from core.views_helpers import render_form
from search import broker, services
from search.forms import RelatedTermsForm
from search.models import Kind, RelatedTerms

KIND_LABELS = {
    Kind.ORGANISATION: _("Organisations"),
    Kind.PERSON: _("People"),
    Kind.ACTIVITY: _("Activities"),
    Kind.PROJECT: _("Projects"),
    Kind.OFFERING: _("Offerings"),
    Kind.LINE: _("Lines"),
    Kind.PROGRAMME: _("Programmes"),
    Kind.STORY: _("Stories"),
    Kind.DOCUMENT: _("Documents and media"),
    Kind.NETWORK: _("About the network"),
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
    groups = [(value, KIND_LABELS[value], hits, count) for value, hits, count in found.grouped()]
    hits = found.hits[:page_size] if kind else []
    services.read_summaries(hits if kind else [hit for _value, _label, shown, _count in groups for hit in shown])
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
            "groups": groups,
            "hits": hits,
            "more": max(0, found.total - page_size) if kind else 0,
        },
    )


@login_required
def related_terms(request: AuthenticatedHttpRequest) -> HttpResponse:
    """/zoeken/verwante-termen/: the coordinators' list of words that mean the same thing here (search.related)."""
    require(can_keep_related_terms(request.user))
    current = "\n".join(RelatedTerms.objects.values_list("words", flat=True))
    form = RelatedTermsForm(request.POST or None, initial={"groups": current})
    if request.method == "POST" and form.is_valid():
        services.save_related_terms(form.cleaned_data["groups"])
        messages.success(request, gettext_now("The related terms were saved."))
        return redirect("search:related_terms")
    return render_form(
        request,
        form,
        heading=_("Related terms"),
        cancel_url=reverse("search:results"),
        status=400 if form.errors else 200,
    )


@login_required
def broker_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """/makelaar/: for a coordinator, open questions without a good match and introductions to make."""
    require(can_see_broker_view(request.user))
    return render(request, "search/broker.html", {"view": broker.broker_view()})
