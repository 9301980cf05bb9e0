"""Documents staff may attach to a concern, recognised by what is inside them, never by name.

Haven never holds imagery. `check_document` accepts only four kinds of document (PDF, Word .docx,
OpenDocument .odt, plain text) and refuses, with a message that says what to do instead:
- any image, video or sound file, whatever it is called (`ImageryRefused`);
- anything else, including a "document" that is really something else and a document with
  pictures, video or sound inside it (`NotAllowedDocument`).

It is a pure function of the bytes: no Django, no database, no files written.

One allowance: a word processor saves a small preview of the first page inside the file
(LibreOffice always writes `Thumbnails/thumbnail.png`; Word can write `docProps/thumbnail.jpeg`).
A preview of a document with no pictures is a picture of its text, so it is accepted when it is at
the standard place and no bigger than 256 pixels each way. Any picture in the body is refused.
"""

import codecs
import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import PurePosixPath, PureWindowsPath

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
MAX_DOCUMENTS = 3
# Limits on what a zip may claim to hold, so a small "zip bomb" cannot exhaust the server.
MAX_ZIP_ENTRIES = 2000
MAX_ZIP_UNPACKED_BYTES = 100 * 1024 * 1024
# How much of a PDF's compressed streams is unpacked to look for pictures inside them.
MAX_PDF_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_PREVIEW_PIXELS = 256

ALLOWED_DESCRIPTION = (
    "a PDF, a Word document (.docx), an OpenDocument text (.odt) or a plain text file"
)


class DocumentKind(StrEnum):
    PDF = "pdf"
    DOCX = "docx"
    ODT = "odt"
    TEXT = "text"

    @property
    def content_type(self) -> str:
        return _CONTENT_TYPES[self]

    @property
    def extension(self) -> str:
        return ".txt" if self is DocumentKind.TEXT else f".{self.value}"

    @property
    def label(self) -> str:
        return _LABELS[self]


_CONTENT_TYPES = {
    DocumentKind.PDF: "application/pdf",
    DocumentKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    DocumentKind.ODT: "application/vnd.oasis.opendocument.text",
    DocumentKind.TEXT: "text/plain; charset=utf-8",
}
_LABELS = {
    DocumentKind.PDF: "PDF",
    DocumentKind.DOCX: "Word document",
    DocumentKind.ODT: "OpenDocument text",
    DocumentKind.TEXT: "Plain text",
}


class UploadRefused(Exception):
    """A file Haven will not keep. `str(error)` is a message for the person who chose it."""


class ImageryRefused(UploadRefused):
    """The file is an image, a video or a sound recording."""


class NotAllowedDocument(UploadRefused):
    """The file is not one of the documents Haven accepts, or has pictures or media inside it."""


def display_name(declared_name: str) -> str:
    """The file's own name without any folder, short enough to show in a message."""
    name = PureWindowsPath(PurePosixPath(declared_name or "").name).name.strip()
    return (name[:77] + "...") if len(name) > 80 else (name or "The file")


def _imagery(name: str) -> ImageryRefused:
    return ImageryRefused(
        f"“{name}” is a picture, video or sound file. Haven never holds images, videos or "
        "recordings, not even as evidence. Do not copy, send, save or delete it. Describe in "
        "words what you were told or saw, and tell the DSL where the device or file is."
    )


def _not_allowed(name: str) -> NotAllowedDocument:
    return NotAllowedDocument(
        f"“{name}” is not a document Haven can accept. Attach {ALLOWED_DESCRIPTION}, or type "
        "what it says into the form."
    )


def _has_pictures(name: str) -> NotAllowedDocument:
    return NotAllowedDocument(
        f"“{name}” has pictures, video or sound inside it. Haven never holds images, so it cannot "
        "keep this document. Copy the words into the form, or attach a version with only words. "
        "If a picture might be of a child, do not copy or save it anywhere: tell the DSL."
    )


