"""Reading the words out of a document. Haven keeps only the words, never the file.

A blacklist of what pictures look like can always be got round (a photo after a PDF's end, between
zip entries, in a word processor's preview, written out as base64...). So Haven does not keep
files at all: `read_document` takes the words out of a PDF, a Word .docx, an OpenDocument .odt or
a plain text file, and only those words are stored or published. Pictures are never decoded;
they are simply not words.

It refuses, with a message that says what to do instead:
- any image, video or sound file, whatever it is called (`ImageryRefused`), so the person is told
  plainly that Haven never holds imagery;
- words that are really a file written out as letters and numbers (base64, base32, hex, data: URIs,
  SVG): haven.lib.encoded_files.EncodedFileRefused, a kind of ImageryRefused, since that is how
  a picture would get in;
- anything else it cannot read (`NotAllowedDocument`): other formats, protected files, scans with
  no words, documents too long to be a statement or a policy.

The parsing runs in a separate process with a time limit and a memory limit
(haven.lib.sandbox): a file built to keep a parser busy, or to fill memory, is stopped and refused
(`ReadingStopped`, a kind of NotAllowedDocument) instead of tying up the web process.
`read_words` is the same reading in this process, for that child and for tests of the rules.

No Django, no database, no files written.
"""

import codecs
import io
import json
import logging
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from xml.etree import ElementTree

import pypdf

from haven.lib import sandbox
from haven.lib.encoded_files import EncodedFileRefused, check_words
from haven.lib.uploads import (
    ALLOWED_DESCRIPTION,
    MAX_DOCUMENT_BYTES,
    DocumentKind,
    ImageryRefused,
    NotAllowedDocument,
    UploadRefused,
    display_name,
    media_signature,
)

MAX_PAGES = 200
MAX_CHARACTERS = 200_000
# The most of one zip member (a document's XML) that is ever unpacked: a zip bomb stops here.
MAX_XML_BYTES = 20 * 1024 * 1024
MAX_ZIP_ENTRIES = 2000
# How long and how much memory reading one document may take. A 5 MB statement or policy reads
# in well under a second and a few tens of MB; the web server gives a request 30 s in all.
LIMITS = sandbox.Limits(seconds=10.0, memory_bytes=768 * 1024 * 1024)

logger = logging.getLogger(__name__)

# pypdf's own limits are generous (75 MB a stream); a statement or policy needs far less.
_PDF_LIMITS = pypdf.Configuration().with_overwrites(
    maximum_declared_stream_length=20_000_000,
    zlib_maximum_output_length=20_000_000,
    lzw_maximum_output_length=20_000_000,
    run_length_maximum_output_length=20_000_000,
    array_based_stream_maximum_output_length=20_000_000,
    stream_decoding_work_maximum_length=50_000_000,
    stream_parsing_work_maximum_count=1_000_000,
    jbig2dec_binary=None,  # never run an outside program on a file someone sent
)


@dataclass(frozen=True)
class Document:
    """The words of a document: all Haven keeps of it."""

    kind: DocumentKind
    text: str
    pages: int | None  # PDFs only: other formats have no fixed pages


class ReadingStopped(NotAllowedDocument):
    """Reading the file took longer, or needed more memory, than Haven allows: it was stopped."""


def read_document(data: bytes, declared_name: str, *, limits: sandbox.Limits = LIMITS) -> Document:
    """The words of `data`, or ImageryRefused / NotAllowedDocument with a message for the person.

    Read in a separate process within `limits` (ReadingStopped when they are passed).
    The declared name is only used in messages: a photo called "notes.pdf" is still a photo.
    """
    name = display_name(declared_name)
    _first_checks(data, name)  # cheap, and spares a process for what is refused at once
    payload = json.dumps({"name": declared_name}).encode() + b"\n" + data
    try:
        answer = json.loads(sandbox.run(f"{__name__}:_read_in_child", payload, limits))
    except sandbox.TookTooLong:
        logger.warning("document reading stopped: over %.0f seconds", limits.seconds)
        raise _took_too_long(name) from None
    except sandbox.RanOutOfMemory:
        logger.warning("document reading stopped: over %d bytes", limits.memory_bytes)
        raise _too_much_memory(name) from None
    except sandbox.Crashed as crashed:
        logger.error("document reading failed: the reader ended with %s", crashed.args[0])
        raise _unreadable(name) from None
    if "refused" in answer:
        raise _REFUSALS[answer["refused"]](answer["message"])
    return Document(kind=DocumentKind(answer["kind"]), text=answer["text"], pages=answer["pages"])


