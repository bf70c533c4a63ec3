from django.conf import settings

from core.permissions import is_coordinator, is_editor


def site(request):
    user = request.user
    return {
        "network_name": settings.RIMPEL_NETWORK_NAME,
        "user_is_editor": is_editor(user) if user.is_authenticated else False,
        "user_is_coordinator": is_coordinator(user),
    }
