from core.admin_site import register_read_only
from exchange.models import ImportedEvent, ImportMapping

register_read_only(ImportedEvent, ImportMapping)
