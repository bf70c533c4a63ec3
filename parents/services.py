"""The pages for parents: their texts in the visitor's language or, failing that, in Dutch; saving a language's text."""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from core.richtext import sanitise
from parents.models import ParentPage


@dataclass(frozen=True)
class PageText:
    page: ParentPage
    title: str
    summary: str
    body: str
    # The language the text is in: the one asked for, or Dutch when that one has no text yet.
    language: str
    is_fallback: bool


def _translations(page: ParentPage) -> dict:
    # Read through the prefetched rows (pages_in), so a list of pages costs two queries.
    return {translation.language_code: translation for translation in page.translations.all()}


def text_of(page: ParentPage, language: str) -> PageText:
    """The page in the language, or its Dutch text (is_fallback) when the language has none."""
    translations = _translations(page)
    chosen = language if language in translations else settings.LANGUAGE_CODE
    translation = translations.get(chosen)
    return PageText(
        page=page,
        title=translation.title if translation else page.slug,
        summary=translation.summary if translation else "",
        body=translation.body if translation else "",
        language=chosen,
        is_fallback=chosen != language,
    )


def pages_in(language: str) -> list[PageText]:
    return [text_of(page, language) for page in ParentPage.objects.prefetch_related("translations")]


def languages_with_text(page: ParentPage) -> set[str]:
    return set(_translations(page))


def texts(page: ParentPage, language: str) -> dict[str, str]:
    """The page's own text in the language (empty fields when it has none), for the edit form."""
    translation = _translations(page).get(language)
    return {name: getattr(translation, name) if translation else "" for name in ("title", "summary", "body")}


@transaction.atomic
def save_text(page: ParentPage, language: str, *, title: str, summary: str, body: str) -> ParentPage:
    """Store the page's text in one language; an empty title and text remove that language (it falls back to
    Dutch again). The body is cleaned HTML."""
    if page.pk is None:
        page.save()
    if not title and not body:
        page.translations.filter(language_code=language).delete()
        return page
    page.set_current_language(language)
    page.title, page.summary, page.body = title, summary, sanitise(body)
    page.save()
    return page
