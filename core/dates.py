import datetime as dt

from django.utils import timezone


def start_of_today() -> dt.datetime:
    """Local midnight today, so an activity running today still counts as upcoming."""
    return timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time.min))
