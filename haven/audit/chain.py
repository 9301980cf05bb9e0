"""The hash chain: how an event's hash is computed, and how a chain is checked.

An event's hash covers the previous event's hash and the event's own canonical content (ids, action,
time, non-narrative data). Narrative is never part of it, so deleting a record at the end of its
retention leaves the chain whole.

The hash is computed once from the values in memory (when the event is written) and again from the
values the database gives back (when it is verified), on SQLite and on PostgreSQL. So every field is
first put into one canonical form: a UTC time with microseconds, whole-number ids, a lower-case
hyphenated UUID, a normalised IP address. Without that, an id passed as "3" or an upper-case UUID
would hash differently once read back, and a whole chain would look tampered with.
"""

import hashlib
import ipaddress
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64


def canonical(fields: dict[str, Any]) -> bytes:
    # No default=: a value JSON cannot hold must fail loudly, not be hashed as some str() of it.
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), allow_nan=False).encode()


def _time(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def _id(value: Any) -> int | None:
    return None if value is None else int(value)


def _uuid(value: Any) -> str | None:
    return str(uuid.UUID(str(value))) if value else None


def _ip(value: str | None) -> str | None:
    return str(ipaddress.ip_address(value)) if value else None


def event_fields(event: Any) -> dict[str, Any]:
    return {
        "scope": event.scope,
        "sequence": int(event.sequence),
        "occurred_at": _time(event.occurred_at),
        "actor": _id(event.actor_id),
        "ip": _ip(event.ip_address),
        "school": _id(event.school_id),
        "action": event.action,
        "pupil": _uuid(event.pupil_id),
        "object_type": event.object_type,
        "object_id": event.object_id,
        "data": event.data,
        "prev": event.prev_hash,
    }


def hash_event(event: Any) -> str:
    return hashlib.sha256(canonical(event_fields(event))).hexdigest()


def _rehash(event: Any) -> str | None:
    try:
        return hash_event(event)
    except (ValueError, TypeError):  # a value no writer could have stored (an edited row)
        return None


@dataclass(frozen=True)
class Break:
    scope: str
    sequence: int
    event_id: int | None
    problem: str

    def __str__(self) -> str:
        where = f"event {self.event_id}" if self.event_id else "chain"
        if self.sequence:
            where += f" at position {self.sequence}"
        return f"{self.scope}: {where}: {self.problem}"


class ChainWalk:
    """Checks one chain event by event, in sequence order, holding only the newest hash.

    Start after a known position (a checkpoint) to check only what was added since.
    """

    def __init__(self, scope: str, after: tuple[int, str] = (0, GENESIS)) -> None:
        self.scope = scope
        self.sequence, self.hash = after

    def step(self, event: Any) -> Break | None:
        expected = self.sequence + 1
        if event.sequence != expected:
            problem = (
                "an event is missing before this one"
                if event.sequence > expected
                else "an event is out of order or duplicated"
            )
            return Break(self.scope, expected, event.pk, problem)
        if event.prev_hash != self.hash:
            return Break(
                self.scope, event.sequence, event.pk, "does not follow the event before it"
            )
        if _rehash(event) != event.hash:
            return Break(self.scope, event.sequence, event.pk, "its content was altered")
        self.sequence, self.hash = event.sequence, event.hash
        return None

    def end(self, head: tuple[int, str] | None) -> Break | None:
        """Compare where the walk ended with the chain's head row (None: do not compare)."""
        if head is None or head == (self.sequence, self.hash):
            return None
        if head[0] > self.sequence:
            return Break(
                self.scope, self.sequence + 1, None, "the chain's newest events were removed"
            )
        return Break(self.scope, head[0], None, "the chain head does not match its newest event")


def first_break(
    scope: str,
    events: Iterable[Any],
    head: tuple[int, str] | None,
    *,
    after: tuple[int, str] = (0, GENESIS),
) -> Break | None:
    """Walk one chain in sequence order; return the first place it does not hold, or None."""
    walk = ChainWalk(scope, after)
    for event in events:
        if found := walk.step(event):
            return found
    return walk.end(head)
