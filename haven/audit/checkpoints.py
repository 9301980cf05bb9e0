"""Signed checkpoints of each chain, kept outside the database.

Whoever owns the database can delete the newest events and rewrite the chain head to match: the
chain inside the database then looks whole. So every 15 minutes Haven appends, for each chain that
has grown, one line to a file in HAVEN_AUDIT_CHECKPOINT_DIR:

    {"scope": "school:3", "sequence": 1234, "hash": "...", "count": 1234,
     "written_at": "2026-11-25T17:30:00.000000+00:00", "mac": "..."}

`mac` is HMAC-SHA256, with HAVEN_AUDIT_KEY (not stored in the database), over the other fields as
canonical JSON. Verification then checks that every checkpointed event still has its hash and that
the chain still reaches the newest checkpoint. A checkpoint is only written after checking the
events added since the previous one, so Haven never signs a chain that has already been cut.

Checkpoints are bound to the database's installation id (haven.audit.installation): each line
signs it, and each installation's files are in their own folder, HAVEN_AUDIT_CHECKPOINT_DIR/<id>/.
Another database pointed at the same folder is another installation, with its own checkpoints.

A restore from a backup (manage.py restore) appends a signed "restore" line to each chain's file:
the chain was restored to position N on that date. Checkpoints signed before it beyond position N
are then "lost since the backup": verification names them instead of calling the chain cut.
"""

import fcntl
import hashlib
import hmac
import json
import logging
import os
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from haven.audit.chain import GENESIS, Break, canonical, first_break
from haven.audit.installation import installation_id
from haven.audit.models import AuditEvent, ChainHead

logger = logging.getLogger(__name__)

CHUNK = 2000  # events fetched per round trip while walking a chain; memory stays flat
SIGNED_FIELDS = ("scope", "sequence", "hash", "count", "written_at", "installation")
RESTORE_FIELDS = (
    "kind",
    "scope",
    "sequence",
    "hash",
    "written_at",
    "installation",
    "backup_taken_at",
)
TAIL_BYTES = 64 * 1024  # a few hundred of the newest lines