def check_document(data: bytes, declared_name: str) -> DocumentKind:
    """Say what kind of document `data` is, or raise ImageryRefused / NotAllowedDocument.

    The declared name is only used in messages: a photo called "notes.pdf" is still a photo.
    """
    name = display_name(declared_name)
    if not data:
        raise NotAllowedDocument(f"“{name}” is empty. Choose the document again.")
    if len(data) > MAX_DOCUMENT_BYTES:
        raise NotAllowedDocument(f"“{name}” is larger than 5 MB. Attach a smaller document.")
    if media_signature(data):
        raise _imagery(name)
    if data.startswith(b"%PDF-"):
        _check_pdf(data, name)
        return DocumentKind.PDF
    if data.startswith(b"PK\x03\x04"):
        return _check_zip(data, name)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise NotAllowedDocument(
            f"“{name}” is an older Word or Office file. Save it as a .docx or as a PDF, and "
            "attach that instead."
        )
    _check_text(data, name)
    return DocumentKind.TEXT


# --- Images, video and sound -------------------------------------------------------------------

# Signatures distinctive enough on their own.
_PREFIXES: tuple[bytes, ...] = (
    b"\xff\xd8\xff",  # JPEG
    b"\x89PNG\r\n\x1a\n",  # PNG (and APNG)
    b"GIF87a",
    b"GIF89a",
    b"II*\x00",  # TIFF (and camera raw files built on it: CR2, NEF, DNG, ARW)
    b"MM\x00*",
    b"II+\x00",  # BigTIFF
    b"MM\x00+",
    b"\x1aE\xdf\xa3",  # Matroska / WebM (EBML)
    b"FLV\x01",
    b"\x00\x00\x01\xba",  # MPEG programme stream
    b"\x00\x00\x01\xb3",  # MPEG video
    b"\x00\x00\x01\x00",  # Windows icon
    b"\x00\x00\x02\x00",  # Windows cursor
    b"0&\xb2u\x8ef\xcf\x11",  # ASF: WMV, WMA
    b"\x00\x00\x00\x0cjP  \r\n\x87\n",  # JPEG 2000
    b"\xffO\xffQ",  # JPEG 2000 codestream
    b"\xff\x0a",  # JPEG XL codestream
    b"\x00\x00\x00\x0cJXL \r\n\x87\n",  # JPEG XL container
    b"v/1\x01",  # OpenEXR
    b"#?RADIANCE\n",
    b"#!AMR\n",
    b"AT&TFORM",  # DjVu
)
# Signatures that are also ordinary words ("caffeine", "MAC address"): a real file of this kind
# has binary bytes straight after them, a note typed by a teacher does not.
_WORDY_PREFIXES: tuple[bytes, ...] = (
    b"OggS",
    b"fLaC",
    b"ID3",
    b"MThd",
    b"8BPS",  # Photoshop
    b"qoif",
    b"DDS ",
    b".snd",
    b".RMF",
    b"caff",
    b"wvpk",
    b"MAC ",
)
# Containers that hold media whatever their sub-type: RIFF (WebP, AVI, WAV), IFF (AIFF, ILBM).
_CONTAINERS = {b"RIFF": "<I", b"RIFX": ">I", b"FORM": ">I"}
# ISO base media boxes seen at byte 4 (MP4, MOV, 3GP, M4A, HEIC, HEIF, AVIF, CR3 all start so).
_ISO_BOXES = (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot", b"styp")
_NETPBM = re.compile(rb"P([1-6])\s+(?:#[^\n]*\n\s*)*\d+\s+\d+")
_BINARY = re.compile(rb"[\x00-\x08\x0e-\x1f]")


def media_signature(data: bytes) -> bool:
    """True when the bytes begin like an image, video or sound file."""
    head = data[:64]
    if head.startswith(_PREFIXES):
        return True
    if head.startswith(_WORDY_PREFIXES) and _BINARY.search(head[3:12]):
        return True
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0 and head[1] != 0xFE:
        return True  # MPEG audio frame (MP3) or ADTS (AAC); FF FE is a UTF-16 text's BOM
    return (
        _is_container(data)
        or _is_iso_media(data)
        or _is_bmp(head)
        or _is_mpeg_ts(data)
        or _is_netpbm(data)
        or _is_svg(data)
    )


def _is_container(data: bytes) -> bool:
    fmt = _CONTAINERS.get(data[:4])
    if fmt is None or len(data) < 12:
        return False
    size = struct.unpack(fmt, data[4:8])[0]
    return size <= len(data) and data[8:12].replace(b" ", b"").isalnum()


def _is_iso_media(data: bytes) -> bool:
    if len(data) < 8 or data[4:8] not in _ISO_BOXES:
        return False
    size = struct.unpack(">I", data[:4])[0]
    return data[4:8] == b"ftyp" or size in (0, 1) or 8 <= size <= len(data)


def _is_bmp(head: bytes) -> bool:
    if not head.startswith(b"BM") or len(head) < 18:
        return False
    reserved = head[6:10]
    dib_size = struct.unpack("<I", head[14:18])[0]
    return reserved == b"\x00\x00\x00\x00" and dib_size in (12, 16, 40, 52, 56, 64, 108, 124)


def _is_mpeg_ts(data: bytes) -> bool:
    for packet, offset in ((188, 0), (192, 4)):
        if len(data) >= offset + packet * 4 and all(
            data[offset + i * packet] == 0x47 for i in range(4)
        ):
            return True
    return False


def _is_netpbm(data: bytes) -> bool:
    match = _NETPBM.match(data[:64])
    if match is None:
        return False
    body = data[match.end() : match.end() + 4096]
    if match.group(1) in b"123":  # plain (text) pictures: nothing but numbers
        return bool(re.fullmatch(rb"[\d\s]*", body))
    return bool(_BINARY.search(body) or re.search(rb"[\x80-\xff]", body))


def _is_svg(data: bytes) -> bool:
    head = data[:4096].lstrip(codecs.BOM_UTF8).lstrip().lower()
    if not head.startswith((b"<?xml", b"<svg", b"<!doctype svg", b"<!--")):
        return False
    return b"<svg" in head


# --- PDF -----------------------------------------------------------------------------------------

# Names that mean a picture, video, sound or an attached file inside a PDF, and names of filters
# that are only ever used for pictures.
_PDF_PICTURE_NAMES = re.compile(
    rb"/Subtype\s*/Image\b|/(?:DCTDecode|JPXDecode|JBIG2Decode|CCITTFaxDecode)\b"
    rb"|/(?:EmbeddedFiles?|RichMedia|Movie|Sound|Screen|3D|Thumb)\b"
)
# Things a DSL's PDF reader should never be asked to run.
_PDF_ACTIVE_NAMES = re.compile(rb"/(?:JavaScript|JS|Launch|XFA)\b")
_PDF_INLINE_IMAGE = re.compile(
    rb"(?:^|\s)BI\s*/(?:W|Width|H|Height|BPC|BitsPerComponent|CS|ColorSpace|IM|ImageMask)\b"
)
_PDF_STREAM = re.compile(rb"stream\r?\n")
_PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# Strong signatures of pictures or media anywhere in unpacked bytes (not just at the start).
_EMBEDDED_MEDIA = re.compile(
    rb"\xff\xd8\xff(?:\xe0..JFIF\x00|\xe1..Exif\x00|\xdb\x00[\x43\x84])|\x89PNG\r\n\x1a\n"
    rb"|GIF8[79]a|RIFF.{4}(?:WEBP|AVI |WAVE)"
    rb"|ftyp(?:heic|heix|hevc|mif1|msf1|avif|avis|isom|iso2|mp41|mp42|qt  |3gp|M4A |M4V )",
    re.DOTALL,
)


def _unescape_names(data: bytes) -> bytes:
    """PDF names may spell letters as #xx ("/Im#61ge"); undo that before looking for names."""
    return _PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), data)


