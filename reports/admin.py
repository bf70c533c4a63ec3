from core.admin_site import register_read_only
from reports.models import EvaluationSource, ReportText

register_read_only(ReportText, EvaluationSource)
