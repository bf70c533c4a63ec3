from django.contrib import admin

from core.admin_site import ReadOnlyAdmin, register_read_only
from programmes.models import (
    Action,
    ActionReport,
    BudgetLine,
    ImpactRoute,
    Indicator,
    Measurement,
    Programme,
    ProgrammeFigure,
    ProgrammeLine,
    ReasoningLine,
    ReasoningStep,
    Recommendation,
)

register_read_only(
    ProgrammeLine,
    Action,
    ActionReport,
    Recommendation,
    ImpactRoute,
    BudgetLine,
    ProgrammeFigure,
    Indicator,
    Measurement,
    ReasoningLine,
    ReasoningStep,
)


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyAdmin):
    list_display = ("name", "period_start", "period_end", "publication_status", "updated_at")
    list_filter = ("publication_status",)
    search_fields = ("name", "slug")