def _check_pdf(data: bytes, name: str) -> None:
    if b"%%EOF" not in data:
        raise _not_allowed(name)
    outside, streams = _pdf_parts(data)
    if re.search(rb"/Encrypt\b", _unescape_names(outside)):
        raise NotAllowedDocument(
            f"“{name}” is protected or encrypted, so Haven cannot check it. Print it to a new "
            "PDF without protection, or copy the words into the form."
        )
    _check_pdf_names(outside, name)
    for stream in _unpacked(streams):
        if stream.holds_objects:
            _check_pdf_names(stream.data, name)
        if _PDF_INLINE_IMAGE.search(stream.data) or _EMBEDDED_MEDIA.search(stream.data):
            raise _has_pictures(name)
        if _BASE64_MEDIA_BYTES.search(stream.data):
            raise _has_pictures(name)


def _check_pdf_names(chunk: bytes, name: str) -> None:
    """Look for picture and script names where PDF dictionaries are (never in binary data, where
    short names like /JS would turn up by chance)."""
    plain = _unescape_names(chunk)
    if _PDF_PICTURE_NAMES.search(plain):
        raise _has_pictures(name)
    if _PDF_ACTIVE_NAMES.search(plain):
        raise NotAllowedDocument(
            f"“{name}” contains scripts or actions that run when it is opened, so Haven "
            "cannot keep it. Print it to a new PDF, or copy the words into the form."
        )


