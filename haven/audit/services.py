"""The one writer of audit events: `record(...)`.

Call it inside the same transaction as the change it records; if the change rolls back, so does its
event. Action codes are stable strings kept in `actions.py`, not database choices.
"""

import ipaddress
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest
from django.utils import timezone

from haven.audit.chain import hash_event
from haven.audit.models import AuditEvent, ChainHead

MAX_DATA_TEXT = 100  # longer strings in data look like narrative, which never goes in the audit


def scope_for(school_id: int | None) -> str:
    return f"school:{school_id}" if school_id else "global"


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    raw = request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        return None


def _check_data(data: dict[str, Any]) -> None:
    for key, value in data.items():
        if isinstance(value, str) and len(value) > MAX_DATA_TEXT:
            raise ValueError(f"audit data {key!r} looks like narrative; record ids and codes only")


def _locked_head(scope: str) -> ChainHead:
    head, _ = ChainHead.objects.get_or_create(scope=scope)
    return ChainHead.objects.select_for_update().get(pk=head.pk)


@transaction.atomic
def record(
    action: str,
    *,
    actor: Any,
    school: Any = None,
    pupil: Any = None,
    obj: Model | None = None,
    request: HttpRequest | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to its school's chain (locked, so concurrent writers cannot fork it)."""
    data = data or {}
    _check_data(data)
    school_id = getattr(school, "pk", school)
    head = _locked_head(scope_for(school_id))
    event = AuditEvent(
        scope=head.scope,
        sequence=head.sequence + 1,
        occurred_at=timezone.now(),
        actor_id=getattr(actor, "pk", None) if actor is not None else None,
        ip_address=_client_ip(request),
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
