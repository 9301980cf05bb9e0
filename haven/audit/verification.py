"""Verify every audit chain: each event against the one before it, then against the checkpoints.

The chain alone catches an edited, deleted, inserted or reordered event (each changes a hash or
breaks a link). It cannot catch the newest events being deleted with the chain head rewritten to
match: the signed checkpoints, kept outside the database, catch that. A chain is read in sequence
order a chunk at a time, so memory stays flat for millions of events.

By default (`verify_audit_chain`) a chain is checked from its newest signed checkpoint on: the
event at that position must still carry the signed hash, and every event after it must follow.
That is what changes day to day, at a cost that does not grow with the years kept; `--full` walks
every event from the first (docs/audit.md says how often to run each).

Writers keep appending while a chain is verified. So the checkpoints are read first, then the head,
and only events up to that head are walked; events added meanwhile are checked by the next run.
"""

import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Max

from haven.audit import checkpoints
from haven.audit.chain import GENESIS, Break, ChainWalk, hash_event
from haven.audit.checkpoints import Checkpoint, CheckpointLog, Lost
from haven.audit.models import AuditEvent, ChainHead

CHUNK = 2000  # events per round trip


@dataclass(frozen=True)
class ChainReport:
    scope: str
    events: int  # how many events were found whole (up to the first problem)
    checkpoints: int
    problem: Break | None
    restores: list[Lost] = field(default_factory=list)  # each restore, and what it lost
    checked: int = 0  # events read and checked in this run
    since: int = 0  # the signed position the check started after (0: from the first event)
    seconds: float = 0.0

    @property
    def whole(self) -> bool:
        return self.problem is None

    def __str__(self) -> str:
        restored = "".join(f"; {lost}" for lost in self.restores)
        if self.problem is not None:
            return f"BROKEN {self.problem}{restored}"
        note = "" if self.checkpoints or not self.events else "; no signed checkpoint yet"
        if self.since:
            note += f"; checked the {self.checked} since the checkpoint at position {self.since}"
        return (
            f"whole {self.scope}: {self.events} events, {self.checkpoints} checkpoints"
            f"{note}{restored}"
        )


class _CheckedWalk:
    """The chain walk, plus: each checkpointed position still has its signed hash and count."""

    def __init__(self, scope: str, log: CheckpointLog, after: tuple[int, str]) -> None:
        self.walk = ChainWalk(scope, after)
        self.log = log
        self.signed_at: dict[int, list[Checkpoint]] = defaultdict(list)
        for checkpoint in log.valid:
            self.signed_at[checkpoint.sequence].append(checkpoint)

    def step(self, event: AuditEvent) -> Break | None:
        if found := self.walk.step(event):
            return found
        for signed in self.signed_at.get(event.sequence, ()):
            if signed.hash != event.hash or signed.count != event.sequence:
                return Break(
                    self.walk.scope,
                    event.sequence,
                    event.pk,
                    f"differs from the checkpoint signed at {signed.written_at}: "
                    "the chain was rewritten at or before this position",
                )
        return None

    def end(self, head: tuple[int, str] | None) -> Break | None:
        if found := self.walk.end(head):
            return found
        newest, reached = self.log.newest, self.walk.sequence
        if newest is not None and newest.sequence > reached:
            return Break(
                self.walk.scope,
                reached + 1,
                None,
                f"the chain ends at position {reached} but was signed up to position "
                f"{newest.sequence} at {newest.written_at}: its newest events were removed",
            )
        return None


def _head(scope: str) -> tuple[int, str] | None:
    return ChainHead.objects.filter(scope=scope).values_list("sequence", "hash").first()


def _events(scope: str, head: tuple[int, str] | None, after: int = 0) -> Iterator[AuditEvent]:
    events = AuditEvent.objects.filter(scope=scope, sequence__gt=after).order_by("sequence")
    if head is not None:
        events = events.filter(sequence__lte=head[0])
    return events.iterator(chunk_size=CHUNK)


def _beyond_head(scope: str) -> Break | None:
    """Events past the head. The newest event is read before the head: a writer commits both at
    once, so a head read afterwards is never behind an honest event."""
    newest = AuditEvent.objects.filter(scope=scope).aggregate(n=Max("sequence"))["n"] or 0
    head = _head(scope)
    if head is None:
        return Break(scope, 0, None, "the chain's head row is missing") if newest else None
    if newest > head[0]:
        return Break(scope, head[0] + 1, None, "there are events after the chain head")
    return None


def _start(scope: str, log: CheckpointLog, head: tuple[int, str] | None) -> Checkpoint | None:
    """Where an incremental check starts: the newest signed checkpoint, if the chain still
    reaches it (if not, the full walk says how it was cut)."""
    newest = log.newest
    if newest is None or head is None or head[0] < newest.sequence:
        return None
    return newest


def _anchor_problem(scope: str, signed: Checkpoint) -> Break | None:
    """The event at the signed position must still be the one that was signed."""
    event = AuditEvent.objects.filter(scope=scope, sequence=signed.sequence).first()
    if event is None or event.hash != signed.hash or hash_event(event) != event.hash:
        return Break(
            scope,
            signed.sequence,
            event.pk if event else None,
            f"differs from the checkpoint signed at {signed.written_at}: "
            "the chain was rewritten at or before this position",
        )
    return None


def verify_chain(scope: str, log: CheckpointLog | None = None, *, full: bool = True) -> ChainReport:
    """Check one chain against itself, its head row and its checkpoints (read before the head):
    every event (`full`), or those after the newest signed checkpoint."""
    started = time.monotonic()
    log = log if log is not None else checkpoints.read(scope)
    head = _head(scope)
    start = None if full else _start(scope, log, head)
    after = (start.sequence, start.hash) if start else (0, GENESIS)
    checked = _CheckedWalk(scope, log, after)
    problem = _anchor_problem(scope, start) if start else None
    walked = 0
    if problem is None:
        for event in _events(scope, head, after[0]):
            walked += 1
            if problem := checked.step(event):
                break
        else:
            problem = checked.end(head) or _beyond_head(scope)
    if problem is None and log.problems:
        problem = log.problems[0]
    return ChainReport(
        scope,
        checked.walk.sequence,
        len(log.valid),
        problem,
        log.lost,
        checked=walked,
        since=after[0],
        seconds=time.monotonic() - started,
    )


def chain_scopes() -> list[str]:
    """Every chain there is evidence of: a head row, an event, or a checkpoint file."""
    heads = ChainHead.objects.values_list("scope", flat=True)
    events = AuditEvent.objects.order_by().values_list("scope", flat=True).distinct()
    return sorted(set(heads) | set(events) | set(checkpoints.file_scopes(None)))


def chain_exists(scope: str) -> bool:
    return (
        ChainHead.objects.filter(scope=scope).exists()
        or AuditEvent.objects.filter(scope=scope).exists()
        or checkpoints.file_for(scope).exists()
    )


def verify(scope: str | None = None, *, full: bool = True) -> list[ChainReport]:
    """Verify one chain, or every chain, in scope order."""
    if scope is not None:
        return [verify_chain(scope, full=full)]
    logs = checkpoints.read_all()
    return [
        verify_chain(each, logs.get(each, CheckpointLog(each)), full=full)
        for each in chain_scopes()
    ]
