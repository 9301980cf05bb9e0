"""check_document: documents are recognised by what is inside them, and imagery never gets in."""

import io
import struct
import zipfile
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from haven.lib.uploads import (
    MAX_DOCUMENT_BYTES,
    DocumentKind,
    ImageryRefused,
    NotAllowedDocument,
    UploadRefused,
    check_document,
    display_name,
)

# --- Builders for small but real files --------------------------------------------------------


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


def jpeg(width: int = 8, height: int = 8) -> bytes:
    app0 = b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof = (
        b"\xff\xc0\x00\x11\x08" + struct.pack(">HH", height, width) + b"\x03" + b"\x01\x11\x00" * 3
    )
    return b"\xff\xd8" + app0 + sof + b"\xff\xd9"


def pdf(*objects: bytes) -> bytes:
    """A PDF with the given objects after a catalogue, a page tree and one page."""
    content = b"BT /F1 12 Tf 72 712 Td (What was said, in words) Tj ET"
    base = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        *objects,
    ]
    body = b"%PDF-1.7\n"
    for number, obj in enumerate(base, start=1):
        body += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    return body + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"


def flate_stream(content: bytes, extra: bytes = b"") -> bytes:
    packed = zlib.compress(content)
    return (
        b"<< /Length %d /Filter /FlateDecode %s>>\nstream\n" % (len(packed), extra)
        + packed
        + b"\nendstream"
    )


DOCX_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.'
    b'openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
DOCX_BODY = (
    b'<?xml version="1.0"?><w:document><w:body><w:p><w:r><w:t>Notes</w:t></w:r></w:p>'
    b"</w:body></w:document>"
)


def docx(extra: dict[str, bytes] | None = None, types: bytes = DOCX_TYPES) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", b'<?xml version="1.0"?><Relationships/>')
        archive.writestr("word/document.xml", DOCX_BODY)
        archive.writestr("word/printerSettings/printerSettings1.bin", b"\x00\x01binary")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def odt(
    extra: dict[str, bytes] | None = None,
    mimetype: bytes = b"application/vnd.oasis.opendocument.text",
    content: bytes = b'<?xml version="1.0"?><office:document-content><office:text>'
    b"<text:p>Notes</text:p></office:text></office:document-content>",
    thumbnail: bytes = png(181, 256),
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", b'<?xml version="1.0"?><manifest/>')
        archive.writestr("Thumbnails/thumbnail.png", thumbnail)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


# --- What is accepted ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (pdf(), DocumentKind.PDF),
        (pdf(flate_stream(b"BT (more words) Tj ET")), DocumentKind.PDF),
        (docx(), DocumentKind.DOCX),
        (odt(), DocumentKind.ODT),
        (b"She said it was sent on Snapchat at lunch.\n", DocumentKind.TEXT),
        ("Cost £5, café, naïve".encode("cp1252"), DocumentKind.TEXT),
        ("\ufeffUTF-16 notes".encode("utf-16"), DocumentKind.TEXT),
        (b"\xef\xbb\xbfUTF-8 with a byte order mark", DocumentKind.TEXT),
        (b"caffeine before period 2", DocumentKind.TEXT),
        (b"FORM 9R: notes from tutor time", DocumentKind.TEXT),
        (b"MAC address of the laptop was noted", DocumentKind.TEXT),
        (b"ID3 is the label on the locker", DocumentKind.TEXT),
        (b"P5 10 12 were the rooms used", DocumentKind.TEXT),
        (b"BM was the teacher's initials", DocumentKind.TEXT),
        (b"Old DOS file\r\n\x1a", DocumentKind.TEXT),
    ],
)
def test_real_documents_are_accepted_as_what_they_are(data, kind):
    assert check_document(data, "statement") == kind


def test_a_document_is_recognised_by_content_whatever_its_name():
    assert check_document(pdf(), "notes.docx") == DocumentKind.PDF
    assert check_document(b"plain words", "photo.jpg") == DocumentKind.TEXT


