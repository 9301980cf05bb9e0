"""Small but real files made in the test, so no file is needed: pictures (by their headers, with
photo-like bytes after them), PDFs, Word and OpenDocument files with words in them, and the
security review's polyglots (documents carrying a picture where a blacklist does not look)."""

import base64
import gzip
import io
import random
import struct
import zipfile
import zlib
from xml.sax.saxutils import escape

# --- Pictures -------------------------------------------------------------------------------------


def png(width: int = 1, height: int = 1) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    raw = b"".join(b"\x00" + b"\x00\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def jpeg(width: int = 8, height: int = 8, body: int = 0) -> bytes:
    """A JPEG's header and frame, then `body` bytes as random as a photo's compressed data."""
    app0 = b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof = (
        b"\xff\xc0\x00\x11\x08" + struct.pack(">HH", height, width) + b"\x03" + b"\x01\x11\x00" * 3
    )
    scan = random.Random(width * height + body).randbytes(body)  # noqa: S311 - test data
    return b"\xff\xd8" + app0 + sof + scan + b"\xff\xd9"


PHOTO = jpeg(640, 480, body=3000)
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + b"\x00" * 20

# --- PDF ------------------------------------------------------------------------------------------


def _pdf_string(text: str) -> bytes:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1")


def pdf(*objects: bytes, lines: tuple[str, ...] = ("What was said, in words",)) -> bytes:
    """A whole PDF (with a cross-reference table) whose one page shows `lines`, with `objects`
    added after the page's own."""
    shown = b" ".join(b"(" + _pdf_string(line) + b") Tj T*" for line in lines)
    content = b"BT /F1 12 Tf 14 TL 72 712 Td " + shown + b" ET"
    base = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *objects,
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(base, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(base) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(base) + 1, xref)
    return bytes(out)


def flate_stream(content: bytes, extra: bytes = b"") -> bytes:
    packed = zlib.compress(content)
    return (
        b"<< /Length %d /Filter /FlateDecode %s>>\nstream\n" % (len(packed), extra)
        + packed
        + b"\nendstream"
    )


def slow_pdf(pages: int = 200, operators: int = 100_000) -> bytes:
    """A PDF of a few kilobytes that keeps a text extractor busy for minutes: every page shares
    one small compressed content stream of a word and then `operators` operators that draw
    nothing (each costs pypdf time to parse; 2 pages of 50,000 took it about 5 s here)."""
    content = b"BT /F1 12 Tf 72 712 Td (Words) Tj ET " + b"1 0 0 1 0 0 cm " * operators
    kids = b" ".join(b"%d 0 R" % (5 + page) for page in range(pages))
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
        b"/Resources << /Font << /F1 4 0 R >> >> >>"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        flate_stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *[page] * pages,
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def image_xobject(data: bytes = PHOTO) -> bytes:
    return (
        b"<< /Type /XObject /Subtype /Image /Width 640 /Height 480 /BitsPerComponent 8 "
        b"/ColorSpace /DeviceRGB /Filter /DCTDecode /Length %d >>\nstream\n"
        % len(data)
        + data
        + b"\nendstream"
    )


# --- Word and OpenDocument ------------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/'
    '2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def docx_body(*paragraphs: str) -> str:
    runs = "".join(f"<w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p>" for text in paragraphs)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{runs}'
        "</w:body></w:document>"
    )


def docx(*paragraphs: str, body: str | None = None, extra: dict[str, bytes] | None = None) -> bytes:
    """A Word document as Word writes one (in outline), with `paragraphs` or a whole `body`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", DOCX_TYPES)
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        archive.writestr("word/document.xml", body or docx_body(*(paragraphs or ("Notes",))))
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


ODT_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def odt_content(inner: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODT_NAMESPACES}>'
        f"<office:body><office:text>{inner}</office:text></office:body></office:document-content>"
    )


def odt(
    inner: str = "<text:p>Notes</text:p>",
    *,
    mimetype: bytes = b"application/vnd.oasis.opendocument.text",
    extra: dict[str, bytes] | None = None,
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", odt_content(inner))
        archive.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest/>')
        archive.writestr("Thumbnails/thumbnail.png", png(181, 256))
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


# --- The security review's polyglots --------------------------------------------------------------


def _zip_with_gap(picture: bytes) -> bytes:
    """A .docx with a picture's bytes between two entries, outside anything the zip lists."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", DOCX_TYPES)
        buffer.write(picture)
        archive.writestr("word/document.xml", docx_body("Notes"))
    return buffer.getvalue()


