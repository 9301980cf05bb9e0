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
from haven.audit.models import AuditEvent, ChainHead

logger = logging.getLogger(__name__)

CHUNK = 2000  # events fetched per round trip while walking a chain; memory stays flat
SIGNED_FIELDS = ("scope", "sequence", "hash", "count", "written_at")
TAIL_BYTES = 64 * 1024  # a few hundred of the newest lines


@dataclass(frozen=True)
class Checkpoint:
    scope: str
    sequence: int
    hash: str
    count: int
    written_at: str

    def signed(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class CheckpointLog:
    """One chain's checkpoints: those whose signature holds, and problems with the others."""

    scope: str
    valid: list[Checkpoint] = field(default_factory=list)
    problems: list[Break] = field(default_factory=list)

    @property
    def newest(self) -> Checkpoint | None:
        return max(self.valid, key=lambda cp: cp.sequence, default=None)


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


def directory() -> Path:
    return Path(settings.HAVEN_AUDIT_CHECKPOINT_DIR)


def file_for(scope: str) -> Path:
    # "school:3" -> school-3.jsonl: a colon is not allowed in file names everywhere, and a scope
    # read from the database must never name a path outside the directory.
    return directory() / f"{re.sub(r'[^A-Za-z0-9_]', '-', scope)}.jsonl"


def _scope_of_file(path: Path) -> str:
    return path.stem.replace("-", ":", 1)


def _parse(path: Path, number: int, line: str) -> Checkpoint | Break:
    scope = _scope_of_file(path)

    def problem(text: str, sequence: int = 0) -> Break:
        return Break(scope, sequence, None, f"checkpoint line {number} of {path.name} {text}")

    try:
        raw = json.loads(line)
        cp = Checkpoint(**{name: raw[name] for name in SIGNED_FIELDS})
        genuine = hmac.compare_digest(mac(cp.signed()), str(raw["mac"]))
    except (ValueError, KeyError, TypeError):
        return problem("cannot be read")
    if not genuine:
        return problem("has a bad signature: it was forged or altered", _as_int(cp.sequence))
    if file_for(cp.scope) != path:
        return problem(f"belongs to the chain {cp.scope}", cp.sequence)
    return cp


def _as_int(value: Any) -> int:
    return value if isinstance(value, int) else 0


def read(scope: str) -> CheckpointLog:
    return _read_file(file_for(scope), CheckpointLog(scope))


def _read_file(path: Path, log: CheckpointLog) -> CheckpointLog:
    if not path.exists():
        return log
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            parsed = _parse(path, number, line)
            if isinstance(parsed, Break):
                log.problems.append(parsed)
            else:
                log.valid.append(parsed)
    return log


def newest(scope: str) -> Checkpoint | None:
    """The newest genuine checkpoint, read from the end of the file: the 15-minute job must not
    re-check a year of lines for each of hundreds of schools. Lines are appended in order."""
    path = file_for(scope)
    if not path.exists():
        return None
    with path.open("rb") as handle:
        size = handle.seek(0, os.SEEK_END)
        handle.seek(max(0, size - TAIL_BYTES))
        tail = handle.read().decode("utf-8", errors="replace").splitlines()
    if size > TAIL_BYTES:
        tail = tail[1:]  # the first line read is probably cut in the middle
    found = [cp for cp in (_parse(path, 0, line) for line in tail) if isinstance(cp, Checkpoint)]
    if found or size <= TAIL_BYTES:
        return max(found, key=lambda cp: cp.sequence, default=None)
    return read(scope).newest  # the whole tail is damaged: look further back


def file_scopes() -> list[str]:
    """The chains that have a checkpoint file (read from the names only)."""
    if not directory().is_dir():
        return []
    return sorted(_scope_of_file(path) for path in directory().glob("*.jsonl"))


def read_all() -> dict[str, CheckpointLog]:
    """Every chain's checkpoints, by scope."""
    if not directory().is_dir():
        return {}
    return {
        _scope_of_file(path): _read_file(path, CheckpointLog(_scope_of_file(path)))
        for path in sorted(directory().glob("*.jsonl"))
    }


def _fsync_directory(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _append(path: Path, line: str) -> None:
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


def write(scope: str) -> WriteResult:
    """Checkpoint one chain's head, if it has grown and the events since the last checkpoint hold.

    Refuses (and logs) when the chain no longer reaches the last checkpoint or a new event is
    broken: signing that state would hide the tampering the checkpoints exist to catch.
    """
    head = ChainHead.objects.filter(scope=scope).first()
    last = newest(scope)
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
        written_at=timezone.now().isoformat(timespec="microseconds"),
    )
    line = json.dumps({**checkpoint.signed(), "mac": mac(checkpoint.signed())}, sort_keys=True)
    _append(file_for(scope), line + "\n")
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
    scopes = set(ChainHead.objects.values_list("scope", flat=True)) | set(file_scopes())
    return [write(each) for each in sorted(scopes)]
