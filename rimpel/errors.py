"""Error pages that keep a visitor's work: a post to the public story form that fails before it reaches the form
(an expired or missing CSRF cookie, a body over DATA_UPLOAD_MAX_MEMORY_SIZE) shows that form again, in the
visitor's language, with what they typed where the body can be read; elsewhere a page in the site's layout."""

from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.views import defaults

from stories.views import telling


def _story_form_code(request) -> str | None:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    return match.kwargs.get("code") if match.view_name == "stories:tell" else None


def csrf_failure(request, reason: str = "") -> HttpResponse:
    """settings.CSRF_FAILURE_VIEW."""
    code = _story_form_code(request)
    if code is not None:
        response = telling.tell_again(
            request,
            code,
            data=request.POST,
            notice=_(
                "Your story was not sent yet: the page had been open for a long time, or your browser did not "
                "keep our cookie. What you typed is still below. Check it and press “Send my story” again."
            ),
            status=403,
        )
        if response is not None:
            return response
    return render(request, "csrf_failure.html", status=403)


def bad_request(request, exception: Exception) -> HttpResponse:
    """handler400."""
    code = _story_form_code(request) if isinstance(exception, RequestDataTooBig) else None
    if code is not None:
        # The body is over the limit, so it is not read: the form comes back empty, with why.
        response = telling.tell_again(
            request,
            code,
            data=None,
            notice=_(
                "Your story could not be sent: it was much too large (more than 2.5 MB), for example because of "
                "a pasted picture. Type or paste the text only and send it again."
            ),
            status=400,
        )
        if response is not None:
            return response
    return defaults.bad_request(request, exception)
