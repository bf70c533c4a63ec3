"""User-written rich text: a small set of tags kept, everything else removed, so it is safe to show as HTML."""

import re

import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h3", "h4", "blockquote", "span"}
# A span only marks words in another language (<span lang="nl">Sleutelpas</span> in an Arabic text, WCAG 3.1.2).
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "span": {"lang", "dir"}}
LOOKS_LIKE_HTML = re.compile(r"<[a-zA-Z/][^>]*>")


def sanitise(text: str) -> str:
    """Clean HTML; plain text becomes paragraphs (blank lines) with line breaks, its characters escaped."""
    text = (text or "").strip()
    if not text:
        return ""
    if not LOOKS_LIKE_HTML.search(text):
        paragraphs = [part for part in re.split(r"\n\s*\n", text) if part.strip()]
        text = "".join(
            "<p>" + "<br>".join(nh3.clean_text(line.strip()) for line in part.splitlines()) + "</p>"
            for part in paragraphs
        )
    return nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
