"""read_document keeps only a document's words, and check_words refuses a file written as words.

The security review's polyglots (haven/lib/tests/samples.py) are the heart of it: each must be
refused, or come out as words with no picture in them.
"""

import io
import re
import time
import zipfile

import pypdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from haven.lib import sandbox
from haven.lib.documents import (
    MAX_CHARACTERS,
    MAX_PAGES,
    MAX_XML_BYTES,
    ReadingStopped,
    read_document,
    read_words,
)
from haven.lib.encoded_files import EncodedFileRefused, check_words
from haven.lib.tests.samples import (
    DOCX_TYPES,
    GIF,
    PHOTO,
    W,
    docx,
    docx_body,
    jpeg,
    odt,
    pdf,
    png,
    polyglots,
    slow_pdf,
)
from haven.lib.tests.test_uploads import IMAGERY
from haven.lib.uploads import (
    MAX_DOCUMENT_BYTES,
    DocumentKind,
    ImageryRefused,
    NotAllowedDocument,
    UploadRefused,
)

# --- What is kept: the words, and only the words ------------------------------------------------

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WORD_WITH_EVERYTHING = (
    f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}" xmlns:mc="{MC}"><w:body>'
    "<w:p><w:r><w:t>Name:</w:t><w:tab/><w:t>Lex</w:t></w:r></w:p>"
    "<w:p><w:r><w:t>First line</w:t><w:br/><w:t>second line</w:t></w:r></w:p>"
    "<w:p><w:r><w:instrText>HYPERLINK x</w:instrText><w:delText>removed</w:delText></w:r></w:p>"
    "<w:p><mc:AlternateContent><mc:Choice><w:t>In a text box</w:t></mc:Choice>"
    "<mc:Fallback><w:t>In a text box</w:t></mc:Fallback></mc:AlternateContent></w:p>"
    "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>In a table</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    "</w:body></w:document>"
)
ODT_WITH_EVERYTHING = (
    "<text:h>Statement</text:h>"
    "<text:p>She said<text:s text:c='2'/>it was <text:span>sent on</text:span> Snapchat."
    "<office:annotation><text:p>A comment</text:p></office:annotation> Then<text:tab/>more"
    "<text:line-break/>next line</text:p>"
    "<text:list><text:list-item><text:p>A list item</text:p></text:list-item></text:list>"
)


@pytest.mark.parametrize(
    ("data", "kind", "text", "pages"),
    [
        (
            pdf(lines=("Statement", "She said it was sent.")),
            "pdf",
            "Statement\nShe said it was sent.",
            1,
        ),
        (docx("Hello", "World"), "docx", "Hello\n\nWorld", None),
        (
            docx(body=WORD_WITH_EVERYTHING),
            "docx",
            "Name:\tLex\n\nFirst line\nsecond line\n\nIn a text box\n\nIn a table",
            None,
        ),
        (
            odt(ODT_WITH_EVERYTHING),
            "odt",
            "Statement\n\nShe said  it was sent on Snapchat. Then\tmore\nnext line\n\nA list item",
            None,
        ),
        (
            b"She said it was sent on Snapchat.\r\n",
            "text",
            "She said it was sent on Snapchat.",
            None,
        ),
        (b"\xef\xbb\xbfWith a byte order mark", "text", "With a byte order mark", None),
        ("Cost £5, café, naïve".encode("cp1252"), "text", "Cost £5, café, naïve", None),
        (b"Old DOS file\r\n\x1a", "text", "Old DOS file", None),
        (b"caffeine before period 2", "text", "caffeine before period 2", None),
        (b"Line one\n\n\n\n\nLine two   ", "text", "Line one\n\nLine two", None),
    ],
)
def test_the_words_of_each_kind_of_document_are_read(data, kind, text, pages):
    document = read_document(data, "statement")
    assert (document.kind, document.text, document.pages) == (kind, text, pages)


def test_a_document_is_recognised_by_content_whatever_its_name():
    assert read_document(pdf(), "notes.docx").kind == DocumentKind.PDF
    assert read_document(b"plain words", "photo.jpg").kind == DocumentKind.TEXT


def test_pictures_inside_a_document_are_left_out_and_its_words_kept():
    from haven.lib.tests.samples import image_xobject

    assert read_document(pdf(image_xobject()), "a.pdf").text == "What was said, in words"
    with_media = docx("Words", extra={"word/media/image1.jpeg": PHOTO})
    assert read_document(with_media, "a.docx").text == "Words"
    assert read_document(odt(extra={"Pictures/1.jpg": PHOTO}), "a.odt").text == "Notes"


# --- Imagery is refused as imagery, whatever it is called ---------------------------------------


