"""First-timers depend on activities' days: keep them right when an activity is saved (its date may have moved)
or deleted, whichever page or loader did it."""

from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver

from activities.models import Activity
from attendance import services


@receiver(post_save, sender=Activity, dispatch_uid="attendance-activity-saved")
def activity_saved(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        services.recount_activity(instance)


@receiver(pre_delete, sender=Activity, dispatch_uid="attendance-activity-deleted")
def activity_deleted(sender, instance, **kwargs):
    services.forget_activity(instance)
