"""The demo's pages for parents, read from parents/demo_pages/<language>.md (one file per language, so a reviewer
reads each language on its own). A page starts with "## Title {#slug}", then "> summary", then its text: paragraphs
separated by a blank line, Dutch words in another language's text marked <span lang="nl">…</span>."""

import re
from pathlib import Path

from django.conf import settings

from parents import services
from parents.models import ParentPage

PAGES_DIR = Path(__file__).parent / "demo_pages"
HEADING = re.compile(r"^## (?P<title>.+?) \{#(?P<slug>[a-z0-9-]+)\}$", re.MULTILINE)


def read(language: str) -> list[tuple[str, str, str, str]]:
    """(slug, title, summary, body) of each page in the language's file, in the file's order."""
    text = (PAGES_DIR / f"{language}.md").read_text(encoding="utf-8")
    headings = list(HEADING.finditer(text))
    pages = []
    for number, heading in enumerate(headings):
        end = headings[number + 1].start() if number + 1 < len(headings) else len(text)
        lines = text[heading.end() : end].strip().splitlines()
        summary = lines[0].removeprefix("> ").strip() if lines and lines[0].startswith(">") else ""
        paragraphs = "\n".join(lines[1:] if summary else lines).strip().split("\n\n")
        body = "".join(f"<p>{paragraph.strip()}</p>" for paragraph in paragraphs if paragraph.strip())
        pages.append((heading["slug"], heading["title"], summary, body))
    return pages


def load_demo_parent_pages() -> int:
    """Writes the demo pages in every language that has a file; returns the number of pages."""
    slugs: list[str] = []
    for code, _name in settings.LANGUAGES:
        if not (PAGES_DIR / f"{code}.md").exists():
            continue
        for order, (slug, title, summary, body) in enumerate(read(code)):
            page, _created = ParentPage.objects.get_or_create(slug=slug, defaults={"order": order})
            services.save_text(page, code, title=title, summary=summary, body=body)
            if slug not in slugs:
                slugs.append(slug)
    return len(slugs)
