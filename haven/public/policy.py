"""The safeguarding policy on the public pages: its words, never a file.

The school admin uploads the policy (PDF, Word or OpenDocument) or pastes it; Haven reads its words
(haven.lib.documents.read_document), the admin checks them, and the public page shows them as an
accessible web page. No file is kept or served, so nothing hidden in a file can reach families,
and the policy reads well on a phone and with a screen reader. Pure functions: no database.
"""

import re
from urllib.parse import urlsplit

from haven.lib.documents import MAX_CHARACTERS, Document, read_document
from haven.lib.encoded_files import EncodedFileRefused, check_words
from haven.lib.uploads import ImageryRefused, UploadRefused, display_name

MAX_POLICY_BYTES = 4 * 1024 * 1024
MAX_LINK_LENGTH = 500


class PolicyRefused(Exception):
    """The policy cannot be published as it is; the message tells the admin what to do."""


TOO_BIG = "The file must be smaller than 4 MB."
IMAGERY = (
    "This file is a picture, video or sound file, and Haven never stores those. Upload the "
    "policy as a PDF, a Word document or an OpenDocument text."
)
ENCODED = (
    "The words hold what looks like a file written out as letters and numbers, and Haven "
    "never publishes that (it could be a picture). Take it out, then try again."
)
TOO_LONG = f"The policy must be shorter than {MAX_CHARACTERS:,} characters."
NOT_HTTPS = "Enter a full web address starting https://, such as https://www.school.example/policy"


def read_policy(data: bytes, file_name: str) -> Document:
    """The words of the policy file, or PolicyRefused saying why they cannot be read."""
    if len(data) > MAX_POLICY_BYTES:
        raise PolicyRefused(TOO_BIG)
    try:
        return read_document(data, display_name(file_name))
    except EncodedFileRefused:
        raise PolicyRefused(ENCODED) from None
    except ImageryRefused:
        raise PolicyRefused(IMAGERY) from None
    except UploadRefused as refused:
        raise PolicyRefused(str(refused)) from None


def check_policy_text(text: str) -> None:
    """PolicyRefused if the words are too long or hold an encoded file."""
    if len(text) > MAX_CHARACTERS:
        raise PolicyRefused(TOO_LONG)
    try:
        check_words(text)
    except UploadRefused:
        raise PolicyRefused(ENCODED) from None


def check_policy_link(link: str) -> None:
    """PolicyRefused unless `link` is an https address of a website, with no user name or
    password in it (a link families follow must not carry anyone's credentials)."""
    if len(link) > MAX_LINK_LENGTH or any(char.isspace() for char in link):
        raise PolicyRefused(NOT_HTTPS)
    try:
        parts = urlsplit(link)
        _ = parts.port  # a port that is not a number raises ValueError
    except ValueError:
        raise PolicyRefused(NOT_HTTPS) from None
    if parts.scheme != "https" or not parts.hostname or "." not in parts.hostname:
        raise PolicyRefused(NOT_HTTPS)
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise PolicyRefused(
            "Take the user name or password out of the web address: families must be able to "
            "open it without signing in."
        )


def paragraphs(text: str) -> list[str]:
    """The words in paragraphs (a blank line ends one), to show one by one."""
    return [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]
