"""Narrative text encrypted at rest: AES-256-GCM, keys from HAVEN_DATA_KEYS, bound to its row.

A stored value looks like `v1:<key id>:<nonce>:<ciphertext>` (base64url). The associated data is
the table, the column and the row's primary key, so a ciphertext copied into another row or field
fails to decrypt instead of showing the wrong child's record. Values are decrypted lazily, when the
attribute is read, so list pages that never show narrative never pay for it.

Models using EncryptedTextField need a row identifier that exists before the first save (a UUID
primary key with a default, or another UUID field named by row_key), because it is part of the
associated data.
"""

import base64
import binascii
import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

VERSION = "v1"


class DecryptionFailed(Exception):
    """The value was altered, moved from another row, or its key is not in HAVEN_DATA_KEYS."""


@dataclass(frozen=True)
class KeyRing:
    current_id: str
    keys: dict[str, AESGCM]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@lru_cache(maxsize=4)
def parse_key_ring(spec: str) -> KeyRing:
    """Parse "id:base64key,id:base64key": the first key encrypts, every key decrypts."""
    keys: dict[str, AESGCM] = {}
    order: list[str] = []
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        key_id, sep, encoded = part.partition(":")
        if not sep or not key_id.isalnum():
            raise ImproperlyConfigured("HAVEN_DATA_KEYS entries must look like id:base64key")
        try:
            raw = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
        except (binascii.Error, ValueError):
            raise ImproperlyConfigured(f"HAVEN_DATA_KEYS key {key_id!r} is not base64") from None
        if len(raw) != 32:
            raise ImproperlyConfigured(f"HAVEN_DATA_KEYS key {key_id!r} must be 32 bytes")
        keys[key_id] = AESGCM(raw)
        order.append(key_id)
    if not order:
        raise ImproperlyConfigured("HAVEN_DATA_KEYS holds no key")
    return KeyRing(current_id=order[0], keys=keys)


def key_ring() -> KeyRing:
    return parse_key_ring(settings.HAVEN_DATA_KEYS)


def encrypt(plaintext: str, *, context: str) -> str:
    ring = key_ring()
    nonce = os.urandom(12)
    sealed = ring.keys[ring.current_id].encrypt(nonce, plaintext.encode(), context.encode())
    return f"{VERSION}:{ring.current_id}:{_b64(nonce)}:{_b64(sealed)}"


def key_id_of(token: str) -> str:
    return token.split(":", 2)[1]


def decrypt(token: str, *, context: str) -> str:
    try:
        version, key_id, nonce, sealed = token.split(":")
        if version != VERSION:
            raise DecryptionFailed(f"unknown format {version!r}")
        aead = key_ring().keys[key_id]
        return aead.decrypt(_unb64(nonce), _unb64(sealed), context.encode()).decode()
    except KeyError:
        raise DecryptionFailed("the key that encrypted this value is not configured") from None
    except (ValueError, InvalidTag, binascii.Error):
        raise DecryptionFailed("the value was altered or belongs to another record") from None


@dataclass(frozen=True)
class Sealed:
    """A value as stored: not yet decrypted."""

    token: str


def row_context(instance: models.Model, field: "EncryptedTextField") -> str:
    row_id = getattr(instance, field.row_key)
    if row_id is None:
        raise ValueError(f"{type(instance).__name__} needs its {field.row_key} before encrypting")
    return f"{instance._meta.db_table}.{field.column}.{row_id}"


class _EncryptedAttribute:
    def __init__(self, field: "EncryptedTextField") -> None:
        self.field = field

    def __get__(self, instance: models.Model | None, owner: type) -> Any:
        if instance is None:
            return self
        value = instance.__dict__.get(self.field.attname)
        if isinstance(value, Sealed):
            value = decrypt(value.token, context=row_context(instance, self.field))
            instance.__dict__[self.field.attname] = value
        return value

    def __set__(self, instance: models.Model, value: Any) -> None:
        instance.__dict__[self.field.attname] = value


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """A TextField whose value is stored encrypted (see the module docstring). Not searchable.

    row_key names the attribute that identifies the row in the associated data: the primary key by
    default, or another unique value set before the first save (e.g. a UUID on a model whose
    primary key comes from the database).
    """

    def __init__(self, *args: Any, row_key: str = "pk", **kwargs: Any) -> None:
        self.row_key = row_key
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.row_key != "pk":
            kwargs["row_key"] = self.row_key
        return name, path, args, kwargs

    def contribute_to_class(
        self, cls: type[models.Model], name: str, private_only: bool = False
    ) -> None:
        super().contribute_to_class(cls, name, private_only=private_only)
        setattr(cls, self.attname, _EncryptedAttribute(self))

    def from_db_value(self, value: str | None, expression: object, connection: object) -> Any:
        return None if value is None else Sealed(value)

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = model_instance.__dict__.get(self.attname)
        if value is None or isinstance(value, Sealed):
            return value
        token = encrypt(str(value), context=row_context(model_instance, self))
        return Sealed(token)

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, Sealed):
            return value.token
        raise TypeError("encrypted fields cannot be filtered or updated in bulk")

    def to_python(self, value: Any) -> Any:
        return value

    def value_to_string(self, obj: models.Model) -> str:
        return str(getattr(obj, self.attname) or "")
