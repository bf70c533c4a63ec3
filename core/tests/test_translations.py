"""The Dutch catalogue is complete and its compiled .mo matches the .po (run `make messages` after editing)."""

import gettext
import re
from pathlib import Path

from django.conf import settings
from django.test import Client

PO = Path(settings.BASE_DIR) / "locale" / "nl" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _entries(text: str):
    """(msgid, [msgstr...], flags, context) for each entry of a .po file."""
    for block in text.split("\n\n"):
        flags = " ".join(line for line in block.splitlines() if line.startswith("#,"))
        fields, current = {}, None
        for line in block.splitlines():
            match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if fields.get("msgid"):
            msgstrs = [value for key, value in fields.items() if key.startswith("msgstr")]
            yield fields["msgid"], msgstrs, flags, fields.get("msgctxt")


def test_every_message_is_translated_and_none_is_fuzzy():
    untranslated, fuzzy = [], []
    for msgid, msgstrs, flags, _context in _entries(PO.read_text(encoding="utf-8")):
        if not all(msgstrs):
            untranslated.append(msgid)
        if "fuzzy" in flags:
            fuzzy.append(msgid)
    assert not untranslated, f"untranslated: {untranslated}"
    assert not fuzzy, f"fuzzy: {fuzzy}"


def test_compiled_catalogue_holds_every_message_of_the_po():
    catalogue = gettext.GNUTranslations(MO.open("rb"))
    for msgid, msgstrs, _flags, context in _entries(PO.read_text(encoding="utf-8")):
        singular = msgid.encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
        found = catalogue.pgettext(context, singular) if context else catalogue.gettext(singular)
        assert (
            found == msgstrs[0].encode().decode("unicode_escape").encode("latin-1").decode("utf-8") or len(msgstrs) > 1
        ), msgid


def test_pages_are_dutch_at_the_root_and_english_under_en(db):
    client = Client()
    dutch = client.get("/agenda/").content.decode()
    english = client.get("/en/agenda/").content.decode()
    assert 'lang="nl"' in dutch and "Jaarkalender" in dutch and "Direct naar de inhoud" in dutch
    assert 'lang="en"' in english and "Year calendar" in english and "Skip to content" in english
