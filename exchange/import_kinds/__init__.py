"""What each kind of record looks like in a spreadsheet: its fields with the column names people use for them
(Dutch and English), how a row finds the record it is about, and how it is saved through the app's own service.

The pipeline in exchange.spreadsheet does the rest, the same for every kind.
"""

from exchange.import_kinds.activities import ACTIVITIES
from exchange.import_kinds.budget import BUDGET_LINES
from exchange.import_kinds.figures import FIGURES
from exchange.import_kinds.offerings import OFFERINGS
from exchange.import_kinds.organisations import ORGANISATIONS
from exchange.import_kinds.people import PEOPLE
from exchange.import_kinds.projects import PROJECTS
from exchange.import_kinds.stories import STORIES

__all__ = [
    "ACTIVITIES",
    "BUDGET_LINES",
    "FIGURES",
    "KINDS",
    "OFFERINGS",
    "ORGANISATIONS",
    "PEOPLE",
    "PROJECTS",
    "STORIES",
]

KINDS = {
    kind.name: kind for kind in (ORGANISATIONS, PEOPLE, ACTIVITIES, PROJECTS, OFFERINGS, FIGURES, STORIES, BUDGET_LINES)
}