@dataclass(frozen=True)
class Checkpoint:
    scope: str
    sequence: int
    hash: str
    count: int
    written_at: str
    installation: str

    def signed(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Restore:
    """A signed record that the chain was restored from a backup to this position."""

    scope: str
    sequence: int
    hash: str
    written_at: str
    installation: str
    backup_taken_at: str
    kind: str = "restore"

    def signed(self) -> dict[str, Any]:
        return asdict(self)

    def as_checkpoint(self) -> Checkpoint:
        return Checkpoint(
            self.scope, self.sequence, self.hash, self.sequence, self.written_at, self.installation
        )


@dataclass(frozen=True)
class Lost:
    """What a restore lost: the checkpoints signed beyond the position it restored to."""

    restore: Restore
    signed_up_to: Checkpoint | None  # the newest checkpoint it superseded, if any

    def __str__(self) -> str:
        r = self.restore
        text = (
            f"restored to position {r.sequence} on {r.written_at[:10]} "
            f"from a backup taken {r.backup_taken_at[:16].replace('T', ' ')} UTC"
        )
        if self.signed_up_to is None:
            return text + "; no checkpoint was signed beyond the backup, so no loss was seen"
        cp = self.signed_up_to
        return (
            text + f"; lost since the backup: events {r.sequence + 1} to {cp.sequence} "
            f"(signed at {cp.written_at[:16].replace('T', ' ')} UTC)"
        )


@dataclass
class CheckpointLog:
    """One chain's checkpoints: those whose signature holds, and problems with the others.

    `valid` holds the checkpoints that apply to the chain as it is now: those a restore
    superseded are in `lost` instead, and a restore counts as a checkpoint at its position.
    """

    scope: str
    valid: list[Checkpoint] = field(default_factory=list)
    problems: list[Break] = field(default_factory=list)
    restores: list[Restore] = field(default_factory=list)
    lost: list[Lost] = field(default_factory=list)

    @property
    def newest(self) -> Checkpoint | None:
        return max(self.valid, key=lambda cp: cp.sequence, default=None)

    def settle(self) -> "CheckpointLog":
        """Apply the restores in time order: each supersedes what was signed beyond it."""
        if not self.restores:
            return self
        entries: list[Checkpoint | Restore] = [*self.valid, *self.restores]
        current: list[Checkpoint] = []
        for entry in sorted(entries, key=lambda e: e.written_at):
            if isinstance(entry, Restore):
                beyond = [cp for cp in current if cp.sequence > entry.sequence]
                newest = max(beyond, key=lambda cp: cp.sequence, default=None)
                self.lost.append(Lost(entry, newest))
                current = [cp for cp in current if cp.sequence <= entry.sequence]
                current.append(entry.as_checkpoint())
            else:
                current.append(entry)
        self.valid, self.restores = current, []
        return self


class Outcome(StrEnum):
    WRITTEN = "written"
    UNCHANGED = "unchanged"
    REFUSED = "refused"


@dataclass(frozen=True)
class WriteResult:
    scope: str
    outcome: Outcome
    checkpoint: Checkpoint | None = None
    problem: Break | None = None


def mac(fields: dict[str, Any]) -> str:
    key = settings.HAVEN_AUDIT_KEY.encode()
    return hmac.new(key, canonical(fields), hashlib.sha256).hexdigest()


def root() -> Path:
    return Path(settings.HAVEN_AUDIT_CHECKPOINT_DIR)


def directory(installation: str | None = None) -> Path:
    """This installation's checkpoint folder (one query for the id unless it is given)."""
    return root() / (installation or installation_id())


def file_name(scope: str) -> str:
    # "school:3" -> school-3.jsonl: a colon is not allowed in file names everywhere, and a scope
    # read from the database must never name a path outside the directory.
    return f"{re.sub(r'[^A-Za-z0-9_]', '-', scope)}.jsonl"


def file_for(scope: str, installation: str | None = None) -> Path:
    return directory(installation) / file_name(scope)


def other_installations() -> list[str]:
    """Checkpoint folders in the root that belong to another installation (or to none: files
    from before checkpoints were bound), to say so when verifying."""
    if not root().is_dir():
        return []
    mine = installation_id()
    found = [p.name for p in root().iterdir() if p.is_dir() and p.name != mine]
    if any(root().glob("*.jsonl")):
        found.append("(files from before installations, at the top of the folder)")
    return sorted(found)


def scope_of_file(path: Path) -> str:
    return path.stem.replace("-", ":", 1)


def _parse(path: Path, number: int, line: str) -> Checkpoint | Restore | Break:
    scope = scope_of_file(path)

    def problem(text: str, sequence: int = 0) -> Break:
        return Break(scope, sequence, None, f"checkpoint line {number} of {path.name} {text}")

    cp: Checkpoint | Restore
    try:
        raw = json.loads(line)
        if raw.get("kind") == "restore":
            cp = Restore(**{name: raw[name] for name in RESTORE_FIELDS})
        else:
            cp = Checkpoint(**{name: raw[name] for name in SIGNED_FIELDS})
        genuine = hmac.compare_digest(mac(cp.signed()), str(raw["mac"]))
    except (ValueError, KeyError, TypeError, AttributeError):
        return problem("cannot be read")
    if not genuine:
        return problem("has a bad signature: it was forged or altered", _as_int(cp.sequence))
    if file_name(cp.scope) != path.name:
        return problem(f"belongs to the chain {cp.scope}", cp.sequence)
    if cp.installation != path.parent.name:
        return problem(f"belongs to the installation {cp.installation}", cp.sequence)
    return cp


def _add(log: CheckpointLog, parsed: Checkpoint | Restore | Break) -> None:
    if isinstance(parsed, Break):
        log.problems.append(parsed)
    elif isinstance(parsed, Restore):
        log.restores.append(parsed)
    else:
        log.valid.append(parsed)


def _as_int(value: Any) -> int:
    return value if isinstance(value, int) else 0


def read(scope: str, installation: str | None = None) -> CheckpointLog:
    return _read_file(file_for(scope, installation), CheckpointLog(scope))


def _read_file(path: Path, log: CheckpointLog) -> CheckpointLog:
    if not path.exists():
        return log
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if line.strip():
                _add(log, _parse(path, number, line))
    return log.settle()


def read_path(path: Path) -> CheckpointLog:
    """One checkpoint file anywhere (a backup's copy), checked as if it were in its place."""
    return _read_file(path, CheckpointLog(scope_of_file(path)))


def newest(scope: str, installation: str | None = None) -> Checkpoint | None:
    """The newest genuine checkpoint, read from the end of the file: the 15-minute job must not
    re-check a year of lines for each of hundreds of schools. Lines are appended in order."""
    path = file_for(scope, installation)
    if not path.exists():
        return None
    with path.open("rb") as handle:
        size = handle.seek(0, os.SEEK_END)
        handle.seek(max(0, size - TAIL_BYTES))
        tail = handle.read().decode("utf-8", errors="replace").splitlines()
    if size > TAIL_BYTES:
        tail = tail[1:]  # the first line read is probably cut in the middle
    log = CheckpointLog(scope)
    for line in tail:
        _add(log, _parse(path, 0, line))
    # A restore line comes after every line it supersedes, so the tail settles on its own.
    if log.valid or log.restores or size <= TAIL_BYTES:
        return log.settle().newest
    return read(scope, installation).newest  # the whole tail is damaged: look further back


def file_scopes(installation: str | None = None) -> list[str]:
    """The chains that have a checkpoint file (read from the names only)."""
    folder = directory(installation)
    if not folder.is_dir():
        return []
    return sorted(scope_of_file(path) for path in folder.glob("*.jsonl"))


def read_all(installation: str | None = None) -> dict[str, CheckpointLog]:
    """Every chain's checkpoints, by scope."""
    folder = directory(installation)
    if not folder.is_dir():
        return {}
    return {
        scope_of_file(path): _read_file(path, CheckpointLog(scope_of_file(path)))
        for path in sorted(folder.glob("*.jsonl"))
    }


def _fsync_directory(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def append_line(path: Path, line: str) -> None:
    """Append one line and make it durable before saying it is written."""
    is_new_dir = not path.parent.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    is_new_file = not path.exists()
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # the periodic job and the command may run at once
        os.write(fd, line.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    if is_new_file:
        _fsync_directory(path.parent)
    if is_new_dir:
        _fsync_directory(path.parent.parent)


def _new_events(scope: str, after: int, upto: int) -> Iterator[AuditEvent]:
    return (
        AuditEvent.objects.filter(scope=scope, sequence__gt=after, sequence__lte=upto)
        .order_by("sequence")
        .iterator(chunk_size=CHUNK)
    )


def now_text() -> str:
    return timezone.now().isoformat(timespec="microseconds")


def signed_line(entry: Checkpoint | Restore) -> str:
    return json.dumps({**entry.signed(), "mac": mac(entry.signed())}, sort_keys=True)


def write(scope: str) -> WriteResult:
    """Checkpoint one chain's head, if it has grown and the events since the last checkpoint hold.

    Refuses (and logs) when the chain no longer reaches the last checkpoint or a new event is
    broken: signing that state would hide the tampering the checkpoints exist to catch.
    """
    installation = installation_id()
    head = ChainHead.objects.filter(scope=scope).first()
    last = newest(scope, installation)
    head_at = (head.sequence, head.hash) if head else (0, GENESIS)
    after = (last.sequence, last.hash) if last else (0, GENESIS)
    if head_at == after:
        return WriteResult(scope, Outcome.UNCHANGED, last)
    problem = _check_since(scope, after, head_at)
    if problem is not None:
        logger.error("audit checkpoint refused scope=%s sequence=%s", scope, problem.sequence)
        return WriteResult(scope, Outcome.REFUSED, problem=problem)
    checkpoint = Checkpoint(
        scope=scope,
        sequence=head_at[0],
        hash=head_at[1],
        count=(last.count if last else 0) + head_at[0] - after[0],
        written_at=now_text(),
        installation=installation,
    )
    line = signed_line(checkpoint)
    append_line(file_for(scope, installation), line + "\n")
    logger.info("audit checkpoint written scope=%s sequence=%s", scope, checkpoint.sequence)
    return WriteResult(scope, Outcome.WRITTEN, checkpoint)


def _check_since(scope: str, after: tuple[int, str], head: tuple[int, str]) -> Break | None:
    if head[0] < after[0]:
        return Break(
            scope,
            head[0] + 1,
            None,
            f"the chain ends before its checkpoint at position {after[0]}: it was cut",
        )
    return first_break(scope, _new_events(scope, after[0], head[0]), head, after=after)


def write_all(scope: str | None = None) -> list[WriteResult]:
    """Checkpoint every chain (or one): what the periodic job and the command run.

    Chains are found from their head rows; a chain whose head row was deleted is refused by write()
    when asked by name, and caught by verification (which also reads the checkpoint files).
    """
    if scope:
        return [write(scope)]
    scopes = set(ChainHead.objects.values_list("scope", flat=True)) | set(file_scopes(None))
    return [write(each) for each in sorted(scopes)]
