"""The hash chain: how an event's hash is computed, and how a chain is checked.

An event's hash covers the previous event's hash and the event's own canonical content (ids, action,
time, non-narrative data). Narrative is never part of it, so deleting a record at the end of its
retention leaves the chain whole.
"""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def canonical(fields: dict[str, Any]) -> bytes:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str).encode()


def event_fields(event: Any) -> dict[str, Any]:
    return {
        "scope": event.scope,
        "sequence": event.sequence,
        "occurred_at": event.occurred_at.isoformat(),
        "actor": event.actor_id,
        "ip": event.ip_address,
        "school": event.school_id,
        "action": event.action,
        "pupil": str(event.pupil_id) if event.pupil_id else None,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "data": event.data,
        "prev": event.prev_hash,
    }


def hash_event(event: Any) -> str:
    return hashlib.sha256(canonical(event_fields(event))).hexdigest()


@dataclass(frozen=True)
class Break:
    scope: str
    sequence: int
    event_id: int | None
    problem: str

    def __str__(self) -> str:
        where = f"event {self.event_id}" if self.event_id else "chain"
        return f"{self.scope}: {where} at position {self.sequence}: {self.problem}"


def first_break(scope: str, events: Iterable[Any], head: tuple[int, str] | None) -> Break | None:
    """Walk one chain in sequence order; return the first place it does not hold, or None."""
    expected_prev, expected_seq = GENESIS, 1
    for event in events:
        if event.sequence != expected_seq:
            problem = (
                "an event is missing before this one"
                if event.sequence > expected_seq
                else ("an event is out of order or duplicated")
            )
            return Break(scope, expected_seq, event.pk, problem)
        if event.prev_hash != expected_prev:
            return Break(scope, event.sequence, event.pk, "does not follow the event before it")
        if hash_event(event) != event.hash:
            return Break(scope, event.sequence, event.pk, "its content was altered")
        expected_prev, expected_seq = event.hash, expected_seq + 1
    if head is not None and head != (expected_seq - 1, expected_prev):
        return Break(scope, expected_seq, None, "the chain's newest events were removed")
    return None
