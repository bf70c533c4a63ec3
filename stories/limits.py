"""How many stories may arrive, for the public form and the API alike: per sending address in the last hour, and
per collection link in a short sliding window, so that a flood slows a link for some minutes but does not close it
for everyone for the rest of the hour. Only stories that passed the form's checks count against the link: a robot's
invalid or honeypot posts do not use up the room real visitors need.

Both count through core.ratelimit.hit on a sliding window: counted before compared, in one atomic step shared by
all workers, so requests that race each other cannot all slip under a limit."""

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac

from core.ratelimit import client_address, hit, refund
from stories.models import CollectionLink

ADDRESS_WINDOW = 3600


def sender_key(request) -> str:
    """A keyed hash of the request's address: stories from one sender can be found together, the address is not
    kept."""
    return sender_key_for(client_address(request))


def sender_key_for(address: str) -> str:
    return salted_hmac("stories.sender", address).hexdigest()[:32]


def is_live_event(link: CollectionLink) -> bool:
    return link.busy_until is not None and link.busy_until > timezone.now()


def address_allows(request, link: CollectionLink) -> bool:
    """Count this post from its address; False when the address sent too many in the last hour. Every post counts
    here, also an invalid one: a robot's retries slow only the robot."""
    limit = settings.STORY_LIMIT_PER_ADDRESS_LIVE if is_live_event(link) else settings.STORY_LIMIT_PER_ADDRESS
    return hit(f"story-address:{sender_key(request)}", limit, ADDRESS_WINDOW, sliding=True)


def link_allows(link: CollectionLink) -> bool:
    """Count a checked story through this link; False (and not counted) when the link's recent ceiling is
    reached."""
    key, window = f"story-link:{link.pk}", settings.STORY_LINK_WINDOW
    if hit(key, settings.STORY_LIMIT_PER_LINK, window, sliding=True):
        return True
    refund(key, window)
    return False
