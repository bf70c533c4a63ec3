"""The demo's documents and media (home/demo_data/documents.json): what seeds 001 and 004 say the network makes.
Files are small placeholders made here (a one-page PDF with the title, a plain PNG), links are the seed's own or
marked as examples; every description says so."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape
from PIL import Image, ImageDraw

from documents.models import Document
from documents.services import save_document
from documents.sniffing import recognise
from home.demo_directory import read_data
from network.models import Theme
from programmes.models import Programme


def _placeholder(kind: str, title: str) -> SimpleUploadedFile:
    if kind == "png":
        image = Image.new("RGB", (800, 450), (240, 244, 248))
        ImageDraw.Draw(image).text((40, 200), f"{title} (voorbeeld)", fill=(20, 40, 80))
        out = io.BytesIO()
        image.save(out, format="PNG")
        return SimpleUploadedFile("voorbeeld.png", out.getvalue())
    return SimpleUploadedFile("voorbeeld.pdf", _pdf(title))


def _pdf(title: str) -> bytes:
    try:
        from weasyprint import HTML  # needs the system's Pango, which `make run` does not require
    except OSError:
        return plain_pdf(f"{title} (voorbeeld)")
    return HTML(string=f"<h1>{escape(title)}</h1><p>Voorbeeldbestand voor de demo van rimpel.</p>").write_pdf()


def plain_pdf(line: str) -> bytes:
    """A one-page PDF with one line of text in a standard font, written by hand: the demo's placeholder where
    WeasyPrint cannot run."""
    text = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1", "replace")
    content = b"BT /F1 18 Tf 50 780 Td (" + text + b") Tj ET"
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 4 0 R>>>>/Contents 5 0 R>>",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>",
        b"<</Length %d>>stream\n" % len(content) + content + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def load_documents() -> None:
    for row in read_data("documents.json"):
        if Document.objects.filter(title=row["title"]).exists():
            continue
        upload = _placeholder(row["file"], row["title"]) if row.get("file") else None
        save_document(
            Document(
                title=row["title"],
                kind=row["kind"],
                year=row["year"],
                description=row["description"],
                url=row.get("url", ""),
            ),
            target=Programme.objects.filter(slug=row["programme"]).first(),
            upload=upload,
            recognised=recognise(upload) if upload else None,
            themes=Theme.objects.filter(slug__in=row["themes"]),
        )