@dataclass(frozen=True)
class _Stream:
    data: bytes
    holds_objects: bool  # an object stream (/Type /ObjStm): dictionaries packed together


def _pdf_parts(data: bytes) -> tuple[bytes, list[_Stream]]:
    """The PDF's bytes outside its streams (dictionaries, where names are), and each stream."""
    outside: list[bytes] = []
    streams: list[_Stream] = []
    position = 0
    while (match := _PDF_STREAM.search(data, position)) is not None:
        end = data.find(b"endstream", match.end())
        end = len(data) if end < 0 else end
        before = data[position : match.start()]
        outside.append(before)
        holds_objects = b"/ObjStm" in _unescape_names(before[-2048:])
        streams.append(_Stream(data[match.end() : end], holds_objects))
        position = end + len(b"endstream")
    outside.append(data[position:])
    return b"".join(outside), streams


def _unpacked(streams: list[_Stream]) -> list[_Stream]:
    """Each stream unpacked if Flate-compressed, else as it is (within a size budget)."""
    unpacked: list[_Stream] = []
    budget = MAX_PDF_UNPACKED_BYTES
    for stream in streams:
        if budget <= 0:
            break
        try:
            piece = zlib.decompressobj().decompress(stream.data, budget)
        except zlib.error:
            piece = stream.data  # stored uncompressed, or with a filter we do not unpack
        budget -= len(piece)
        unpacked.append(_Stream(piece, stream.holds_objects))
    return unpacked


# --- Word and OpenDocument (zip) ---------------------------------------------------------------

_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_DOCX_MAIN = b"wordprocessingml.document.main+xml"
# Folders where word processors keep pictures, embedded objects and media.
_PICTURE_FOLDERS = frozenset({"media", "embeddings", "pictures", "objectreplacements"})
# Pictures, media, and pages that can carry pictures (altChunk web pages, Rich Text).
_PICTURE_SUFFIXES = frozenset(
    {
        *(".png", ".jpg", ".jpeg", ".jpe", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".ico"),
        *(".heic", ".heif", ".avif", ".svg", ".svgz", ".emf", ".wmf", ".emz", ".wmz", ".psd"),
        *(".mp4", ".m4v", ".mov", ".avi", ".mkv", ".webm", ".3gp", ".mpg", ".mpeg", ".wmv"),
        *(".mp3", ".m4a", ".wav", ".ogg", ".oga", ".flac", ".aac", ".wma"),
        *(".mht", ".mhtml", ".rtf"),
    }
)
# Pictures written straight into the document's XML (ODF binary-data, old Word binData).
_INLINE_PICTURE_XML = re.compile(rb"binary-data|binData|data:\s*(?:image|video|audio)/", re.I)
_PREVIEWS = {
    DocumentKind.ODT: frozenset({"Thumbnails/thumbnail.png"}),
    DocumentKind.DOCX: frozenset(
        {"docProps/thumbnail.jpeg", "docProps/thumbnail.jpg", "docProps/thumbnail.png"}
    ),
}


def _check_zip(data: bytes, name: str) -> DocumentKind:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            _check_zip_limits(entries, name)
            kind = _zip_kind(archive, name)
            for entry in entries:
                _check_zip_entry(archive, entry, kind, name)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError):
        raise _not_allowed(name) from None
    return kind