@pytest.mark.parametrize("kind", sorted(IMAGERY))
def test_every_image_video_and_sound_format_is_refused_as_imagery(kind):
    with pytest.raises(ImageryRefused):
        read_document(IMAGERY[kind], f"{kind}-renamed.pdf")


def test_an_image_renamed_to_pdf_is_refused_with_an_explanation():
    with pytest.raises(ImageryRefused) as refused:
        read_document(png(), "C:\\Users\\me\\Desktop\\statement.pdf")
    message = str(refused.value)
    assert "“statement.pdf” is a picture, video or sound file" in message
    assert "Haven never holds images" in message
    assert "tell the DSL" in message
    assert "Desktop" not in message


# --- The security review's polyglots ------------------------------------------------------------

PICTURE_BYTES = re.compile(r"\xff\xd8\xff|\x89PNG|GIF8[79]a|JFIF|Exif|ftyp|WEBP")
LONG_BASE64 = re.compile(r"[A-Za-z0-9+/=]{100}")


@pytest.mark.parametrize("label", sorted(polyglots()))
def test_every_polyglot_is_refused_or_reduced_to_words_with_no_picture_in_them(label):
    try:
        document = read_document(polyglots()[label], f"{label}.pdf")
    except UploadRefused:
        return
    assert not PICTURE_BYTES.search(document.text)
    assert not LONG_BASE64.search(re.sub(r"\s", "", document.text))
    assert len(document.text) < 200
    check_words(document.text)


@pytest.mark.parametrize(
    "label",
    [
        "text-base64-wrapped-76",
        "text-base64-one-line",
        "text-base64-after-words",
        "text-base64-shifted-one-byte",
        "text-base64-in-4-letter-words",
        "text-base32",
        "text-hex",
        "text-hex-spaced",
        "text-hex-c-array",
        "text-ascii85",
        "text-data-uri",
        "text-svg",
        "docx-base64-jpeg-in-text",
    ],
)
def test_a_picture_written_out_as_text_is_refused_as_an_encoded_file(label):
    with pytest.raises(EncodedFileRefused) as refused:
        read_document(polyglots()[label], "notes.txt")
    assert "looks like a file written out as letters and numbers" in str(refused.value)
    assert isinstance(refused.value, ImageryRefused)  # audited as an attempt to attach imagery


# --- Words that must not be taken for an encoded file -------------------------------------------

POLICY = """Safeguarding and Child Protection Policy 2025-26

1. Introduction
Elm Academy is committed to safeguarding and promoting the welfare of all children. Read
Keeping Children Safe in Education (KCSIE 2025): https://www.gov.uk/government/publications/
keeping-children-safe-in-education--2 and the UKCIS advice Sharing nudes and semi-nudes.

Designated Safeguarding Lead: Ms A Khan, a.khan@elm.example, 01632 960 123 (ext. 214)
Deputy DSLs: Mr B Jones (Year 7 and Year 8), Mrs C Patel (Year 9, Year 10 and Year 11)

Childline 0800 1111 NSPCC 0808 800 5000 Police 101 or 999 CEOP www.ceop.police.uk
Reviewed 01/09/2025 Next review 01/09/2026 Approved by the Local Governing Body
"""
TABLE = "\n".join(f"Year {y} {y * 31} {y * 29} {y * 3}% {y + 2} {y * 7}" for y in range(7, 14)) * 5


@pytest.mark.parametrize(
    "text",
    [
        POLICY,
        POLICY * 50,
        TABLE,
        "ALL STAFF MUST READ THIS SECTION AND SIGN TO SAY THEY HAVE READ IT " * 20,
        "Pupils in Years 7 to 11 " * 60,
        "a bad face, a deaf cafe, a faded bead. " * 40,
        "Reference numbers: " + ", ".join(str(430_160 + n * 977) for n in range(200)),
        "https://docs.google.com/document/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEf/edit\n" * 8,
        "v000\nv001\nv002\nv003\n" * 40,
        "The metadata: who saw it, where, when. " * 20,
    ],
)
def test_ordinary_writing_is_not_taken_for_an_encoded_file(text):
    check_words(text)


# --- Files Haven cannot read ----------------------------------------------------------------------


