from django.contrib import admin

from attendance.models import Attendance, AttendanceList, AttendanceTurn, ErasedKey, Participant
from core.admin_site import ReadOnlyAdmin, register_read_only

# Participants and erased keys are shown without their keyed hashes (core.admin_site.SECRET_FIELDS).
register_read_only(Participant, Attendance, ErasedKey, AttendanceTurn)


@admin.register(AttendanceList)
class AttendanceListAdmin(ReadOnlyAdmin):
    list_display = ("activity", "rows", "figures_source", "saved_by", "saved_at")
    list_select_related = ("activity", "saved_by")
