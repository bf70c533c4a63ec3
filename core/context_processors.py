from django.conf import settings

from core.permissions import is_coordinator, is_editor


def site(request):
    user = request.user
    return {
        "network_name": settings.RIMPEL_NETWORK_NAME,
        # The first path segment without the language prefix ('agenda', 'projecten', ...),
        # so the menu can mark the section a detail page belongs to.
        "section": request.path.removeprefix("/en/").strip("/").split("/")[0],
        "user_is_editor": is_editor(user) if user.is_authenticated else False,
        "user_is_coordinator": is_coordinator(user),
    }
