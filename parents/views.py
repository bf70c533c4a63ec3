"""The information point for parents: the school-choice pages and the letter with a QR code (in all six languages),
and the coordinators' pages to write them per language (in Dutch or English, like the rest of the site)."""

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedHttpRequest
from core.languages import NAMES_IN_THEMSELVES, parent_page
from core.permissions import can_edit_parent_pages, require
from core.views_helpers import already_submitted, render_form, save_once
from parents import services
from parents.forms import NewPageForm, PageTextForm
from parents.models import ParentPage


def _language_name(code: str) -> str:
    return str(dict(settings.LANGUAGES)[code])


@parent_page
def choosing_a_school(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "parents/choosing_a_school.html",
        {"pages": services.pages_in(translation.get_language()), "may_edit": can_edit_parent_pages(request.user)},
    )


@parent_page
def page(request: HttpRequest, slug: str) -> HttpResponse:
    parent_page_ = get_object_or_404(ParentPage.objects.prefetch_related("translations"), slug=slug)
    text = services.text_of(parent_page_, translation.get_language())
    may_edit = can_edit_parent_pages(request.user)
    edit_links = []
    if may_edit:
        with_text = services.languages_with_text(parent_page_)
        edit_links = [
            (code, NAMES_IN_THEMSELVES[code], reverse("parents:edit", args=[slug, code]), code in with_text)
            for code, _name in settings.LANGUAGES
        ]
    return render(
        request,
        "parents/page.html",
        {
            "text": text,
            # The note names the visitor's language in that language: "… niet in het Arabisch" reads oddly.
            "language_name": NAMES_IN_THEMSELVES[translation.get_language()],
            "may_edit": may_edit,
            "edit_links": edit_links,
        },
    )


@parent_page
def letter(request: HttpRequest) -> HttpResponse:
    """A printable letter for schools and the municipality to hand out: a QR code to the school-choice page in
    the letter's language."""
    address = request.build_absolute_uri(reverse("parents:choosing_a_school"))
    qr_code = segno.make(address, error="m")
    # segno writes plain SVG elements with presentation attributes (no style attributes, so the CSP allows it);
    # without a fixed size (a viewBox instead) letter.css sizes it for the screen and for paper.
    svg = qr_code.svg_inline(omitsize=True, title=_("QR code to %(address)s") % {"address": address})
    return render(request, "parents/letter.html", {"address": address, "qr_code": mark_safe(svg)})  # noqa: S308


@login_required
def create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(can_edit_parent_pages(request.user))
    form = NewPageForm(request.POST or None)
    if request.method == "POST":
        earlier = already_submitted(request, form)
        if earlier:
            return earlier
        if form.is_valid():
            data = form.cleaned_data
            page_ = ParentPage(slug=data["slug"], order=data["order"])
            return save_once(
                request,
                form,
                lambda: services.save_text(
                    page_, settings.LANGUAGE_CODE, title=data["title"], summary=data["summary"], body=data["body"]
                ),
                _("The page was added. Now write it in the other languages."),
            )
    return render_form(
        request, form, heading=_("New page for parents"), cancel_url=reverse("parents:choosing_a_school")
    )


@login_required
def edit(request: AuthenticatedHttpRequest, slug: str, language: str) -> HttpResponse:
    require(can_edit_parent_pages(request.user))
    if language not in dict(settings.LANGUAGES):
        raise Http404
    parent_page_ = get_object_or_404(ParentPage.objects.prefetch_related("translations"), slug=slug)
    form = PageTextForm(request.POST or None, initial=services.texts(parent_page_, language), language=language)
    name = _language_name(language)
    if request.method == "POST" and form.is_valid():
        services.save_text(parent_page_, language, **form.cleaned_data)
        messages.success(request, _("The text in %(language)s was saved.") % {"language": name})
        return redirect(parent_page_)
    title = services.text_of(parent_page_, settings.LANGUAGE_CODE).title
    return render_form(
        request,
        form,
        heading=_("“%(title)s” in %(language)s") % {"title": title, "language": name},
        cancel_url=parent_page_.get_absolute_url(),
    )