def read_words(data: bytes, declared_name: str) -> Document:
    """read_document's reading, in this process and with no limits but the reading's own."""
    name = display_name(declared_name)
    _first_checks(data, name)
    kind, text, pages = _extract(data, name)
    text = tidy(text)
    if not text:
        raise NotAllowedDocument(
            f"Haven found no words in “{name}”. It may be a scan or a photo of a page. Type what "
            "it says into the form instead."
        )
    if len(text) > MAX_CHARACTERS:
        raise _too_long(name)
    check_words(text, declared_name)
    return Document(kind=kind, text=text, pages=pages)


def _first_checks(data: bytes, name: str) -> None:
    if not data:
        raise NotAllowedDocument(f"“{name}” is empty. Choose the document again.")
    if len(data) > MAX_DOCUMENT_BYTES:
        raise NotAllowedDocument(f"“{name}” is larger than 5 MB. Attach a smaller document.")
    if media_signature(data):
        raise _imagery(name)


# The refusals a child can answer with, by a name that crosses the process boundary.
_REFUSALS: dict[str, type[UploadRefused]] = {
    "encoded": EncodedFileRefused,
    "imagery": ImageryRefused,
    "not-allowed": NotAllowedDocument,
}


def _read_in_child(payload: bytes) -> bytes:
    """The child process's work (haven.lib.sandbox): the name and the bytes in, JSON out."""
    header, _, data = payload.partition(b"\n")
    try:
        document = read_words(data, json.loads(header)["name"])
    except UploadRefused as refused:
        code = next(code for code, kind in _REFUSALS.items() if isinstance(refused, kind))
        return json.dumps({"refused": code, "message": str(refused)}).encode()
    answer = {"kind": str(document.kind), "text": document.text, "pages": document.pages}
    return json.dumps(answer).encode()


def _extract(data: bytes, name: str) -> tuple[DocumentKind, str, int | None]:
    if b"%PDF-" in data[:1024]:
        text, pages = _pdf_text(data, name)
        return DocumentKind.PDF, text, pages
    if data.startswith(b"PK\x03\x04"):
        return *_zip_text(data, name), None
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise NotAllowedDocument(
            f"“{name}” is an older Word or Office file. Save it as a .docx or as a PDF, and "
            "attach that instead."
        )
    return DocumentKind.TEXT, _plain_text(data, name), None


# --- Messages -----------------------------------------------------------------------------------


def _imagery(name: str) -> ImageryRefused:
    return ImageryRefused(
        f"“{name}” is a picture, video or sound file. Haven never holds images, videos or "
        "recordings, not even as evidence. Do not copy, send, save or delete it. Describe in "
        "words what you were told or saw, and tell the DSL where the device or file is."
    )


def _unreadable(name: str) -> NotAllowedDocument:
    return NotAllowedDocument(
        f"Haven cannot read the words in “{name}”. Attach {ALLOWED_DESCRIPTION}, or type what "
        "it says into the form."
    )


def _took_too_long(name: str) -> ReadingStopped:
    return ReadingStopped(
        f"Haven stopped reading “{name}” because it was taking too long. The file may be "
        "damaged. Save it again (as a PDF or a .docx), attach only the part that matters, or "
        "type what it says into the form."
    )


