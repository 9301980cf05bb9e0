"""What uploads share: imagery recognised by its first bytes, whatever the file is called, and
names made safe to show. (Reading documents' words: test_documents.py.)"""

import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from haven.lib.tests.samples import jpeg, pdf, png
from haven.lib.uploads import display_name, media_signature

__all__ = ["IMAGERY", "jpeg", "pdf", "png"]  # builders other tests import from here

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
def test_every_image_video_and_sound_format_is_recognised_by_its_first_bytes(kind):
    assert media_signature(IMAGERY[kind])


@pytest.mark.parametrize(
    "text",
    [
        b"caffeine before period 2",
        b"FORM 9R: notes from tutor time",
        b"MAC address of the laptop was noted",
        b"ID3 is the label on the locker",
        b"P5 10 12 were the rooms used",
        b"BM was the teacher's initials",
        b"She said it was sent on Snapchat at lunch.",
    ],
)
def test_words_that_begin_like_a_media_signature_are_not_media(text):
    assert not media_signature(text)


def test_names_shown_in_messages_lose_their_folders_and_stay_short():
    assert display_name("/home/t/Desktop/a.pdf") == "a.pdf"
    assert display_name("") == "The file"
    assert len(display_name("x" * 300)) == 80


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(IMAGERY)), st.binary(max_size=512))
def test_imagery_is_recognised_whatever_follows_its_header(kind, tail):
    assert media_signature(IMAGERY[kind] + tail)
