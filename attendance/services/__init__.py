"""Saving, removing and erasing attendance lists, and the figures counted from them. Views call these; each use
case has its module (checking, saving, first_time, erasure, figures, export; turns holds what every write shares)
and its public names are importable from here.

First-timer rule: a participant is a first-timer at an activity when they attended no activity on an earlier
local day (Europe/Amsterdam). Two activities on someone's first day both count them; a person listed twice in
one list counts once. The flag is stored and recomputed for every listed attendance of the people a save or a
removal touches, so lists imported out of date order end up as if imported in date order. Rows whose person
was erased keep their flag, so an activity's totals do not change after an erasure request. An activity that
moves to another day or is deleted is recounted the same way (attendance.signals).
"""

from attendance.services.checking import Preview, held, held_shrinks, hold, leave_out_erased, preview
from attendance.services.erasure import Found, erase, find_participants
from attendance.services.export import export_rows
from attendance.services.figures import (
    ActivityAttendance,
    Year,
    YearTable,
    activity_attendance,
    programme_attendance,
    year_table,
)
from attendance.services.first_time import head_counts, refresh_first_time
from attendance.services.saving import forget_activity, recount_activity, remove_list, save_held, save_list
from attendance.services.turns import TOPIC, local_day

__all__ = [
    "TOPIC",
    "ActivityAttendance",
    "Found",
    "Preview",
    "Year",
    "YearTable",
    "activity_attendance",
    "erase",
    "export_rows",
    "find_participants",
    "forget_activity",
    "head_counts",
    "held",
    "held_shrinks",
    "hold",
    "leave_out_erased",
    "local_day",
    "preview",
    "programme_attendance",
    "recount_activity",
    "refresh_first_time",
    "remove_list",
    "save_held",
    "save_list",
    "year_table",
]