def test_a_word_processors_small_page_preview_is_allowed_but_a_large_one_is_not():
    assert check_document(docx({"docProps/thumbnail.jpeg": jpeg(200, 256)}), "a") == "docx"
    with pytest.raises(NotAllowedDocument):
        check_document(docx({"docProps/thumbnail.jpeg": jpeg(1200, 1600)}), "a")
    with pytest.raises(NotAllowedDocument):
        check_document(odt(thumbnail=png(1024, 1024)), "a")


# --- Imagery is refused, whatever it is called ---------------------------------------------------

IMAGERY = {
    "jpeg": jpeg(),
    "png": png(),
    "gif": b"GIF89a\x01\x00\x01\x00\x80\x00\x00",
    "webp": b"RIFF\x1a\x00\x00\x00WEBPVP8 " + b"\x00" * 14,
    "heic": b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic",
    "heif": b"\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00mif1heic",
    "avif": b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf",
    "bmp": b"BM"
    + struct.pack("<I", 58)
    + b"\x00\x00\x00\x00"
    + struct.pack("<II", 54, 40)
    + b"\x00" * 40,
    "tiff-le": b"II*\x00\x08\x00\x00\x00" + b"\x00" * 8,
    "tiff-be": b"MM\x00*\x00\x00\x00\x08" + b"\x00" * 8,
    "mp4": b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41",
    "mov": b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  ",
    "old-mov": b"\x00\x00\x00\x08wide\x00\x00\x00\x10mdat" + b"\x00" * 8,
    "3gp": b"\x00\x00\x00\x14ftyp3gp4\x00\x00\x00\x00isom",
    "webm": b"\x1aE\xdf\xa3\x9fB\x86\x81\x01webm",
    "mkv": b"\x1aE\xdf\xa3\xa3B\x86\x81\x01matroska",
    "avi": b"RIFF\x24\x00\x00\x00AVI LIST" + b"\x00" * 28,
    "mp3-tagged": b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x00",
    "mp3-frame": b"\xff\xfb\x90\x64" + b"\x00" * 20,
    "wav": b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 28,
    "ogg": b"OggS\x00\x02\x00\x00\x00\x00\x00\x00",
    "flac": b"fLaC\x00\x00\x00\x22" + b"\x00" * 34,
    "aac": b"\xff\xf1\x50\x80\x02\x1f\xfc" + b"\x00" * 10,
    "aiff": b"FORM\x00\x00\x00\x12AIFFCOMM" + b"\x00" * 10,
    "svg": b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>',
    "jxl": b"\xff\x0a\xfa\x7f",
    "ico": b"\x00\x00\x01\x00\x01\x00\x10\x10",
}


@pytest.mark.parametrize("kind", sorted(IMAGERY))
def test_every_image_video_and_sound_format_is_refused_as_imagery(kind):
    with pytest.raises(ImageryRefused):
        check_document(IMAGERY[kind], f"{kind}-renamed.pdf")


def test_an_image_renamed_to_pdf_is_refused_with_an_explanation():
    with pytest.raises(ImageryRefused) as refused:
        check_document(png(), "C:\\Users\\me\\Desktop\\statement.pdf")
    message = str(refused.value)
    assert "“statement.pdf”" in message
    assert "Haven never holds images" in message
    assert "tell the DSL" in message
    assert "Desktop" not in message


# --- Documents with pictures inside, and things that are not documents ---------------------------


