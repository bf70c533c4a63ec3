from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from core.languages import is_parent_page, language_links, path_in
from core.permissions import is_coordinator, is_editor


def site(request):
    user = request.user
    return {
        "network_name": settings.RIMPEL_NETWORK_NAME,
        # The house style's class on <html>: its tokens override the default theme's (core/static/rimpel/tokens.css).
        "theme_class": f"rimpel-theme-{settings.RIMPEL_THEME}",
        # The first path segment without the language prefix ('agenda', 'projecten', ...),
        # so the menu can mark the section a detail page belongs to.
        "section": path_in(request.path, settings.LANGUAGE_CODE).strip("/").split("/")[0],
        # The same page in the other language: a plain link, so public pages carry no CSRF token and can be
        # cached (core.pagecache). None on paths without a language prefix (the API docs), which follow the
        # language cookie: base.html posts to set_language there.
        "other_language_url": _other_language_url(request),
        # A page for parents has a menu of all six languages instead (core.languages).
        "language_links": language_links(request) if is_parent_page(request) else [],
        "user_is_editor": is_editor(user) if user.is_authenticated else False,
        "user_is_coordinator": is_coordinator(user),
        # Links to the sign-up page show only while professionals may sign up (RIMPEL_SIGNUP).
        "signup_open": settings.SIGNUP_OPEN,
    }


def _other_language_url(request) -> str | None:
    current = request.get_full_path()
    translated = translate_url(current, "en" if get_language() == "nl" else "nl")
    return translated if translated != current else None
