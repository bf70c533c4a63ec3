"""Recording an activity's first-degree figures."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.widgets import written
from impact.models import ActivityFigures


def head_count_problems(participants, first_timers) -> list[str]:
    """What is wrong with a pair of head counts: negatives, or more first-timers than participants."""
    problems = []
    for label, value in ((_("participants"), participants), (_("first-time participants"), first_timers)):
        if value is not None and value < 0:
            problems.append(_("The number of %(what)s cannot be negative.") % {"what": label})
    if participants is not None and first_timers is not None and first_timers > participants:
        problems.append(
            _("There cannot be more first-time participants (%(first)s) than participants (%(all)s).")
            % {"first": written(first_timers), "all": written(participants)}
        )
    return problems


@transaction.atomic
def save_all(head_count_form, formsets) -> ActivityFigures:
    """Save validated head counts and their detail rows together: all or nothing."""
    figures = head_count_form.save()
    for formset in formsets:
        formset.instance = figures
        formset.save()
    return figures


@transaction.atomic
def save_figures(activity, *, participants=None, first_timers=None, source="") -> ActivityFigures:
    """Create or update an activity's head counts; refuses negatives and more first-timers than participants."""
    problems = head_count_problems(participants, first_timers)
    if problems:
        raise ValidationError(problems)
    figures, _created = ActivityFigures.objects.update_or_create(
        activity=activity, defaults={"participants": participants, "first_timers": first_timers, "source": source}
    )
    return figures
