"""Checking a safeguarding policy before it goes on the public pages: a real PDF, with no pictures.

The content is checked, never the file's name: haven.lib.uploads.check_document refuses imagery
and documents with pictures, media or scripts inside; a policy must also be a PDF specifically.
"""

from haven.lib.uploads import DocumentKind, ImageryRefused, NotAllowedDocument, check_document

MAX_POLICY_BYTES = 4 * 1024 * 1024


class PolicyRefused(Exception):
    """The file cannot be published as the policy; the message tells the admin what to do."""


NOT_A_PDF = "The file must be a PDF. Save the policy as a PDF, then upload it again."
IMAGERY = (
    "This file is a picture, video or sound file, and Haven never stores those. Upload the "
    "policy as a PDF."
)
CANNOT_USE_PDF = (
    "This PDF cannot be used because it has pictures, video, sound, scripts or a password "
    "inside it. Save the policy again as a PDF with only words and no password, then upload it."
)
TOO_BIG = "The file must be smaller than 4 MB."


def check_policy(data: bytes, file_name: str) -> None:
    """Raise PolicyRefused unless `data` is a PDF that Haven's document check accepts."""
    if len(data) > MAX_POLICY_BYTES:
        raise PolicyRefused(TOO_BIG)
    try:
        kind = check_document(data, file_name)
    except ImageryRefused:
        raise PolicyRefused(IMAGERY) from None
    except NotAllowedDocument:
        raise PolicyRefused(CANNOT_USE_PDF if data.startswith(b"%PDF-") else NOT_A_PDF) from None
    if kind is not DocumentKind.PDF:
        raise PolicyRefused(NOT_A_PDF)
