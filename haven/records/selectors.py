"""Reads for retention: the school's policy, each record's review date, the review queue."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.paginator import Page
from django.db.models import Q, QuerySet

from haven.cases.models import Case, CaseStatus
from haven.cases.rules.bank_holidays import bank_holidays_near
from haven.concerns.models import Concern
from haven.lib.pagination import paginate
from haven.outofhours import selectors as outofhours_selectors
from haven.records import rules
from haven.records.models import (
    DEFAULT_YEARS_AFTER_BIRTH,
    LegalHold,
    RetentionPolicy,
    SubjectAccessRequest,
    Transfer,
)
from haven.schools.models import Pupil, School

SOON = timedelta(days=365)  # the queue also shows records due in the coming year
QUEUE_PAGE_SIZE = 50


def years_of(school: School) -> int:
    policy = RetentionPolicy.objects.filter(school=school).first()
    return policy.years_after_birth if policy else DEFAULT_YEARS_AFTER_BIRTH


def hold_on(pupil: Pupil) -> LegalHold | None:
    return LegalHold.objects.filter(pupil=pupil, released_at__isnull=True).first()


def holds_of(pupil: Pupil) -> list[LegalHold]:
    return list(LegalHold.objects.filter(pupil=pupil).select_related("placed_by", "released_by"))


@dataclass(frozen=True)
class QueueRow:
    pupil: Pupil
    review_on: date
    due: bool
    on_hold: bool


def _due_pupils(school: School, today: date, years: int) -> "QuerySet[Pupil]":
    born_by = rules.born_on_or_before(today + SOON, years)
    return Pupil.objects.filter(school=school, date_of_birth__lte=born_by).order_by(
        "date_of_birth", "legal_last_name", "pk"
    )


def _rows(pupils: list[Pupil], today: date, years: int) -> list[QueueRow]:
    held = set(
        LegalHold.objects.filter(pupil__in=pupils, released_at__isnull=True).values_list(
            "pupil_id", flat=True
        )
    )
    rows = []
    for pupil in pupils:
        review_on = rules.review_date(pupil.date_of_birth, years)
        rows.append(QueueRow(pupil, review_on, review_on <= today, pupil.pk in held))
    return rows


def review_queue(school: School, today: date) -> list[QueueRow]:
    """Records whose review date has come, or comes within a year: oldest first."""
    years = years_of(school)
    return _rows(list(_due_pupils(school, today, years)), today, years)


def review_queue_page(
    school: School, today: date, number: object
) -> tuple["Page[Pupil]", list[QueueRow]]:
    """One page of the queue: the same few queries however many records are due."""
    years = years_of(school)
    page = paginate(_due_pupils(school, today, years), number, QUEUE_PAGE_SIZE)
    return page, _rows(list(page.object_list), today, years)


def record_group(pupil: Pupil) -> list[Pupil]:
    """This pupil and everyone whose record shares a concern or a case with theirs: shared words
    belong to each of them, so they are kept until every one of those records may go."""
    found = {pupil.pk}
    frontier = {pupil.pk}
    while frontier:
        cases = set(
            Case.objects.filter(case_pupils__pupil__in=frontier).values_list("pk", flat=True)
        )
        concerns = Concern.objects.filter(
            Q(concern_pupils__pupil__in=frontier) | Q(case__in=cases)
        ).values_list("pk", flat=True)
        linked = set(
            Pupil.objects.filter(
                Q(pk__in=Case.objects.filter(pk__in=cases).values("case_pupils__pupil"))
                | Q(pk__in=Concern.objects.filter(pk__in=concerns).values("concern_pupils__pupil"))
            ).values_list("pk", flat=True)
        )
        frontier = linked - found
        found |= linked
    return list(Pupil.objects.filter(pk__in=found).order_by("legal_last_name"))


def state_of(pupil: Pupil, years: int) -> rules.RecordState:
    open_cases = (
        Case.objects.filter(case_pupils__pupil=pupil, status=CaseStatus.OPEN).distinct().count()
    )
    return rules.RecordState(
        pupil=pupil.display_name,
        review_on=rules.review_date(pupil.date_of_birth, years),
        on_hold=LegalHold.objects.filter(pupil=pupil, released_at__isnull=True).exists(),
        open_cases=open_cases,
    )


def record_counts(pupils: list[Pupil]) -> dict[str, int]:
    """How much a deletion removes: concerns and cases (for the page and the audit event)."""
    cases = Case.objects.filter(case_pupils__pupil__in=pupils).distinct()
    concerns = Concern.objects.filter(
        Q(concern_pupils__pupil__in=pupils) | Q(case__in=cases)
    ).distinct()
    return {"cases": cases.count(), "concerns": concerns.count()}


# Transfers to the next school


def closed_days(school_id: int, day: date) -> frozenset[date]:
    """The days the school is closed near `day`: its own closed days and the bank holidays."""
    return outofhours_selectors.closed_days_near(school_id, day) | bank_holidays_near(day)


def has_open_case(pupil: Pupil) -> bool:
    return Case.objects.filter(case_pupils__pupil=pupil, status=CaseStatus.OPEN).exists()


def transfers_of(school: School) -> list[Transfer]:
    return list(
        Transfer.objects.filter(school=school).select_related("pupil").order_by("-started_at")
    )


def transfers_for(pupil: Pupil) -> list[Transfer]:
    return list(Transfer.objects.filter(pupil=pupil).order_by("-started_at"))


# Subject access


def redaction_suggestions(pupil: Pupil) -> list[str]:
    """Third parties the DSL will likely redact: the other pupils whose records share a concern or
    a case with this one (their legal and preferred names)."""
    names: list[str] = []
    for other in record_group(pupil):
        if other.pk == pupil.pk:
            continue
        for name in (
            f"{other.legal_first_name} {other.legal_last_name}",
            other.display_name,
            other.legal_last_name,
        ):
            if name.strip() and name not in names:
                names.append(name)
    return names


def subject_access_of(pupil: Pupil) -> list[SubjectAccessRequest]:
    return list(SubjectAccessRequest.objects.filter(pupil=pupil))
