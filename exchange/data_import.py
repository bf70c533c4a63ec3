"""A checked spreadsheet (a staged upload) read again and imported: by the check page's import button, or by the
task worker (exchange.jobs) when the file has more than BACKGROUND_ROWS rows."""

from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core import staging
from core.models import StagedUpload
from core.text import normalise_key
from exchange.import_kinds import KINDS
from exchange.models import ImportMapping
from exchange.references import Lookups
from exchange.spreadsheet import Kind, Outcome, Sheet, read_sheet, run
from programmes.models import Programme

# Above this many rows the import runs in the background with its progress (a few hundred take seconds).
BACKGROUND_ROWS = 300


def remembered(kind: str) -> dict:
    mapping = ImportMapping.objects.filter(kind=kind).first()
    return mapping.columns if mapping else {}


def programme_of(staged: StagedUpload) -> Programme | None:
    return Programme.objects.filter(pk=staged.payload["programme"]).first() if staged.payload["programme"] else None


def _mapping(staged: StagedUpload) -> dict:
    return {**remembered(staged.payload["kind"]), **staged.payload["columns"]}


def _sheet(staged: StagedUpload) -> Sheet:
    kind = KINDS[staged.payload["kind"]]
    return read_sheet(SimpleUploadedFile(staged.filename, bytes(staged.content)), kind, _mapping(staged))


def rows(staged: StagedUpload) -> int:
    return len(_sheet(staged).rows)


def outcome(
    staged: StagedUpload,
    *,
    write: bool,
    user: User | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[Kind, Outcome]:
    kind = KINDS[staged.payload["kind"]]
    lookups = Lookups(programme_of(staged), user, accept_suggestions=staged.payload["accept_suggestions"])
    choices = {int(number): same for number, same in staged.payload.get("near", {}).items()}
    return kind, run(
        kind,
        _sheet(staged),
        lookups,
        mapping=_mapping(staged),
        write=write,
        preset=staged.payload.get("preset", {}),
        choices=choices,
        progress=progress,
    )


def import_staged(
    staged: StagedUpload, user: User, progress: Callable[[int, int], None] | None = None
) -> tuple[Kind, Outcome] | None:
    """Import the file and remember its columns; None when it was imported already (a form posted twice). A file
    with problems imports nothing and stays waiting, for other columns or cancel."""
    with transaction.atomic():
        if not staging.consume(staged):
            return None
        kind, result = outcome(staged, write=True, user=user, progress=progress)
        if not result.applied:
            transaction.set_rollback(True)
            return kind, result
        ImportMapping.objects.update_or_create(
            kind=staged.payload["kind"],
            defaults={
                "columns": {
                    **remembered(staged.payload["kind"]),
                    **{
                        normalise_key(column.header): column.field.name if column.field else ""
                        for column in result.columns
                    },
                }
            },
        )
    return kind, result


def counts(result: Outcome) -> dict[str, int]:
    return {name: result.counts.get(name, 0) for name in ("create", "update", "unchanged")}


def imported_message(kind: Kind, result: Outcome) -> str:
    return _("%(kind)s imported: %(create)s new, %(update)s changed, %(unchanged)s unchanged.") % {
        "kind": str(kind.label).capitalize(),
        **counts(result),
    }
