"""Keep the catalogues of the parent-only languages (settings.PARENT_ONLY_LANGUAGES) in step with the parent pages.

The rest of the site is not translated into those languages, so `makemessages` (which would collect every string
of the project) is not used for them. This command collects the messages of the parent pages' templates and
Python modules only (PARENT_SOURCES), and merges them into locale/<language>/LC_MESSAGES/django.po with msgmerge:
translations already there stay, new messages come in untranslated, and messages no longer used are dropped.
Translate the new ones, then run `compilemessages`. `--check` only reports what is missing (for CI or a review).
"""

import importlib
import inspect
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string
from django.utils.translation.template import templatize

# What a parent page shows: its chrome, the school-choice pages, the open days (list, month, detail) and the
# sections other apps add to an open day's page. Templates by path; Python by dotted name of a module, class or
# function, so only the choices and labels a parent page shows are collected (not a whole models module).
PARENT_SOURCES = [
    "core/templates/core/base.html",
    "core/templates/core/_filter_panel.html",
    "core/templates/core/_filter_form.html",
    "core/templates/core/_filter_state.html",
    "core/templates/core/_filter_count.html",
    "core/templates/core/_filter_errors.html",
    "core/templates/core/_results_status.html",
    "core/templates/core/_export_links.html",
    "core/templates/core/_empty_results.html",
    "core/templates/core/_pagination.html",
    "core/templates/core/_swap.html",
    "core/templates/core/error_page.html",
    "core/templates/404.html",
    "parents/templates/parents/choosing_a_school.html",
    "parents/templates/parents/page.html",
    "parents/templates/parents/letter.html",
    "parents.views",
    "activities/templates/activities/open_days.html",
    "activities/templates/activities/_open_days_results.html",
    "activities/templates/activities/_month.html",
    "activities/templates/activities/detail.html",
    "activities.filters.OpenDayFilter",
    "activities.models.ActivityKind",
    "activities.models.SchoolType",
    "core.models.Language",
    "core.models.Sector",
    "core.templatetags.rimpel.activity_when",
    "stories/templates/stories/_activity_stories.html",
    "impact/templates/impact/_activity_figures.html",
]


def _python_source(base: Path, name: str) -> str:
    if name.endswith(".html"):
        return templatize((base / name).read_text(encoding="utf-8"), origin=name)
    try:
        return inspect.getsource(importlib.import_module(name))
    except ImportError:
        return inspect.getsource(import_string(name))


def _run(arguments: list[str], **kwargs) -> subprocess.CompletedProcess:
    # The GNU gettext tools, as Django's makemessages and compilemessages call them; the arguments are ours.
    return subprocess.run(arguments, check=True, **kwargs)  # noqa: S603


def collect(base: Path, pot: Path) -> None:
    """Write the parent pages' messages to pot (xgettext, as makemessages calls it)."""
    with tempfile.TemporaryDirectory() as work:
        sources = []
        for name in PARENT_SOURCES:
            source = Path(work) / (name.replace("/", "__") + ".py")
            source.write_text(_python_source(base, name), encoding="utf-8")
            sources.append(str(source))
        _run(
            [
                "xgettext", "--language=Python", "--from-code=UTF-8", "--no-location", "--no-wrap", "--sort-output",
                "--keyword=gettext_noop", "--keyword=gettext_lazy", "--keyword=ngettext_lazy:1,2",
                "--keyword=pgettext:1c,2", "--keyword=npgettext:1c,2,3", "--keyword=pgettext_lazy:1c,2",
                "--keyword=npgettext_lazy:1c,2,3", "--keyword=ngettext:1,2", f"--output={pot}", *sources,
            ],
        )  # fmt: skip


def missing(po: Path) -> list[str]:
    result = _run(
        ["msgattrib", "--untranslated", "--no-obsolete", "--no-wrap", str(po)],
        capture_output=True,
        text=True,
    )
    return [
        line[len('msgid "') : -1]
        for line in result.stdout.splitlines()
        if line.startswith('msgid "') and line != 'msgid ""'
    ]


class Command(BaseCommand):
    help = "Merge the parent pages' messages into the catalogues of the parent-only languages."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Only list untranslated messages; fail if any.")

    def handle(self, *args, check: bool = False, **options) -> None:
        base = Path(settings.BASE_DIR)
        incomplete = []
        with tempfile.TemporaryDirectory() as work:
            pot = Path(work) / "parents.pot"
            collect(base, pot)
            for language in settings.PARENT_ONLY_LANGUAGES:
                po = base / "locale" / language / "LC_MESSAGES" / "django.po"
                if not po.exists():
                    raise CommandError(f"{po} is missing: start it with msginit --locale={language} from a .pot.")
                # With --check the merge goes to a copy, so new messages count as missing without changing files.
                target = Path(work) / f"{language}.po" if check else po
                _run(
                    ["msgmerge", "--quiet", "--no-wrap", "--no-fuzzy-matching", "--sort-output",
                     f"--output-file={target}", str(po), str(pot)],
                )  # fmt: skip
                _run(["msgattrib", "--no-obsolete", "--no-wrap", f"--output-file={target}", str(target)])
                for msgid in missing(target):
                    incomplete.append(f"{language}: {msgid}")
        for line in incomplete:
            self.stdout.write(line)
        if check and incomplete:
            raise CommandError(f"{len(incomplete)} messages are not translated yet.")
