"""What an uploaded file is, recognised from its content and never from its name or the browser's word: PDF, an
Office document (Word, Excel or PowerPoint as OOXML, or OpenDocument) or an image (JPEG, PNG, WebP). Everything else
is refused, SVG included (it can carry scripts). Images are re-encoded with Pillow: resized to a longest edge and
without EXIF (place, camera, time), so what is served is what Pillow wrote."""

import io
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from core.tabular import MAX_PACKING_RATIO, MAX_UNPACKED_BYTES

HEAD_BYTES = 2048
CHUNK = 1024 * 1024
# Pillow refuses images above twice this many pixels; a photo of 50 megapixels is already rare.
MAX_PIXELS = 50_000_000
# Names in a PDF that make it act when opened (scripts, launching programs, embedded files, media players). A
# name may spell letters as #xx, which is undone before comparing.
PDF_ACTIVE = {b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFiles", b"/RichMedia", b"/XFA"}
PDF_NAME = re.compile(rb"/[A-Za-z0-9#]+")

OOXML = {
    "word/document.xml": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".docx",
    ),
    "xl/workbook.xml": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "ppt/presentation.xml": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ".pptx",
    ),
}
ODF = {
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "application/vnd.oasis.opendocument.presentation": ".odp",
}
IMAGES = {"JPEG": ("image/jpeg", ".jpg"), "PNG": ("image/png", ".png"), "WEBP": ("image/webp", ".webp")}


class Refused(Exception):
    """The file may not be stored; the message says why, for the uploader."""


@dataclass
class Recognised:
    content_type: str
    extension: str
    image: bytes | None = None  # an image as re-encoded; other files are stored as uploaded

    @property
    def is_image(self) -> bool:
        return self.image is not None


def recognise(uploaded: UploadedFile) -> Recognised:
    """What the file is, or Refused with the reason. The size is checked first, before any reading."""
    limit = settings.DOCUMENTS_MAX_UPLOAD_BYTES
    if (uploaded.size or 0) > limit:
        raise Refused(too_large_message())
    uploaded.seek(0)
    head = uploaded.read(HEAD_BYTES)
    uploaded.seek(0)
    if head.startswith(b"%PDF-"):
        _check_pdf(uploaded)
        return Recognised("application/pdf", ".pdf")
    if head.startswith(b"PK\x03\x04"):
        return _office(uploaded)
    if head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return _image(uploaded)
    name = (uploaded.name or "").lower()
    if name.endswith(".pdf"):
        raise Refused(_("This file is not a PDF, although its name ends in .pdf. We did not store it."))
    if name.endswith(".svg") or b"<svg" in head.lower():
        raise Refused(_("SVG images are not accepted: they can hold scripts. Upload a PNG or JPEG instead."))
    raise Refused(unknown_message())


def too_large_message() -> str:
    return _("The file is larger than %(size)s MB. Make it smaller, or put it online elsewhere and add a link.") % {
        "size": settings.DOCUMENTS_MAX_UPLOAD_BYTES // (1024 * 1024)
    }


def unknown_message() -> str:
    return _(
        "We cannot accept this kind of file. Upload a PDF, an Office document (docx, xlsx, pptx, odt) or an image "
        "(JPEG, PNG, WebP)."
    )


def _check_pdf(uploaded: UploadedFile) -> None:
    tail = b""
    for chunk in uploaded.chunks(CHUNK):
        # Chunks overlap by a little, so a name cut in two is still seen.
        window = tail + chunk
        for match in PDF_NAME.finditer(window):
            name = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), match.group())
            if name in PDF_ACTIVE:
                uploaded.seek(0)
                raise Refused(
                    _("This PDF contains scripts or embedded files. Save it again as a plain PDF and upload that.")
                )
        tail = window[-64:]
    uploaded.seek(0)


def _office(uploaded: UploadedFile) -> Recognised:
    not_office = _("This file looks like a zip archive but is not an Office document. We did not store it.")
    try:
        with zipfile.ZipFile(uploaded) as archive:
            parts = archive.infolist()
            names = {part.filename for part in parts}
            if sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES or any(
                part.file_size > CHUNK and part.file_size > MAX_PACKING_RATIO * max(part.compress_size, 1)
                for part in parts
            ):
                raise Refused(_("This document unpacks to far more than its size. We did not store it."))
            macros = any(name.lower().endswith("vbaproject.bin") or name.startswith("Basic/") for name in names)
            if macros:
                raise Refused(_("This document contains macros. Save it without macros and upload it again."))
            for main_part, (content_type, extension) in OOXML.items():
                if main_part in names and "[Content_Types].xml" in names:
                    return Recognised(content_type, extension)
            if "mimetype" in names:
                declared = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                if declared in ODF:
                    return Recognised(declared, ODF[declared])
    except zipfile.BadZipFile as error:
        raise Refused(not_office) from error
    finally:
        uploaded.seek(0)
    raise Refused(not_office)


def _image(uploaded: UploadedFile) -> Recognised:
    unreadable = _("This image could not be read. Save it again as JPEG or PNG and upload that.")
    try:
        with Image.open(uploaded) as image:
            if image.format not in IMAGES:
                raise Refused(unknown_message())
            if image.width * image.height > MAX_PIXELS:
                raise Refused(_("This image has too many pixels. Make it smaller and upload it again."))
            image_format = image.format
            image.load()
            upright = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise Refused(unreadable) from error
    finally:
        uploaded.seek(0)
    edge = settings.DOCUMENTS_IMAGE_MAX_EDGE
    upright.thumbnail((edge, edge))
    upright.info = {}  # the EXIF, XMP, comments and text chunks read from the upload: none of it is written back
    if image_format == "JPEG" and upright.mode not in ("RGB", "L"):
        upright = upright.convert("RGB")
    out = io.BytesIO()
    # Saved without exif= and without the PNG text chunks: Pillow writes only the pixels and what it needs.
    upright.save(out, format=image_format, **({"quality": 85} if image_format != "PNG" else {}))
    content_type, extension = IMAGES[image_format]
    return Recognised(content_type, extension, image=out.getvalue())