def _too_much_memory(name: str) -> ReadingStopped:
    return ReadingStopped(
        f"Haven stopped reading “{name}” because it needed more memory than Haven allows for one "
        "document. Attach only the part that matters, or type what it says into the form."
    )


def _protected(name: str) -> NotAllowedDocument:
    return NotAllowedDocument(
        f"“{name}” is protected with a password. Save a copy without a password, or type what it "
        "says into the form."
    )


def _too_long(name: str) -> NotAllowedDocument:
    return NotAllowedDocument(
        f"“{name}” is too long for Haven (more than {MAX_CHARACTERS:,} characters). Attach only "
        "the part that matters."
    )


# --- PDF ----------------------------------------------------------------------------------------


def _pdf_text(data: bytes, name: str) -> tuple[str, int]:
    """Each page's words, through pypdf's text extraction only (it never decodes pictures)."""
    try:
        with pypdf.apply_configuration(_PDF_LIMITS):
            reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise _protected(name)
            pages = len(reader.pages)
            if pages > MAX_PAGES:
                raise NotAllowedDocument(
                    f"“{name}” has more than {MAX_PAGES} pages. Attach only the pages that matter."
                )
            return "\n\n".join(_pages_text(reader, name)), pages
    except (UploadRefused, MemoryError):  # memory: the sandbox says it was too much
        raise
    except Exception:  # a broken or hostile file can fail anywhere inside pypdf
        raise _unreadable(name) from None


def _pages_text(reader: pypdf.PdfReader, name: str) -> Iterator[str]:
    total = 0
    for page in reader.pages:
        text = page.extract_text() or ""
        total += len(text)
        if total > MAX_CHARACTERS:
            raise _too_long(name)
        yield text


# --- Word (.docx) and OpenDocument (.odt) -------------------------------------------------------

_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    NotImplementedError,
    RuntimeError,
    EOFError,
    OSError,
    KeyError,
    ValueError,
    zlib.error,
)


