"""Attachments: receiving them within limits, and keeping only their words.

Haven keeps the words of a document, never the file (haven.lib.documents.read_document): a file
can carry a picture where no check looks. Here: an upload handler that keeps at most three files
of at most 5 MB each in memory (whatever the request holds), the accepted document's words ready
to save, and the team's download of those words as a text file.
"""

import io
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers
from django.http import HttpResponse
from django.utils.http import content_disposition_header

from haven.concerns.models import ConcernAttachment
from haven.lib.documents import read_document
from haven.lib.uploads import MAX_DOCUMENT_BYTES, MAX_DOCUMENTS, DocumentKind, display_name


@dataclass(frozen=True)
class AcceptedDocument:
    """The words of a document that read_document accepted, and what the file was."""

    name: str
    kind: DocumentKind
    text: str
    size: int  # of the file, in bytes
    pages: int | None = None

    @classmethod
    def read(cls, name: str, data: bytes) -> "AcceptedDocument":
        """Read the file's words (ImageryRefused or NotAllowedDocument if it cannot be read)."""
        document = read_document(data, name)
        return cls(display_name(name), document.kind, document.text, len(data), document.pages)


def words_download(attachment: ConcernAttachment) -> HttpResponse:
    """The words Haven kept, as a UTF-8 text file named after the concern's reference.

    Not after the document: its name often holds a child's name, which would then sit in the
    DSL's downloads folder and recent-files lists."""
    response = HttpResponse(attachment.text, content_type="text/plain; charset=utf-8")
    concern = attachment.concern
    position = list(concern.attachments.values_list("pk", flat=True)).index(attachment.pk) + 1
    filename = f"{concern.reference}-{position}.txt"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


class LimitedUpload(InMemoryUploadedFile):
    """An uploaded file as the handler kept it: `too_large` or `over_count` when it was not kept."""

    too_large: bool = False
    over_count: bool = False


class DocumentUploadHandler(FileUploadHandler):
    """Keeps up to MAX_DOCUMENTS files of up to MAX_DOCUMENT_BYTES in memory; drops the rest.

    Django's memory handler gives up on the whole request when its total passes 5 MB, silently
    losing every file; this one reads on and marks what it could not keep, so the form can say
    which file was too big. Memory use stays below MAX_DOCUMENTS x MAX_DOCUMENT_BYTES.
    """

    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        self.count = 0
        self.buffer = bytearray()
        self.size = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.count += 1
        self.buffer = bytearray()
        self.size = 0
        raise StopFutureHandlers()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.size += len(raw_data)
        if self.count <= MAX_DOCUMENTS and self.size <= MAX_DOCUMENT_BYTES:
            self.buffer.extend(raw_data)
        return None

    def file_complete(self, file_size: int) -> LimitedUpload:
        kept = self.count <= MAX_DOCUMENTS and self.size <= MAX_DOCUMENT_BYTES
        upload = LimitedUpload(
            file=io.BytesIO(bytes(self.buffer) if kept else b""),
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=self.size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
        upload.too_large = self.size > MAX_DOCUMENT_BYTES
        upload.over_count = self.count > MAX_DOCUMENTS
        self.buffer = bytearray()
        return upload