def _nested_zip(picture: bytes) -> bytes:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("a.dat", picture)
    return inner.getvalue()


def _pdf_object_stream_with_image() -> bytes:
    dictionary = (
        b"<< /Type /XObject /Subtype /Image /Width 800 /Height 600 /BitsPerComponent 8 "
        b"/ColorSpace /DeviceRGB /Filter /FlateDecode /Length 9 0 R >>"
    )
    hexed = dictionary.hex().encode() + b">"
    return pdf(
        b"<< /Type /ObjStm /N 1 /First 4 /Filter /ASCIIHexDecode /Length %d >>\nstream\n"
        % len(hexed)
        + hexed
        + b"\nendstream",
        flate_stream(bytes(range(256)) * 100),
    )


def _pdf_bomb_then_image() -> bytes:
    bomb = zlib.compress(b"\x00" * (51 * 1024 * 1024), 9)
    return pdf(
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(bomb) + bomb + b"\nendstream",
        flate_stream(PHOTO),
    )


_EMF = struct.pack("<II", 1, 108) + b"\x00" * 32 + b" EMF" + b"\x00" * 64
_PDF_BARE = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def polyglots() -> dict[str, bytes]:
    """Each of the review's samples, by what it does. Every one must be refused, or reduced to
    words with no picture in them."""
    b64 = base64.b64encode(PHOTO)
    return {
        "pdf-with-jpeg-after-eof": _PDF_BARE + PHOTO,
        "pdf-with-jpeg-between-objects": _PDF_BARE.replace(b"trailer", PHOTO + b"\ntrailer"),
        "pdf-with-png-after-eof": _PDF_BARE + png(800, 600),
        "words-pdf-with-jpeg-after-eof": pdf() + PHOTO,
        "words-pdf-with-jpeg-image": pdf(image_xobject()),
        "text-base64-wrapped-76": base64.encodebytes(PHOTO),
        "text-base64-one-line": b64,
        "text-base64-after-words": b"My notes from today.\n\n" + b64,
        "text-base64-shifted-one-byte": base64.b64encode(b"x" + PHOTO),
        "text-base64-in-4-letter-words": b" ".join(b64[i : i + 4] for i in range(0, 2000, 4)),
        "text-base32": base64.b32encode(PHOTO),
        "text-hex": PHOTO.hex().encode(),
        "text-hex-spaced": PHOTO.hex(" ").encode(),
        "text-hex-c-array": ", ".join(f"0x{byte:02x}" for byte in PHOTO[:400]).encode(),
        "text-ascii85": base64.a85encode(PHOTO, wrapcol=76),
        "text-data-uri": b"See <img src='data:image/jpeg;base64," + b64[:100] + b"'>",
        "text-svg": b"Notes\n<svg xmlns='http://www.w3.org/2000/svg'><path d='M0 0'/></svg>",
        "docx-thumbnail-with-jpeg-appended": docx(
            extra={"docProps/thumbnail.jpeg": jpeg(16, 16) + PHOTO}
        ),
        "docx-large-png-thumbnail": docx(extra={"docProps/thumbnail.png": png(256, 256)}),
        "docx-jpeg-after-one-byte": docx(extra={"word/x.bin": b"\x00" + PHOTO}),
        "docx-nested-zip": docx(extra={"word/x.bin": _nested_zip(PHOTO)}),
        "docx-gzipped-jpeg": docx(extra={"word/x.bin": gzip.compress(PHOTO)}),
        "docx-emf": docx(extra={"word/image1.bin": _EMF}),
        "docx-picture-in-media": docx(extra={"word/media/image1.jpeg": PHOTO}),
        "docx-base64-jpeg-in-text": docx(b64.decode()),
        "docx-jpeg-between-entries": _zip_with_gap(PHOTO),
        "docx-jpeg-after-end-record": docx() + PHOTO,
        "odt-with-picture": odt(extra={"Pictures/1.jpg": PHOTO}),
        "pdf-image-in-hex-object-stream": _pdf_object_stream_with_image(),
        "pdf-flate-bomb-then-image": _pdf_bomb_then_image(),
    }
