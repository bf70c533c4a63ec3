import io
import zipfile

import pytest
from PIL import Image

from documents import sniffing
from documents.tests.conftest import PDF, docx_bytes, jpeg_with_exif, png_with_exif, upload


def test_a_real_pdf_is_recognised():
    recognised = sniffing.recognise(upload("verslag.pdf", PDF))
    assert (recognised.content_type, recognised.extension, recognised.is_image) == ("application/pdf", ".pdf", False)


def test_a_docx_is_recognised_whatever_its_name():
    recognised = sniffing.recognise(upload("verslag.bin", docx_bytes()))
    assert recognised.extension == ".docx"
    assert recognised.content_type.endswith("wordprocessingml.document")


def test_an_opendocument_text_is_recognised():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    assert sniffing.recognise(upload("notulen.odt", out.getvalue())).extension == ".odt"


def test_a_png_loses_its_exif_and_is_made_smaller(settings):
    settings.DOCUMENTS_IMAGE_MAX_EDGE = 1000
    assert Image.open(io.BytesIO(png_with_exif())).getexif()  # the test image does carry EXIF
    recognised = sniffing.recognise(upload("foto.png", png_with_exif()))
    image = Image.open(io.BytesIO(recognised.image))
    assert (recognised.content_type, image.size) == ("image/png", (1000, 500))
    assert not image.getexif()
    assert "exif" not in image.info


def test_a_jpeg_loses_its_exif():
    recognised = sniffing.recognise(upload("foto.jpg", jpeg_with_exif()))
    image = Image.open(io.BytesIO(recognised.image))
    assert recognised.content_type == "image/jpeg"
    assert not image.getexif()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("script.pdf", b"#!/bin/sh\nrm -rf /\n", "geen pdf"),
        ("page.pdf", b"<html><script>alert(1)</script></html>", "geen pdf"),
        (
            "logo.svg",
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "SVG",
        ),
        ("tekening.png", b'<svg onload="alert(1)"/>', "SVG"),
        ("program.exe", b"MZ\x90\x00" + b"\x00" * 100, "nemen we niet aan"),
        ("kapot.jpg", b"\xff\xd8\xff\xe0garbage", "niet worden gelezen"),
        ("archief.docx", b"PK\x03\x04not really a zip", "geen Office-document"),
        ("active.pdf", PDF.replace(b"/Type/Catalog", b"/Type/Catalog/OpenAction<</S/J#61vaScript/JS(x)>>"), "scripts"),
    ],
)
def test_hostile_or_unknown_files_are_refused(name, content, message):
    with pytest.raises(sniffing.Refused, match=message):
        sniffing.recognise(upload(name, content))


def test_a_document_with_macros_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes())) as source, zipfile.ZipFile(out, "w") as archive:
        for item in source.infolist():
            archive.writestr(item, source.read(item))
        archive.writestr("word/vbaProject.bin", b"\x00" * 10)
    with pytest.raises(sniffing.Refused, match="macro's"):
        sniffing.recognise(upload("met-macro.docx", out.getvalue()))


def test_a_zip_bomb_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\x00" * (20 * 1024 * 1024))
    with pytest.raises(sniffing.Refused, match="uitgepakt"):
        sniffing.recognise(upload("bom.docx", out.getvalue()))


def test_a_file_over_the_limit_is_refused_before_reading(settings):
    settings.DOCUMENTS_MAX_UPLOAD_BYTES = 1024 * 1024
    big = upload("groot.pdf", PDF + b"\x00" * (1024 * 1024))
    with pytest.raises(sniffing.Refused, match="groter dan 1 MB"):
        sniffing.recognise(big)


def test_a_100_mb_upload_is_dropped_at_the_limit_while_it_arrives(settings):
    """The handler passes chunks on until the limit and then skips the file: the rest is never kept."""
    from django.core.files.uploadhandler import SkipFile

    from documents.uploads import SizeLimit

    handler = SizeLimit()
    handler.new_file("file", "groot.pdf", "application/pdf", None)
    chunk = b"\x00" * (64 * 1024)
    passed = 0
    with pytest.raises(SkipFile):
        for start in range(0, 100 * 1024 * 1024, len(chunk)):
            passed += len(handler.receive_data_chunk(chunk, start))
    assert passed <= settings.DOCUMENTS_MAX_UPLOAD_BYTES == 25 * 1024 * 1024
    assert handler.refused == ["file"]