def _zip_text(data: bytes, name: str) -> tuple[DocumentKind, str]:
    """Only the one member that holds the words is read; nothing else in the zip is opened."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                raise _unreadable(name)
            names = [entry.filename for entry in entries]
            if names and names[0] == "mimetype":
                if _read_member(archive, "mimetype", name).strip() != _ODT_MIMETYPE:
                    raise _not_a_text_document(name)
                return DocumentKind.ODT, _odt_words(_read_xml(archive, "content.xml", name))
            if "word/document.xml" in names:
                return DocumentKind.DOCX, _docx_words(_read_xml(archive, "word/document.xml", name))
    except _ZIP_ERRORS:
        raise _unreadable(name) from None
    raise _not_a_text_document(name)


def _not_a_text_document(name: str) -> NotAllowedDocument:
    return NotAllowedDocument(
        f"“{name}” is not a document Haven can read. Attach {ALLOWED_DESCRIPTION}, or type what "
        "it says into the form."
    )


def _read_member(archive: zipfile.ZipFile, member: str, name: str) -> bytes:
    info = archive.getinfo(member)
    if info.flag_bits & 0x1:
        raise _protected(name)
    with archive.open(info) as stream:
        data = stream.read(MAX_XML_BYTES + 1)  # never more, whatever the zip claims
    if len(data) > MAX_XML_BYTES:
        raise _too_long(name)
    return data


_XML_DECLARATIONS = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


def _read_xml(archive: zipfile.ZipFile, member: str, name: str) -> ElementTree.Element:
    data = _read_member(archive, member, name)
    # A document's XML has no document type and no entities; a file with them is built to
    # attack the parser (entity expansion, outside files), so it is refused before parsing.
    # UTF-16 or other encodings with NUL bytes could hide the declarations from this check.
    if b"\x00" in data or data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _unreadable(name)
    if _XML_DECLARATIONS.search(data):
        raise _unreadable(name)
    try:
        return ElementTree.fromstring(data)  # noqa: S314 - no DTD or entities (checked above)
    except ElementTree.ParseError:
        raise _unreadable(name) from None


def _local(tag: object) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _events(
    root: ElementTree.Element, skip: Callable[[ElementTree.Element], bool]
) -> Iterator[tuple[str, ElementTree.Element]]:
    """("start" | "end" | "tail", element) in document order, without recursion (a deeply nested
    file cannot overflow the stack). A skipped element's own content is left out; its tail is not,
    as it belongs to the parent."""
    yield "start", root
    stack = [(root, iter(root))]
    while stack:
        element, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            yield "end", element
            if stack:
                yield "tail", element
        elif skip(child):
            yield "tail", child
        else:
            yield "start", child
            stack.append((child, iter(child)))


_DOCX_SKIP = frozenset({"Fallback", "delText", "instrText"})
_DOCX_BREAKS = {"tab": "\t", "br": "\n", "cr": "\n"}


def _docx_words(root: ElementTree.Element) -> str:
    """w:t is text, w:tab a tab, w:br and w:cr a new line, w:p a paragraph. The fallback copy
    of a text box (mc:Fallback) is skipped, so its words are not there twice."""
    parts: list[str] = []
    for event, element in _events(root, lambda e: _local(e.tag) in _DOCX_SKIP):
        tag = _local(element.tag)
        if event == "start" and tag == "t":
            parts.append(element.text or "")
        elif event == "start" and tag in _DOCX_BREAKS:
            parts.append(_DOCX_BREAKS[tag])
        elif event == "end" and tag == "p":
            parts.append("\n\n")
    return "".join(parts)


_ODT_PARAGRAPHS = frozenset({"p", "h"})
_ODT_SKIP = frozenset({"annotation", "tracked-changes", "note-citation"})
_ODT_BREAKS = {"tab": "\t", "line-break": "\n"}


def _odt_words(root: ElementTree.Element) -> str:
    """text:p and text:h are paragraphs; inside them every piece of text counts (spans, links),
    text:s is spaces, text:tab a tab, text:line-break a new line. Comments and deleted text are
    left out."""
    parts: list[str] = []
    inside = 0
    for event, element in _events(root, lambda e: _local(e.tag) in _ODT_SKIP):
        tag = _local(element.tag)
        if event == "start":
            inside += tag in _ODT_PARAGRAPHS
            if inside:
                parts.append(_odt_start(tag, element))
        elif event == "end" and tag in _ODT_PARAGRAPHS:
            inside -= 1
            parts.append("\n\n")
        elif event == "tail" and inside:
            parts.append(element.tail or "")
    return "".join(parts)


def _odt_start(tag: str, element: ElementTree.Element) -> str:
    if tag == "s":
        count = next((v for k, v in element.attrib.items() if _local(k) == "c"), "1")
        return " " * min(int(count) if count.isdigit() else 1, 100) + (element.text or "")
    return _ODT_BREAKS.get(tag, "") + (element.text or "")


# --- Plain text ---------------------------------------------------------------------------------

# Old editors end a file with Ctrl-Z; any other control character means it is not text.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _plain_text(data: bytes, name: str) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise NotAllowedDocument(
            f"“{name}” is saved as UTF-16 text. Save it as plain text (UTF-8) and attach it again."
        )
    if b"\x00" in data:
        raise _unreadable(name)
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise _unreadable(name) from None
    text = text.rstrip("\x1a")
    if _CONTROLS.search(text):
        raise _unreadable(name)
    if text.lstrip().startswith("{\\rtf"):
        raise NotAllowedDocument(
            f"“{name}” is a Rich Text file. Save it as a .docx, a PDF or plain text, and attach "
            "that instead."
        )
    return text


# --- Tidying and checking the words -------------------------------------------------------------

_UNWANTED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")


def tidy(text: str) -> str:
    """One kind of line break, no control characters, no trailing spaces, at most one blank line
    between paragraphs."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _UNWANTED.sub("", text)
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