@pytest.mark.parametrize(
    "data",
    [
        pdf(b"<< /Type /XObject /Subtype /Image /Width 1 /Length 0 >>\nstream\n\nendstream"),
        pdf(b"<< /Type /XObject /Subtype/Image /Length 0 >>\nstream\n\nendstream"),
        pdf(b"<< /Type /XObject /Subtype /Im#61ge /Length 0 >>\nstream\n\nendstream"),
        pdf(b"<< /Filter /DCTDecode /Length 0 >>\nstream\n\nendstream"),
        pdf(flate_stream(b"q 10 0 0 10 0 0 cm BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI Q")),
        pdf(flate_stream(b"1 0 << /Type /XObject /Subtype /Image >>", b"/Type /ObjStm ")),
        pdf(flate_stream(b"junk" + jpeg() + b"junk")),
        pdf(b"<< /Type /EmbeddedFile /Length 0 >>\nstream\n\nendstream"),
        pdf(b"<< /Type /Annot /Subtype /RichMedia >>"),
        docx({"word/media/image1.png": png()}),
        docx({"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0"}),
        docx({"word/afchunk.mht": b"MIME-Version: 1.0"}),
        docx({"customXml/item.xml": b"<x><w:binData>AAAA</w:binData></x>"}),
        odt({"Pictures/1000.jpg": jpeg()}),
        odt({"ObjectReplacements/Object 1": b"\x01\x00\x00\x00"}),
        odt(
            content=b"<office:document-content><draw:image><office:binary-data>iVBOR"
            b"</office:binary-data></draw:image></office:document-content>"
        ),
        odt({"hidden/readme.xml": png()}),
        b"Notes <img src='data:image/png;base64,iVBORw0KGgo='>",
        b"<html><body><svg></svg></body></html>",
        b"iVBORw0KGgo" + b"A" * 400,
    ],
)
def test_documents_with_pictures_inside_are_refused(data):
    with pytest.raises(NotAllowedDocument, match="pictures, video or sound inside"):
        check_document(data, "report")


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x00\x01\x02\x03binary\x00\x00",
        bytes(range(256)) * 4,
        b"%PDF-1.7\n1 0 obj << >> endobj\n",  # no end: not a whole PDF
        pdf(b"<< /S /JavaScript /JS (app.alert(1)) >>"),
        pdf(b"<< /Encrypt 9 0 R >>"),
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,  # Word 97-2003 .doc
        b"{\\rtf1\\ansi Some words}",
        b"PK\x03\x04not really a zip",
        docx(types=DOCX_TYPES.replace(b"document.main", b"document.macroEnabled.main")),
        odt(mimetype=b"application/vnd.oasis.opendocument.spreadsheet"),
    ],
)
def test_files_that_are_not_accepted_documents_are_refused(data):
    with pytest.raises(NotAllowedDocument):
        check_document(data, "report")


def test_a_plain_zip_is_not_a_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "words")
    with pytest.raises(NotAllowedDocument, match="not a document Haven can accept"):
        check_document(buffer.getvalue(), "notes.zip")


def test_a_document_over_five_megabytes_is_refused():
    with pytest.raises(NotAllowedDocument, match="larger than 5 MB"):
        check_document(b"a" * (MAX_DOCUMENT_BYTES + 1), "long.txt")


def test_a_zip_that_claims_to_unpack_to_a_huge_size_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", DOCX_TYPES)
        archive.writestr("word/document.xml", DOCX_BODY)
        archive.writestr("word/big.xml", b"\x20" * (101 * 1024 * 1024))
    with pytest.raises(NotAllowedDocument):
        check_document(buffer.getvalue(), "bomb.docx")


def test_names_shown_in_messages_lose_their_folders_and_stay_short():
    assert display_name("/home/t/Desktop/a.pdf") == "a.pdf"
    assert display_name("") == "The file"
    assert len(display_name("x" * 300)) == 80


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(IMAGERY)), st.binary(max_size=512))
def test_imagery_is_refused_whatever_follows_its_header(kind, tail):
    with pytest.raises(ImageryRefused):
        check_document(IMAGERY[kind] + tail, "x.txt")


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=2048))
def test_any_bytes_are_either_accepted_or_refused_with_a_message(data):
    refusal = None
    try:
        kind = check_document(data, "x")
    except UploadRefused as refused:
        refusal = str(refused)
    if refusal is None:
        assert kind in DocumentKind
    else:
        assert refusal
