"""Backup and restore of Haven's database, with its audit checkpoints and never its keys.

A backup is a folder:

    manifest.json              what it is: format, database kind, installation, when, file
                               hashes; signed (HMAC-SHA256, HAVEN_AUDIT_KEY) against change
    database.sqlite3           SQLite, copied through SQLite's online backup API; or
    database.dump              PostgreSQL, pg_dump --format=custom
    checkpoints/<id>/*.jsonl   this installation's signed audit checkpoints, as they were

The keys (HAVEN_DATA_KEYS, HAVEN_AUDIT_KEY, SECRET_KEY) are never in the database, so never in a
backup: keep them apart, with your other secrets. A restore goes into an empty database, then
signs, for each audit chain, that it was restored to position N on that date (a "restore" line in
the checkpoint files), so verify_audit_chain passes on the restored copy and says what was lost.
"""

import hashlib
import hmac
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

from haven.audit import checkpoints
from haven.audit.chain import GENESIS, canonical
from haven.audit.checkpoints import CheckpointLog, Restore
from haven.audit.installation import become_new_installation, installation_id
from haven.audit.models import AuditEvent, ChainHead
from haven.audit.services import record
from haven.audit.verification import verify_chain
from haven.lib.errors import Refused

FORMAT = 1
MANIFEST = "manifest.json"
FILES = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
CHECKPOINTS = "checkpoints"


class BackupRefused(Refused):
    """A backup or restore that cannot go ahead; the message says why."""


@dataclass(frozen=True)
class RestoredChain:
    scope: str
    position: int
    signed: bool  # False: the restored chain did not hold, so no restore record was signed
    problem: str = ""


def _sign(fields: dict[str, Any]) -> str:
    return hmac.new(
        settings.HAVEN_AUDIT_KEY.encode(), canonical(fields), hashlib.sha256
    ).hexdigest()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _vendor() -> str:
    if connection.vendor not in FILES:
        raise BackupRefused(f"Haven cannot back up a {connection.vendor} database")
    return connection.vendor


def _pg_env() -> dict[str, str]:
    """libpq's own variables, so the password never appears in a process list."""
    db = connection.settings_dict
    env = {**os.environ, "PGDATABASE": str(db["NAME"])}
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            env[name] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupRefused(f"{command[0]} is not installed on this machine")
    # The command is a fixed program with settings' values as arguments, never shell text.
    done = subprocess.run(  # noqa: S603
        command, env=_pg_env(), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupRefused(f"{command[0]} failed: {done.stderr.strip()[:500]}")


# Backup


def backup(out: Path) -> dict[str, Any]:
    """Back this database up into the empty (or new) folder `out`; returns the manifest."""
    if out.exists() and any(out.iterdir()):
        raise BackupRefused(f"{out} is not empty: give a new folder for each backup")
    vendor = _vendor()
    # Sign the chains as they are now: the backup then carries checkpoints of its own events.
    checkpoints.write_all()
    record("audit.backup_taken", actor=None, data={"vendor": vendor})
    out.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = out / FILES[vendor]
    if vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
    else:
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target)])
    installation = installation_id()
    source = checkpoints.directory(installation)
    if source.is_dir():
        shutil.copytree(source, out / CHECKPOINTS / installation)
    manifest = {
        "format": FORMAT,
        "vendor": vendor,
        "installation": installation,
        "taken_at": checkpoints.now_text(),
        "files": {
            str(path.relative_to(out)): _sha256(path)
            for path in sorted(out.rglob("*"))
            if path.is_file()
        },
    }
    (out / MANIFEST).write_text(json.dumps({**manifest, "mac": _sign(manifest)}, indent=2))
    return manifest


# Restore


def read_manifest(source: Path) -> dict[str, Any]:
    """The backup's manifest, refused if it is not a Haven backup, was changed, or is incomplete."""
    try:
        raw = json.loads((source / MANIFEST).read_text())
        manifest = {
            key: raw[key] for key in ("format", "vendor", "installation", "taken_at", "files")
        }
        genuine = hmac.compare_digest(_sign(manifest), str(raw["mac"]))
    except (OSError, ValueError, KeyError, TypeError):
        raise BackupRefused(f"{source} holds no readable Haven backup (manifest.json)") from None
    if manifest["format"] != FORMAT:
        raise BackupRefused(f"this backup's format {manifest['format']!r} is not one Haven knows")
    if not genuine:
        raise BackupRefused(
            "the backup's manifest signature does not hold: it was changed, or this Haven "
            "has a different HAVEN_AUDIT_KEY from the one that took it"
        )
    for name, digest in manifest["files"].items():
        path = source / name
        if not path.is_file() or _sha256(path) != digest:
            raise BackupRefused(f"the backup's file {name} is missing or was changed")
    return manifest


