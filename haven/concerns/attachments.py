"""Attachments: receiving them within limits, and sealing them at rest with Haven's data keys.

The content check itself is `haven.lib.uploads.check_document`. Here: an upload handler that keeps
at most three files of at most 5 MB each in memory (whatever the request holds), and AES-256-GCM
sealing of the bytes with the key ring from `haven.lib.encryption`, bound to the attachment's row.
"""

import io
import os
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers
from django.db import transaction

from haven.concerns.models import ConcernAttachment
from haven.lib.encryption import DecryptionFailed, key_ring
from haven.lib.uploads import MAX_DOCUMENT_BYTES, MAX_DOCUMENTS, DocumentKind


@dataclass(frozen=True)
class AcceptedDocument:
    """A document that passed check_document, ready to be sealed and saved."""

    name: str
    kind: DocumentKind
    data: bytes


@dataclass(frozen=True)
class Sealed:
    key_id: str
    nonce: bytes
    content: bytes


def attachment_context(attachment_id: object) -> bytes:
    # Bound to the table, column and row, like EncryptedTextField: a copy into another row fails.
    return f"concerns_concernattachment.content.{attachment_id}".encode()


def seal(data: bytes, *, attachment_id: object) -> Sealed:
    ring = key_ring()
    nonce = os.urandom(12)
    sealed = ring.keys[ring.current_id].encrypt(nonce, data, attachment_context(attachment_id))
    return Sealed(key_id=ring.current_id, nonce=nonce, content=sealed)


def unseal(sealed: Sealed, *, attachment_id: object) -> bytes:
    try:
        aead = key_ring().keys[sealed.key_id]
        return aead.decrypt(
            bytes(sealed.nonce), bytes(sealed.content), attachment_context(attachment_id)
        )
    except KeyError:
        raise DecryptionFailed("the key that sealed this attachment is not configured") from None
    except InvalidTag:
        raise DecryptionFailed("the attachment was altered or belongs to another record") from None


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


def reseal_attachments(*, batch_size: int = 500, dry_run: bool = False) -> int:
    """Re-seal every document sealed under an older key with the current key (key rotation).

    `rotate_keys` covers EncryptedTextField; documents are bytes, so they are rotated here.
    Returns how many documents were (or, with dry_run, would be) re-sealed.
    """
    stale = ConcernAttachment.objects.exclude(key_id=key_ring().current_id).order_by("pk")
    if dry_run:
        return stale.count()
    done = 0
    while batch := list(stale[:batch_size]):
        with transaction.atomic():
            for document in batch:
                plain = unseal(
                    Sealed(document.key_id, bytes(document.nonce), bytes(document.content)),
                    attachment_id=document.pk,
                )
                fresh = seal(plain, attachment_id=document.pk)
                ConcernAttachment.objects.filter(pk=document.pk).update(
                    key_id=fresh.key_id, nonce=fresh.nonce, content=fresh.content
                )
        done += len(batch)
    return done