def _check_zip_limits(entries: list[zipfile.ZipInfo], name: str) -> None:
    if len(entries) > MAX_ZIP_ENTRIES:
        raise _not_allowed(name)
    if sum(entry.file_size for entry in entries) > MAX_ZIP_UNPACKED_BYTES:
        raise _not_allowed(name)
    if any(entry.flag_bits & 0x1 for entry in entries):
        raise NotAllowedDocument(
            f"“{name}” is protected with a password. Save a copy without a password, or copy the "
            "words into the form."
        )


def _zip_kind(archive: zipfile.ZipFile, name: str) -> DocumentKind:
    names = archive.namelist()
    if names and names[0] == "mimetype":
        if archive.read("mimetype").strip() == _ODT_MIMETYPE:
            return DocumentKind.ODT
        raise _not_allowed(name)  # a spreadsheet, presentation or drawing
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        types = archive.read("[Content_Types].xml")
        if _DOCX_MAIN in types and b"macroEnabled" not in types:
            return DocumentKind.DOCX
        if b"macroEnabled" in types:
            raise NotAllowedDocument(
                f"“{name}” contains macros, so Haven cannot keep it. Save it as an ordinary "
                ".docx, or as a PDF."
            )
    raise _not_allowed(name)


def _check_zip_entry(
    archive: zipfile.ZipFile, entry: zipfile.ZipInfo, kind: DocumentKind, name: str
) -> None:
    if entry.is_dir():
        return
    path = PurePosixPath(entry.filename)
    if entry.filename in _PREVIEWS[kind]:
        if not _small_preview(archive.read(entry)):
            raise _has_pictures(name)
        return
    folders = {part.lower() for part in path.parts[:-1]}
    if folders & _PICTURE_FOLDERS or path.suffix.lower() in _PICTURE_SUFFIXES:
        raise _has_pictures(name)
    with archive.open(entry) as member:
        if media_signature(member.read(64)):
            raise _has_pictures(name)
    if path.suffix.lower() in (".xml", ".rels") and _INLINE_PICTURE_XML.search(archive.read(entry)):
        raise _has_pictures(name)


def _small_preview(data: bytes) -> bool:
    size = _png_size(data) or _jpeg_size(data)
    return size is not None and max(size) <= MAX_PREVIEW_PIXELS


def _png_size(data: bytes) -> tuple[int, int] | None:
    if not data.startswith(b"\x89PNG\r\n\x1a\n") or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return width, height


_JPEG_FRAMES = frozenset({*range(0xC0, 0xC4), *range(0xC5, 0xC8), *range(0xC9, 0xCC), 0xCD, 0xCE})


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    if not data.startswith(b"\xff\xd8"):
        return None
    i = 2
    while i + 9 < len(data) and data[i] == 0xFF:
        marker, length = data[i + 1], struct.unpack(">H", data[i + 2 : i + 4])[0]
        if marker in _JPEG_FRAMES:
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return width, height
        i += 2 + length
    return None


# --- Plain text ----------------------------------------------------------------------------------

_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_BASE64_MEDIA = re.compile(
    r"(?:/9j/4|iVBORw0KGgo|R0lGOD|UklGR|AAAAGGZ0eXA|AAAAIGZ0eXA|AAAAHGZ0eXA)[A-Za-z0-9+/]{200}"
)
_BASE64_MEDIA_BYTES = re.compile(_BASE64_MEDIA.pattern.encode())
_DATA_URI_MEDIA = re.compile(r"data:\s*(?:image|video|audio)/", re.IGNORECASE)


def _decode_text(data: bytes) -> str | None:
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _check_text(data: bytes, name: str) -> None:
    text = _decode_text(data)
    # Old editors end a file with Ctrl-Z; any other control character means binary data.
    if text is None or _CONTROLS.search(text.rstrip("\x1a")):
        raise _not_allowed(name)
    if text.lstrip().startswith("{\\rtf"):
        raise NotAllowedDocument(
            f"“{name}” is a Rich Text file, which can hold pictures. Save it as a .docx, a PDF or "
            "plain text, and attach that instead."
        )
    if "<svg" in text.lower() or _DATA_URI_MEDIA.search(text) or _BASE64_MEDIA.search(text):
        raise _has_pictures(name)