def _is_empty() -> bool:
    tables = set(connection.introspection.table_names())
    if AuditEvent._meta.db_table not in tables:
        return True
    return not AuditEvent.objects.exists() and not ChainHead.objects.exists()


def restore(source: Path, *, as_copy: bool = False) -> list[RestoredChain]:
    """Restore the backup in `source` into this (empty) database and sign where each chain was
    restored to. `as_copy`: the restored database becomes a new installation (a test copy beside
    the original), its chains checked against the backup's checkpoints only."""
    manifest = read_manifest(source)
    vendor = _vendor()
    if manifest["vendor"] != vendor:
        raise BackupRefused(f"this is a {manifest['vendor']} backup; this database is {vendor}")
    if not _is_empty():
        raise BackupRefused("this database is not empty: restore into a new, empty database")
    _load(source / FILES[vendor], vendor)
    installation = str(manifest["installation"])
    if installation_id() != installation:
        raise BackupRefused("the restored database does not hold the backup's installation id")
    if as_copy:
        installation = become_new_installation()
    else:
        _merge_checkpoints(source / CHECKPOINTS / installation, checkpoints.directory(installation))
    logs = _backup_logs(source / CHECKPOINTS / str(manifest["installation"]))
    results = [
        _sign_restore(scope, installation, manifest, None if not as_copy else logs.get(scope))
        for scope in _scopes(installation, logs)
    ]
    record(
        "audit.restored_from_backup",
        actor=None,
        data={"taken_at": manifest["taken_at"][:32], "as_copy": as_copy},
    )
    return results


def _load(path: Path, vendor: str) -> None:
    if vendor == "sqlite":
        connection.ensure_connection()
        stored = sqlite3.connect(path)
        try:
            stored.backup(connection.connection)  # page by page into this very database
        finally:
            stored.close()
    else:
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--dbname",
                str(connection.settings_dict["NAME"]),
                str(path),
            ]
        )
    connection.close()  # start afresh: cached ids, sequences and schema may have changed


def _merge_checkpoints(source: Path, target: Path) -> None:
    """Add the backup's checkpoint lines the live folder lacks (a new machine has none), before
    any restore line, so a restore line always comes after the lines it supersedes."""
    if not source.is_dir():
        return
    for path in sorted(source.glob("*.jsonl")):
        live = target / path.name
        have = set(live.read_text(encoding="utf-8").splitlines()) if live.exists() else set()
        missing = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        for line in missing:
            if line not in have:
                checkpoints.append_line(live, line + "\n")


def _backup_logs(folder: Path) -> dict[str, CheckpointLog]:
    if not folder.is_dir():
        return {}
    return {
        checkpoints.scope_of_file(path): checkpoints.read_path(path)
        for path in sorted(folder.glob("*.jsonl"))
    }


def _scopes(installation: str, logs: dict[str, CheckpointLog]) -> list[str]:
    heads = set(ChainHead.objects.values_list("scope", flat=True))
    return sorted(heads | set(logs) | set(checkpoints.file_scopes(installation)))


def _sign_restore(
    scope: str, installation: str, manifest: dict[str, Any], log: CheckpointLog | None
) -> RestoredChain:
    """Check the restored chain against every checkpoint up to its head, then sign the restore.
    Checkpoints beyond the head are what the restore lost; they are superseded, not checked."""
    head = ChainHead.objects.filter(scope=scope).values_list("sequence", "hash").first()
    position, head_hash = head if head else (0, GENESIS)
    if log is None:
        log = checkpoints.read(scope, installation)
    upto = CheckpointLog(
        scope, [cp for cp in log.valid if cp.sequence <= position], list(log.problems)
    )
    report = verify_chain(scope, upto)
    if report.problem is not None:
        return RestoredChain(scope, position, False, str(report.problem))
    line = Restore(
        scope=scope,
        sequence=position,
        hash=head_hash,
        written_at=checkpoints.now_text(),
        installation=installation,
        backup_taken_at=str(manifest["taken_at"]),
    )
    checkpoints.append_line(
        checkpoints.file_for(scope, installation), checkpoints.signed_line(line) + "\n"
    )
    return RestoredChain(scope, position, True)
