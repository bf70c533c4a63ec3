from core.admin_site import register_read_only
from impact.models import (
    ActivityFigures,
    Composition,
    Dimension,
    ImpactModel,
    MediaReach,
    Ring,
    SurveyResult,
    TargetGroup,
)

register_read_only(ImpactModel, Ring, Dimension, TargetGroup, ActivityFigures, Composition, MediaReach, SurveyResult)
