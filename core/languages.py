"""The site's languages: Dutch and English everywhere, four more (settings.PARENT_ONLY_LANGUAGES) on the pages for
parents only. A view marks itself with @parent_page; the middleware sends any other page asked for in one of the
four languages to its Dutch address, so no visitor sees a page half in Arabic and half in English."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import translation

ViewT = TypeVar("ViewT", bound=Callable[..., Any])

# Each language named in itself, as the language menu shows it (Django's own names write "polski" in lower case).
NAMES_IN_THEMSELVES = {
    "nl": "Nederlands",
    "en": "English",
    "ar": "العربية",
    "tr": "Türkçe",
    "pl": "Polski",
    "uk": "Українська",
}


def whole_site_language(language: str) -> str:
    """The language itself if the whole site has it, else Dutch."""
    return settings.LANGUAGE_CODE if language in settings.PARENT_ONLY_LANGUAGES else language


def parent_page(view: ViewT) -> ViewT:
    """Marks a view whose page exists in all of settings.LANGUAGES (its texts are in every catalogue)."""
    view.parent_page = True  # type: ignore[attr-defined]
    return view


def is_parent_page(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    return bool(match and getattr(match.func, "parent_page", False))


def path_in(path: str, language: str) -> str:
    """The same path in another language: Dutch has no prefix (i18n_patterns, prefix_default_language=False)."""
    current = translation.get_language()
    if current != settings.LANGUAGE_CODE and path.startswith(f"/{current}/"):
        path = path[len(current) + 1 :]
    return path if language == settings.LANGUAGE_CODE else f"/{language}{path}"


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    current: bool
    bidi: bool


def language_links(request: HttpRequest) -> list[LanguageLink]:
    """The language menu of a parent page: this page in each language, named in that language."""
    current = translation.get_language()
    path = request.get_full_path()
    return [
        LanguageLink(
            code,
            NAMES_IN_THEMSELVES[code],
            path_in(path, code),
            code == current,
            translation.get_language_info(code)["bidi"],
        )
        for code, _name in settings.LANGUAGES
    ]


class ParentOnlyLanguagesMiddleware:
    """After LocaleMiddleware: a page in one of the parent-only languages that is not a parent page goes to its
    Dutch address (a redirect); a path without a language prefix (the API, set_language) falls back to Dutch
    instead of following the browser into a language the rest of the site does not have."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        language = translation.get_language()
        if language not in settings.PARENT_ONLY_LANGUAGES or getattr(view_func, "parent_page", False):
            return None
        if request.path.startswith(f"/{language}/") and request.method in ("GET", "HEAD"):
            return HttpResponseRedirect(path_in(request.get_full_path(), settings.LANGUAGE_CODE))
        # A form sent from a parent page (a sign-up for an open day) is handled, in Dutch, rather than lost in a
        # redirect; so is a path without a prefix.
        translation.activate(settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        return None


def in_dutch_unless(request: HttpRequest, shown: bool) -> HttpResponse | None:
    """For a view that is a parent page for some records only (the activity page: open days): a redirect to the
    Dutch address when this record is not one of them and the page was asked for in a parent-only language."""
    language = translation.get_language()
    if shown or language not in settings.PARENT_ONLY_LANGUAGES:
        return None
    return HttpResponseRedirect(path_in(request.get_full_path(), settings.LANGUAGE_CODE))
