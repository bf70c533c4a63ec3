"""An activity's first-degree figures in a spreadsheet, saved through impact.services.save_activity_figures (new ones
in bulk through create_activity_figures)."""

from django.utils.translation import gettext_lazy as _

from exchange import cells
from exchange.cells import CellError
from exchange.import_kinds.common import optional_organisations, text
from exchange.references import Lookups
from exchange.spreadsheet import Field, Kind, filled
from impact.models import ActivityFigures
from impact.services import NewFigures, create_activity_figures, save_activity_figures


def _figures_complete(values: dict, lookups: Lookups) -> list:
    """The activity by its name (and date); copes with a row whose failed cells are left out."""
    if not values.get("activity"):
        return []
    try:
        values["activity"] = lookups.activity(values["activity"], on=values.pop("date", None))
    except CellError as error:
        return [("activity", str(error))]
    return []


def _figures_existing(lookups: Lookups) -> dict:
    involved: dict[int, set[int]] = {}
    for figures_id, organisation_id in ActivityFigures.involved_organisations.through.objects.values_list(
        "activityfigures_id", "organisation_id"
    ):
        involved.setdefault(figures_id, set()).add(organisation_id)
    return {
        row["activity_id"]: {**row, "activity": row["activity_id"], "involved": involved.get(row["pk"], set())}
        for row in ActivityFigures.objects.values("pk", "activity_id", "participants", "first_timers", "source")
    }


def _figures_check(values: dict, current: dict | None) -> list:
    participants, first = filled(values, current, "participants"), filled(values, current, "first_timers")
    if participants is not None and first is not None and first > participants:
        return [("first_timers", _("More first-time participants than participants."))]
    return []


def _figures_save(values: dict, current: dict | None, lookups: Lookups) -> ActivityFigures:
    record = ActivityFigures.objects.get(pk=current["pk"]) if current else ActivityFigures(activity=values["activity"])
    for name in ("participants", "first_timers", "source"):
        setattr(record, name, filled(values, current, name, "" if name == "source" else None))
    return save_activity_figures(record, involved=filled(values, current, "involved", []))


def _figures_create(rows: list[dict], lookups: Lookups) -> None:
    """New figures in bulk, through the service: the rows were checked as save_activity_figures' full_clean would
    (whole numbers from 0, the source's length, no more first-timers than participants, one row per activity
    without figures)."""
    create_activity_figures(
        [
            NewFigures(
                ActivityFigures(
                    activity=values["activity"],
                    participants=values.get("participants"),
                    first_timers=values.get("first_timers"),
                    source=values.get("source") or "",
                ),
                involved=values.get("involved") or [],
            )
            for values in rows
        ]
    )


FIGURES = Kind(
    name="figures",
    label=_("first-degree figures"),
    fields=(
        Field(
            "activity",
            _("activity"),
            ("activiteit", "activity", "titel", "title", "naam", "naam activiteit", "evenement", "bijeenkomst"),
            text(220),
            required=True,
        ),
        Field(
            "date", _("date"), ("datum", "date", "datum activiteit", "wanneer"), lambda cell, lookups: cells.date(cell)
        ),
        Field(
            "participants",
            _("participants"),
            (
                "deelnemers",
                "aantal deelnemers",
                "bereik",
                "aanwezigen",
                "participants",
                "ring 1",
                "ring1",
                "bezoekers",
                "aantal bezoekers",
                "aantal aanwezigen",
                "opkomst",
                "aantal",
            ),
            lambda cell, lookups: cells.integer(cell),
        ),
        Field(
            "first_timers",
            _("first-time participants"),
            (
                "nieuwe deelnemers",
                "eerste keer",
                "nieuw",
                "first-timers",
                "first timers",
                "new participants",
                "nieuwe bezoekers",
                "waarvan nieuw",
                "voor het eerst",
                "aantal nieuw",
            ),
            lambda cell, lookups: cells.integer(cell),
        ),
        Field(
            "involved",
            _("partner organisations involved"),
            (
                "partners",
                "betrokken organisaties",
                "betrokken partners",
                "partner organisations",
                "partnerorganisaties",
                "samenwerkingspartners",
                "betrokken",
            ),
            optional_organisations,
        ),
        Field("source", _("source"), ("bron", "source", "bron cijfers", "telling", "bron telling"), text(200)),
    ),
    key=lambda values: values["activity"].pk,
    existing=_figures_existing,
    complete=_figures_complete,
    complete_without_failed=True,
    check=_figures_check,
    save=_figures_save,
    create_many=_figures_create,
    describe=lambda values: str(values["activity"]),
)
