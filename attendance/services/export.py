"""An activity's list as rows for a CSV download."""

from collections.abc import Iterator

from django.utils.translation import gettext as _

from activities.models import Activity
from attendance.models import Attendance
from core.exports import safe_cell
from core.models import Sector


def export_rows(activity: Activity) -> Iterator[list[str]]:
    """The list as rows for a CSV: pseudonym, consented name, role, sector, organisation, first time.
    Never an e-mail address: only keys and consented names are stored."""
    yield [_("pseudonym"), _("name"), _("role"), _("sector"), _("organisation"), _("first time")]
    labels = dict(Sector.choices)
    rows = (
        Attendance.objects.filter(activity=activity)
        .select_related("participant", "organisation")
        .order_by("participant__key", "pk")
    )
    for row in rows.iterator(chunk_size=2000):
        participant = row.participant
        yield [
            safe_cell(text)
            for text in (
                participant.short_key if participant else _("erased"),
                participant.display_name if participant else "",
                row.role,
                str(labels.get(row.sector, "")),
                row.organisation.name if row.organisation else row.organisation_name,
                _("yes") if row.first_time else _("no"),
            )
        ]
