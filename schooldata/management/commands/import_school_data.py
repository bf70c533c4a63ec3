"""Import a DUO or CBS open data file from the command line: the same service, checks and messages as the page."""

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from schooldata.services import import_file


class Command(BaseCommand):
    help = (
        "Import a file of DUO's or CBS's open data (pupils per school location, by postcode, school weighting, "
        "key figures of wijken and buurten, postcodes by wijk) as a data release. Checks everything first; saves "
        "all rows or none."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.description = _(self.help)
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help=_("Check and report; save nothing."))
        parser.add_argument(
            "--municipality", default="", help=_("For CBS's files: the CBS code (GM0546) or the name to keep.")
        )
        parser.add_argument(
            "--reference-date",
            type=dt.date.fromisoformat,
            help=_("The reference date (YYYY-MM-DD) when the file and its name do not give it."),
        )

    def handle(
        self,
        *args: Any,
        file: str,
        dry_run: bool,
        municipality: str,
        reference_date: dt.date | None,
        **options: Any,
    ) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("There is no file %(path)s.") % {"path": file})
        result = import_file(path, dry_run=dry_run, municipality=municipality, reference_date=reference_date)
        if result.kind:
            self.stdout.write(_("Recognised as: %(profile)s") % {"profile": result.kind_label})
        for problem in result.problems:
            where = ", ".join(
                part
                for part in (_("row %(row)s") % {"row": problem.row} if problem.row else "", problem.column)
                if part
            )
            stream = self.stderr if problem.blocking else self.stdout
            stream.write(
                f"{_('error') if problem.blocking else _('note')}: {where + ': ' if where else ''}{problem.message}"
            )
        summary = _("Rows read: %(read)s; kept: %(kept)s; left out: %(left)s; time: %(seconds)s s.") % {
            "read": result.rows_read,
            "kept": result.rows_imported,
            "left": result.rows_skipped,
            "seconds": f"{result.seconds:.2f}",
        }
        if result.errors:
            raise CommandError(
                _("Nothing was imported: %(count)s problems. %(counts)s")
                % {"count": result.error_count, "counts": summary}
            )
        self.stdout.write(summary)
        self.stdout.write(
            _("Dry run: nothing was saved.") if dry_run else _("Imported as %(release)s.") % {"release": result.release}
        )
