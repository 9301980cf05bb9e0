"""Reads of the audit log, for the people allowed to see them (views check who first)."""

from collections.abc import Collection

from django.db.models import Q, QuerySet

from haven.audit.models import AuditEvent
from haven.schools.models import Pupil


def events_about_pupil(
    pupil: Pupil, *, hidden_cases: Collection[str] = (), hidden_concerns: Collection[str] = ()
) -> QuerySet[AuditEvent]:
    """Every event about this pupil's records, newest first.

    That is: events naming the pupil, and events about any case or concern the pupil is part of
    (an event about a case with several pupils names none of them, so it is found through the
    case). Three queries however many events.

    `hidden_cases` and `hidden_concerns` (ids as text) are what the reader may not see (a case
    restricted because an adult who works with children is involved): no event about them is
    listed, so the page does not show that such a case exists.
    """
    # Imported here: the audit app sits below the apps whose records it describes.
    from haven.cases.models import CasePupil
    from haven.concerns.models import ConcernPupil

    case_ids = [
        str(c) for c in CasePupil.objects.filter(pupil=pupil).values_list("case_id", flat=True)
    ]
    concern_ids = [
        str(c)
        for c in ConcernPupil.objects.filter(pupil=pupil).values_list("concern_id", flat=True)
    ]
    about = Q(pupil_id=pupil.pk)
    if case_ids:
        about |= Q(school_id=pupil.school_id, data__case__in=case_ids)
        about |= Q(object_type="cases.case", object_id__in=case_ids)
    if concern_ids:
        about |= Q(object_type="concerns.concern", object_id__in=concern_ids)
    events = AuditEvent.objects.filter(about)
    if hidden_cases:
        events = events.exclude(object_type="cases.case", object_id__in=list(hidden_cases))
        # has_key first: rows without the key would otherwise compare as NULL and drop out.
        events = events.exclude(Q(data__has_key="case") & Q(data__case__in=list(hidden_cases)))
    if hidden_concerns:
        events = events.exclude(object_type="concerns.concern", object_id__in=list(hidden_concerns))
    return events.select_related("actor").order_by("-occurred_at", "-id")
