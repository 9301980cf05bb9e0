"""The one writer of audit events: `record(...)`.

Call it inside the same transaction as the change it records; if the change rolls back, so does its
event. Action codes are stable strings kept in code (plain-English labels in `labels.py`), not
database choices.
"""

import json
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from haven.audit.chain import hash_event
from haven.audit.context import AuditContext
from haven.audit.models import AuditEvent, ChainHead

MAX_DATA_TEXT = 100  # longer strings in data look like narrative, which never goes in the audit


def scope_for(school_id: int | None) -> str:
    return f"school:{school_id}" if school_id else "global"


def _check_data(data: Any, key: str = "data") -> None:
    """Refuse long text anywhere in data, nested too: it looks like narrative. Refuse fractions:
    PostgreSQL's jsonb gives some back in another form (1e+20 as 100000000000000000000, -0.0 as
    0.0), so their events would fail verification there."""
    if isinstance(data, str) and len(data) > MAX_DATA_TEXT:
        raise ValueError(f"audit data {key!r} looks like narrative; record ids and codes only")
    if isinstance(data, float):
        raise ValueError(f"audit data {key!r} is a fraction; record whole numbers, ids and codes")
    if isinstance(data, dict):
        for name, value in data.items():
            _check_data(value, str(name))
    elif isinstance(data, list):
        for value in data:
            _check_data(value, key)


def _as_stored(data: dict[str, Any]) -> dict[str, Any]:
    """Data exactly as the database will give it back (tuples as lists, keys as strings), so the
    hash computed now is the hash verification computes later. Refuses what JSON cannot hold."""
    try:
        stored: dict[str, Any] = json.loads(json.dumps(data, allow_nan=False))
    except (TypeError, ValueError) as error:
        raise ValueError(f"audit data must be plain JSON (ids and codes): {error}") from None
    return stored


def _locked_head(scope: str) -> ChainHead:
    """The chain's head row, locked until the transaction ends (one query once the chain exists)."""
    try:
        return ChainHead.objects.select_for_update().get(scope=scope)
    except ChainHead.DoesNotExist:
        # The chain's first event: another writer may be creating the row too; get_or_create
        # settles that on the unique scope, then the row is locked like any other time.
        ChainHead.objects.get_or_create(scope=scope)
        return ChainHead.objects.select_for_update().get(scope=scope)


@transaction.atomic
def record(
    action: str,
    *,
    actor: Any,
    school: Any = None,
    pupil: Any = None,
    obj: Model | None = None,
    context: AuditContext | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to its school's chain (locked, so concurrent writers cannot fork it)."""
    data = _as_stored(data or {})
    _check_data(data)
    raw_school = getattr(school, "pk", school)
    school_id = None if raw_school is None else int(raw_school)  # one scope name per school
    head = _locked_head(scope_for(school_id))
    event = AuditEvent(
        scope=head.scope,
        sequence=head.sequence + 1,
        occurred_at=timezone.now(),
        actor_id=getattr(actor, "pk", None) if actor is not None else None,
        ip_address=None if context is None else context.address,
        school_id=school_id,
        action=action,
        pupil_id=getattr(pupil, "pk", pupil),
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        data=data,
        prev_hash=head.hash,
    )
    event.hash = hash_event(event)
    event.save()
    ChainHead.objects.filter(pk=head.pk).update(sequence=event.sequence, hash=event.hash)
    return event
