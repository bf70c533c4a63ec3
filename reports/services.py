from django.db import transaction

from programmes.models import Programme
from reports.models import ReportSettings, ReportText, TextKey


@transaction.atomic
def save_texts(programme: Programme, texts: dict) -> None:
    """Store the report texts (an emptied text is kept as empty, so the report says it is missing) and settings."""
    for key in TextKey.values:
        if key in texts:
            ReportText.objects.update_or_create(programme=programme, key=key, defaults={"text": texts[key].strip()})
    if "segregation_section" in texts:
        ReportSettings.objects.update_or_create(
            programme=programme, defaults={"segregation_section": bool(texts["segregation_section"])}
        )
