"""The demo's placeholder PDFs: drawn by WeasyPrint where it runs, written by hand where the machine lacks Pango (a
fresh `make run` does not need it), and either way a PDF that the upload check accepts and a reader opens."""

import builtins

import pypdfium2
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.sniffing import recognise
from home import demo_documents


def _text(pdf: bytes) -> str:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return document[0].get_textpage().get_text_range()
    finally:
        document.close()


def test_the_plain_pdf_opens_and_reads_back_its_line():
    pdf = demo_documents.plain_pdf("Brochure (brugfunctionaris) \\ één")
    assert recognise(SimpleUploadedFile("voorbeeld.pdf", pdf)).content_type == "application/pdf"
    assert _text(pdf) == "Brochure (brugfunctionaris) \\ één"


def test_without_pango_the_demo_still_gets_its_pdf(monkeypatch):
    real_import = builtins.__import__

    def without_weasyprint(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_weasyprint)
    pdf = demo_documents._pdf("Infographic kindreis")
    assert _text(pdf) == "Infographic kindreis (voorbeeld)"
