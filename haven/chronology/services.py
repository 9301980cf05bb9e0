"""Writing to pupils' chronologies. Called by other apps' services inside their transactions."""

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Model

from haven.chronology.models import ChronologyEntry
from haven.schools.models import Pupil


def add_entry(
    *,
    pupils: Iterable[Pupil],
    kind: str,
    summary: str,
    occurred_at: datetime,
    recorded_by: object = None,
    case: Model | None = None,
    obj: Model | None = None,
) -> list[ChronologyEntry]:
    """Add the same event to each pupil's chronology. The summary is Haven's words only."""
    entries = [
        ChronologyEntry(
            school_id=pupil.school_id,
            pupil=pupil,
            occurred_at=occurred_at,
            recorded_by_id=getattr(recorded_by, "pk", None),
            kind=kind,
            summary=summary[:200],
            case_id=getattr(case, "pk", None),
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
        )
        for pupil in pupils
    ]
    return ChronologyEntry.objects.bulk_create(entries)
