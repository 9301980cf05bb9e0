"""Development secrets, made on first run into var/, so that no secret lives in the repository."""

import base64
import os
import secrets
from collections.abc import Callable
from pathlib import Path


def read_or_create(path: Path, make: Callable[[], str]) -> str:
    """Read a secret from path, creating it first if missing (safe when processes race)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(make() + "\n")
    return path.read_text(encoding="utf-8").strip()


def new_secret_key() -> str:
    return secrets.token_urlsafe(50)


def new_data_key() -> str:
    """A key ring with one 256-bit key, in the HAVEN_DATA_KEYS format: id:base64url."""
    key = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii")
    return f"dev1:{key}"
