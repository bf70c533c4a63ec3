"""A programme's budget lines in a spreadsheet, saved through programmes.services.save_budget_line."""

from django.utils.translation import gettext_lazy as _

from exchange import cells
from exchange.references import Lookups
from exchange.spreadsheet import Field, Kind, filled
from programmes.models import BudgetLine
from programmes.services import save_budget_line


def _budget_existing(lookups: Lookups) -> dict:
    return {
        (row["line_id"], row["year"]): {**row, "line": row["line_id"]}
        for row in BudgetLine.objects.filter(line__programme=lookups.programme).values(
            "pk", "year", "planned", "realised", "line_id"
        )
    }


def _budget_save(values: dict, current: dict | None, lookups: Lookups) -> BudgetLine:
    return save_budget_line(
        values["line"], values["year"], filled(values, current, "planned", 0), filled(values, current, "realised")
    )


BUDGET_LINES = Kind(
    name="budget",
    label=_("budget lines"),
    fields=(
        Field(
            "line",
            _("line"),
            ("lijn", "ambitie", "actielijn", "code", "line", "programmalijn", "onderdeel", "ambitie code"),
            lambda cell, lookups: lookups.programme_line(cell),
            required=True,
        ),
        Field(
            "year",
            _("year"),
            ("jaar", "year", "begrotingsjaar", "boekjaar"),
            lambda cell, lookups: cells.integer(cell, 1901, 2999),
            required=True,
        ),
        Field(
            "planned",
            _("planned (euro)"),
            ("begroot", "begroting", "gepland", "planned", "budget", "raming", "begroot bedrag", "toegekend"),
            lambda cell, lookups: cells.amount(cell, max_digits=12),
            required=True,
        ),
        Field(
            "realised",
            _("realised (euro)"),
            (
                "gerealiseerd",
                "realisatie",
                "besteed",
                "uitgegeven",
                "realised",
                "realized",
                "spent",
                "werkelijk",
                "uitgaven",
                "besteed bedrag",
            ),
            lambda cell, lookups: cells.amount(cell, max_digits=12),
        ),
    ),
    key=lambda values: (values["line"].pk, values["year"]),
    existing=_budget_existing,
    save=_budget_save,
    describe=lambda values: f"{values['line'].code} {values['year']}",
    needs_programme=True,
    complete_without_failed=True,
)
