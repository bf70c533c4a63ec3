from django.db import transaction

from programmes.models import Programme
from reports.models import ReportText, TextKey


@transaction.atomic
def save_texts(programme: Programme, texts: dict) -> None:
    """Store the report texts; an emptied text is kept as empty, so the report says it is missing."""
    for key in TextKey.values:
        if key in texts:
            ReportText.objects.update_or_create(programme=programme, key=key, defaults={"text": texts[key].strip()})
