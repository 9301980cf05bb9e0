"""A package encrypted for the receiving school's Haven: X25519, HKDF-SHA256 and AES-256-GCM.

Each school on a Haven has a key pair for receiving child protection files, derived (HKDF-SHA256)
from HAVEN_AUDIT_KEY, the installation id and the school, so it is never stored and needs no new
secret. The receiving DSL gives its public key (`manage.py cp_file_key`) to the sending school out
of band; the sending school stores it as a partner school (`manage.py add_partner_school`). Every
package to that school is then sealed:

    cp-file.sealed   JSON: format "haven-cp-file-sealed", version 1, the recipient key's
                     fingerprint, a one-time X25519 public key, a nonce and the AES-GCM ciphertext
                     of the three files (cp-file.json, cp-file.sig, cp-file.pdf), unchanged: the
                     Ed25519 signature inside is checked after decryption as for any package.

Only the receiving school's Haven can open it; anyone else (another school, a copy on the way)
holds ciphertext. A wrong key or a changed byte is refused, with the reason.
"""

import base64
import json
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from haven.audit.installation import installation_id
from haven.records.transfer import PackageRefused, fingerprint
from haven.schools.models import School

SEALED_FILE = "cp-file.sealed"
FORMAT = "haven-cp-file-sealed"
VERSION = 1


def _raw(public: X25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def receiving_key(school: School) -> X25519PrivateKey:
    info = f"haven cp-file receiving key v1:{installation_id()}:{school.pk}".encode()
    seed = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(
        settings.HAVEN_AUDIT_KEY.encode()
    )
    return X25519PrivateKey.from_private_bytes(seed)


def public_key_of(school: School) -> str:
    """What the receiving DSL gives the sending school: base64 of the 32-byte public key."""
    return base64.b64encode(_raw(receiving_key(school).public_key())).decode()


def parse_public_key(text: str) -> bytes:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
        X25519PublicKey.from_public_bytes(raw)
    except ValueError:
        raise PackageRefused(
            "that is not a school's public key (44 characters of base64)"
        ) from None
    return raw


def _key(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=None,
        info=b"haven cp-file sealed v1" + ephemeral + recipient,
    ).derive(shared)


def _header(recipient: bytes, ephemeral: bytes, nonce: bytes) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "recipient": fingerprint(recipient),
        "ephemeral_public_key": base64.b64encode(ephemeral).decode(),
        "nonce": base64.b64encode(nonce).decode(),
    }


def _aad(header: dict[str, Any]) -> bytes:
    return json.dumps(header, sort_keys=True).encode()


def seal(files: dict[str, bytes], recipient_b64: str) -> bytes:
    """The package's files encrypted for the holder of the recipient's private key."""
    recipient = parse_public_key(recipient_b64)
    one_time = X25519PrivateKey.generate()
    ephemeral = _raw(one_time.public_key())
    key = _key(
        one_time.exchange(X25519PublicKey.from_public_bytes(recipient)), ephemeral, recipient
    )
    nonce = os.urandom(12)
    header = _header(recipient, ephemeral, nonce)
    payload = json.dumps({name: base64.b64encode(data).decode() for name, data in files.items()})
    ciphertext = AESGCM(key).encrypt(nonce, payload.encode(), _aad(header))
    return json.dumps({**header, "ciphertext": base64.b64encode(ciphertext).decode()}).encode()


def unseal(data: bytes, school: School) -> dict[str, bytes]:
    """The package's files, or PackageRefused: not sealed for this school, or changed."""
    try:
        sealed = json.loads(data)
        if sealed.get("format") != FORMAT:
            raise PackageRefused("this is not a sealed Haven child protection file")
        if sealed.get("version") != VERSION:
            raise PackageRefused(
                f"the sealed package is version {sealed.get('version')!r}; this Haven reads "
                f"version {VERSION}"
            )
        private = receiving_key(school)
        mine = _raw(private.public_key())
        if sealed.get("recipient") != fingerprint(mine):
            raise PackageRefused(
                "the package is encrypted for another key, not this school's: ask the sending "
                "school to check the public key it holds for you"
            )
        ephemeral = base64.b64decode(sealed["ephemeral_public_key"], validate=True)
        nonce = base64.b64decode(sealed["nonce"], validate=True)
        header = _header(mine, ephemeral, nonce)
        key = _key(private.exchange(X25519PublicKey.from_public_bytes(ephemeral)), ephemeral, mine)
        plain = AESGCM(key).decrypt(
            nonce, base64.b64decode(sealed["ciphertext"], validate=True), _aad(header)
        )
        files = json.loads(plain)
        return {str(name): base64.b64decode(value) for name, value in files.items()}
    except InvalidTag:
        raise PackageRefused(
            "the package cannot be decrypted with this school's key: it was changed after it "
            "was sent, or sealed for another school"
        ) from None
    except (ValueError, KeyError, TypeError, AttributeError):
        raise PackageRefused("the sealed package cannot be read") from None
