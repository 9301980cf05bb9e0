"""Reading a pupil's chronology: every concern, triage and later event, in time order."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse

from haven.accounts.permissions import Person
from haven.cases.visible import visible_cases_q
from haven.chronology.models import ChronologyEntry
from haven.lib.pagination import paginate
from haven.schools.models import Pupil

CHRONOLOGY_PAGE_SIZE = 100

# Where an entry's "see more" link leads, by the kind of record it points to.
OBJECT_PAGES = {
    "concerns.concern": "concerns:detail",
    "cases.case": "cases:detail",
}


@dataclass(frozen=True)
class Line:
    entry: ChronologyEntry
    link: str | None
    case_link: str | None


def entries_for(pupil: Pupil, viewer: Person | None = None) -> QuerySet[ChronologyEntry]:
    """Oldest first: a chronology is read as the story of what happened. With `viewer`, without
    the entries of a case they may not see (restricted: an adult who works with children is
    involved), so that nothing says such a case exists."""
    entries = ChronologyEntry.objects.filter(pupil=pupil)
    if viewer is not None:
        entries = entries.filter(Q(case__isnull=True) | visible_cases_q(viewer, "case__"))
    return entries.select_related("recorded_by", "case").order_by(
        "occurred_at", "recorded_at", "pk"
    )


def _page_for(object_type: str, object_id: object) -> str | None:
    name = OBJECT_PAGES.get(object_type)
    if name is None or not object_id:
        return None
    try:
        return reverse(name, args=[object_id])
    except NoReverseMatch:
        return None  # that app has no page for it (yet)


def lines_of(entries: Iterable[ChronologyEntry]) -> list[Line]:
    return [
        Line(
            entry=entry,
            link=_page_for(entry.object_type, entry.object_id),
            case_link=_page_for("cases.case", entry.case_id) if entry.case_id else None,
        )
        for entry in entries
    ]


def chronology_of(pupil: Pupil, viewer: Person | None = None) -> list[Line]:
    return lines_of(entries_for(pupil, viewer))


def chronology_page(
    pupil: Pupil, number: object, viewer: Person | None = None
) -> tuple[Page[ChronologyEntry], list[Line]]:
    """One page of the story, oldest first: a page's rows and a count, however long it runs."""
    page = paginate(entries_for(pupil, viewer), number, CHRONOLOGY_PAGE_SIZE)
    return page, lines_of(page)
