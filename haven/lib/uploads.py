"""What Haven needs to know about uploaded files before reading their words.

Haven never holds imagery, and since the fix for the polyglot review it never keeps an uploaded file
at all: haven.lib.documents.read_document keeps only a document's words. This module holds what that
reader and the forms share: the kinds of document, the limits, the refusals (each with a message for
the person who chose the file), and `media_signature`, which recognises an image, video or sound
file by its first bytes so the person is told plainly that Haven never holds imagery.

It is a pure function of the bytes: no Django, no database, no files written.
"""

import codecs
import re
import struct
from enum import StrEnum
from pathlib import PurePosixPath, PureWindowsPath

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
MAX_DOCUMENTS = 3

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
    """The file is not one of the documents Haven can read the words of."""


def display_name(declared_name: str) -> str:
    """The file's own name without any folder, short enough to show in a message."""
    name = PureWindowsPath(PurePosixPath(declared_name or "").name).name.strip()
    return (name[:77] + "...") if len(name) > 80 else (name or "The file")


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
