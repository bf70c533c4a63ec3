"""Import a spreadsheet from the command line: the same pipeline, checks and messages as the web page."""

import json
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from exchange.import_kinds import KINDS
from exchange.references import Lookups
from exchange.spreadsheet import read_sheet, run
from programmes.models import Programme

# The command line reads larger files than the web page takes.
MAX_FILE_BYTES = 100 * 1024 * 1024


class Command(BaseCommand):
    help = (
        "Import organisations, people, activities, projects, offerings, figures, stories or budget lines from a "
        "CSV or XLSX file. Checks everything first; saves all rows or none."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.description = _(self.help)  # in the language the command speaks, as its messages are
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file")
        parser.add_argument("--programme", help=_("The programme's slug (needed for stories and budget lines)."))
        parser.add_argument("--mapping", help=_('A JSON file of column name → field name, e.g. {"Wie": "organisers"}.'))
        parser.add_argument("--dry-run", action="store_true", help=_("Check and report; save nothing."))
        parser.add_argument(
            "--accept-suggestions",
            action="store_true",
            help=_(
                "Read near-miss names (organisations, themes, lines, ambitions, activities) as the one suggested, "
                "and link a new organisation that looks like one already there to it (its name becomes an "
                "abbreviation)."
            ),
        )
        parser.add_argument(
            "--set",
            dest="values_for_rows",
            action="append",
            default=[],
            metavar="FIELD=VALUE",
            help=_(
                "A value for rows without one, for a field the file lacks or leaves empty, e.g. --set sector=po. "
                "Repeatable. A record that has a value keeps it."
            ),
        )

    def handle(
        self,
        *args: Any,
        kind: str,
        file: str,
        programme: str | None,
        mapping: str | None,
        dry_run: bool,
        accept_suggestions: bool,
        values_for_rows: list[str],
        **options: Any,
    ) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("There is no file %(path)s.") % {"path": file})
        chosen = self._mapping(mapping)
        preset = self._preset(values_for_rows)
        found = None
        if programme:
            found = Programme.objects.filter(slug=programme).first()
            if found is None:
                raise CommandError(_("There is no programme “%(slug)s”.") % {"slug": programme})
        upload = SimpleUploadedFile(path.name, b"")
        upload.size = path.stat().st_size
        if upload.size <= MAX_FILE_BYTES:
            upload = SimpleUploadedFile(path.name, path.read_bytes())
        sheet = read_sheet(upload, KINDS[kind], chosen, max_bytes=MAX_FILE_BYTES)
        outcome = run(
            KINDS[kind],
            sheet,
            Lookups(found, None, accept_suggestions),
            mapping=chosen,
            write=not dry_run,
            preset=preset,
        )
        if outcome.profile is not None:
            self.stdout.write(_("Recognised as: %(profile)s") % {"profile": outcome.profile.label})
        for column in outcome.columns:
            target = column.field.label if column.field else _("(not read)")
            self.stdout.write(f"  {column.header} → {target}")
        if outcome.unread:
            self.stdout.write(_("Not read: %(columns)s.") % {"columns": ", ".join(outcome.unread)})
        if outcome.unmapped_required:
            self.stderr.write(
                _('Name the column for %(fields)s with --mapping, e.g. {"%(example)s": "%(field)s"}.')
                % {
                    "fields": ", ".join(outcome.unmapped_required_labels),
                    "example": outcome.unread[0] if outcome.unread else _("Column name"),
                    "field": outcome.unmapped_required[0].name,
                }
            )
        mapped = {column.field.name for column in outcome.columns if column.field}
        for name, (_value, reason) in KINDS[kind].defaults.items():
            if name not in mapped:
                self.stdout.write(f"{_('note')}: {reason}")
        for problem in outcome.problems:
            where = ", ".join(
                part
                for part in (_("row %(row)s") % {"row": problem.row} if problem.row else "", problem.column)
                if part
            )
            stream = self.stderr if problem.blocking else self.stdout
            stream.write(
                f"{_('error') if problem.blocking else _('note')}: {where + ': ' if where else ''}{problem.message}"
            )
        counts = _("%(rows)s rows: %(create)s new, %(update)s changed, %(unchanged)s unchanged.") % {
            "rows": outcome.rows_read,
            **{name: outcome.counts.get(name, 0) for name in ("create", "update", "unchanged")},
        }
        if outcome.error_count:
            raise CommandError(
                _("Nothing was imported: %(count)s problems. %(counts)s")
                % {"count": outcome.error_count, "counts": counts}
            )
        self.stdout.write(counts)
        for row in outcome.samples:
            for change in row.changes:
                self.stdout.write(
                    _("row %(row)s, %(field)s: %(old)s → %(new)s")
                    % {"row": row.number, "field": change.label, "old": change.old, "new": change.new}
                )
        self.stdout.write(_("Dry run: nothing was saved.") if dry_run else _("Imported."))

    def _preset(self, given: list[str]) -> dict[str, str]:
        preset = {}
        for pair in given:
            name, equals, value = pair.partition("=")
            if not equals or not name.strip():
                raise CommandError(_("Write --set as FIELD=VALUE, e.g. --set sector=po."))
            preset[name.strip()] = value.strip()
        return preset

    def _mapping(self, mapping: str | None) -> dict | None:
        if not mapping:
            return None
        try:
            chosen = json.loads(Path(mapping).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(_("The mapping file could not be read: %(error)s") % {"error": error}) from None
        if not isinstance(chosen, dict) or not all(isinstance(value, str) for value in chosen.values()):
            raise CommandError(_('The mapping file should hold {"column name": "field name", …}.'))
        return chosen
