"""The demo's documents and media (home/demo_data/documents.json): what seeds 001 and 004 say the network makes.
Files are small placeholders made here (a one-page PDF with the title, a plain PNG), links are the seed's own or
marked as examples; every description says so."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape
from PIL import Image, ImageDraw
from weasyprint import HTML

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
    text = f"<h1>{escape(title)}</h1><p>Voorbeeldbestand voor de demo van rimpel.</p>"
    return SimpleUploadedFile("voorbeeld.pdf", HTML(string=text).write_pdf())


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