def encrypted_pdf() -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="secret", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def many_pages(count: int) -> bytes:
    writer = pypdf.PdfWriter()
    for _ in range(count):
        writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def zipped(entries: dict[str, bytes | str], mimetype: bytes | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if mimetype is not None:
            archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
    f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body>'
    "</w:document>"
)
OUTSIDE_FILE = (
    '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body>'
    "</w:document>"
)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"a" * (MAX_DOCUMENT_BYTES + 1), "larger than 5 MB"),
        (b"\x00\x01\x02\x03binary\x00\x00", "cannot read the words"),
        (bytes(range(256)) * 4, "cannot read the words"),
        (b"%PDF-1.7\n1 0 obj << >> endobj\n", "cannot read the words"),
        (encrypted_pdf(), "protected with a password"),
        (many_pages(MAX_PAGES + 1), f"more than {MAX_PAGES} pages"),
        (many_pages(1), "found no words"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "older Word or Office file"),
        (b"{\\rtf1\\ansi Some words}", "Rich Text file"),
        ("UTF-16 notes".encode("utf-16"), "UTF-16"),
        (b"PK\x03\x04not really a zip", "cannot read the words"),
        (zipped({"notes.txt": "words"}), "not a document Haven can read"),
        (zipped({"content.xml": "x"}, b"application/vnd.oasis.opendocument.spreadsheet"), "not a"),
        (docx(body=BILLION_LAUGHS), "cannot read the words"),
        (docx(body=OUTSIDE_FILE), "cannot read the words"),
        (docx(body=docx_body("x").encode("utf-16").decode("latin-1")), "cannot read the words"),
        (docx(body="<w:document>no namespace</w:document>"), "cannot read the words"),
        (b"word " * (MAX_CHARACTERS // 5 + 1), "too long for Haven"),
    ],
)
def test_files_haven_cannot_read_are_refused_with_a_reason(data, message):
    with pytest.raises(NotAllowedDocument, match=message):
        read_document(data, "report")


def test_a_zip_bomb_is_not_unpacked_past_the_limit():
    body = docx_body("x") + " " * (MAX_XML_BYTES + 10)
    bomb = zipped({"[Content_Types].xml": DOCX_TYPES, "word/document.xml": body})
    assert len(bomb) < MAX_DOCUMENT_BYTES
    with pytest.raises(NotAllowedDocument, match="too long for Haven"):
        read_document(bomb, "bomb.docx")


def test_deeply_nested_xml_does_not_overflow_the_stack():
    inner = "<w:p>" * 50_000 + "<w:r><w:t>deep</w:t></w:r>" + "</w:p>" * 50_000
    body = f'<w:document xmlns:w="{W}"><w:body>{inner}</w:body></w:document>'
    assert read_document(docx(body=body), "deep.docx").text == "deep"


def test_small_pictures_are_imagery_not_documents():
    for picture in (jpeg(), png(), GIF):
        with pytest.raises(ImageryRefused):
            read_document(picture, "x.txt")


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=2048))
def test_any_bytes_give_words_without_pictures_or_a_refusal_with_a_message(data):
    # read_words: the reading itself, without starting a process for each of 400 examples
    refusal = None
    try:
        document = read_words(data, "x")
    except UploadRefused as refused:
        refusal = str(refused)
    if refusal is not None:
        assert refusal
        return
    assert document.text
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", document.text)  # no binary survives
    stored = document.text.encode()
    assert b"\xff\xd8\xff" not in stored
    assert b"\x89PNG\r\n\x1a\n" not in stored


# --- Reading runs in its own process, within limits ---------------------------------------------


def test_a_pdf_that_takes_too_long_is_refused_within_its_limit():
    data = slow_pdf()  # 34 kB, 200 pages: the size and page limits let it in
    assert len(data) < MAX_DOCUMENT_BYTES
    limits = sandbox.Limits(seconds=2.0)
    started = time.monotonic()
    with pytest.raises(ReadingStopped) as refused:
        read_document(data, "slow.pdf", limits=limits)
    assert time.monotonic() - started < limits.seconds + 2  # killed, not waited for
    message = str(refused.value)
    assert "Haven stopped reading “slow.pdf” because it was taking too long" in message
    assert "type what it says into the form" in message


def test_a_document_that_needs_too_much_memory_is_refused():
    inner = "<w:p><w:r><w:t>a</w:t></w:r></w:p>" * (MAX_XML_BYTES // 40)
    crowded = docx(body=f'<w:document xmlns:w="{W}"><w:body>{inner}</w:body></w:document>')
    limits = sandbox.Limits(seconds=30, memory_bytes=200 * 1024 * 1024)
    with pytest.raises(ReadingStopped, match="needed more memory than Haven allows"):
        read_document(crowded, "crowded.docx", limits=limits)


@pytest.mark.parametrize(
    "data",
    [
        pdf(lines=("Statement", "She said it was sent.")),
        docx("Hello", "World"),
        polyglots()["text-base64-wrapped-76"],
        polyglots()["pdf-with-png-after-eof"],
        encrypted_pdf(),
        b"%PDF-1.7\n1 0 obj << >> endobj\n",
    ],
)
def test_reading_in_a_process_answers_as_reading_here_does(data):
    def answer(read):
        try:
            return read(data, "statement.pdf")
        except UploadRefused as refused:
            return type(refused), str(refused)

    assert answer(read_document) == answer(read_words)
