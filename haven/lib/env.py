"""Read settings from the environment, refusing values that are wrong rather than guessing.

Every helper raises ImproperlyConfigured naming the variable, so a misconfigured server stops at
start-up with a message an operator can act on, instead of running with a surprise default.
"""

import os
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int, *, minimum: int = 0, maximum: int = 10**9) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None
    if not minimum <= value <= maximum:
        raise ImproperlyConfigured(f"{name} must be between {minimum} and {maximum}, not {value}")
    return value


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [part.strip() for part in raw.split(",") if part.strip()]


def env_choice(name: str, default: str, choices: set[str]) -> str:
    value = env_str(name, default).lower()
    if value not in choices:
        allowed = ", ".join(sorted(choices))
        raise ImproperlyConfigured(f"{name} must be one of {allowed}, not {value!r}")
    return value


def database_from_url(url: str) -> dict[str, object]:
    """Turn a DATABASE_URL (postgres://user:pass@host:port/name or sqlite:////path) into settings.

    dj-database-url reads the URL; Haven refuses what it does not run on (only PostgreSQL and
    SQLite are tested), a URL with no database name, and gives SQLite its WAL settings.
    """
    scheme = urlsplit(url).scheme
    if scheme not in {"postgres", "postgresql", "sqlite"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL must start with postgres:// or sqlite://, not {scheme!r}"
        )
    try:
        parsed = dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL cannot be read: {error}") from None
    name = str(parsed.get("NAME") or "")
    if scheme == "sqlite":
        if not name or name in {"/", ":memory:"}:
            raise ImproperlyConfigured(
                "DATABASE_URL for SQLite needs a file: sqlite:////abs/path.db"
            )
        return sqlite_database(name)
    if not name:
        raise ImproperlyConfigured("DATABASE_URL must name a database, e.g. postgres:///haven")
    parsed["PORT"] = str(parsed.get("PORT") or "")
    return parsed


def sqlite_database(path: str) -> dict[str, object]:
    # WAL lets readers carry on while one writer writes; IMMEDIATE takes the write lock at the
    # start of a transaction, so two writers queue instead of failing half-way (audit chain).
    # secure_delete: deleted and rewritten rows are overwritten with zeros, so a record deleted at
    # the end of its retention (haven.records) leaves no bytes behind in the file.
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                "PRAGMA secure_delete=ON;"
            ),
        },
    }


def passkey_site(base_url: str) -> tuple[str, str] | None:
    """The domain and origin passkeys are bound to, from the address staff use; None where
    browsers refuse passkeys: a bare IP address, or plain http:// anywhere but localhost."""
    parts = urlsplit(base_url)
    host = (parts.hostname or "").lower()
    if not host or host.replace(".", "").isdigit() or ":" in host:
        return None  # an IPv4 or IPv6 address is never a passkey domain
    if parts.scheme != "https" and not (parts.scheme == "http" and host == "localhost"):
        return None
    return host, f"{parts.scheme}://{parts.netloc.lower()}"
