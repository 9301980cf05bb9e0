"""Every read of concerns, scoped to the person reading. Lists use a fixed number of queries
however many concerns, pupils or alerts there are."""

import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Case as Conditional
from django.db.models import (
    DateTimeField,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.urls import NoReverseMatch, reverse

from haven.accounts.models import User
from haven.accounts.permissions import (
    Action,
    can,
    records_concerns_at,
    schools_of,
    team_school_ids,
)
from haven.alerts.models import Alert
from haven.cases.models import Case, CaseStatus
from haven.cases.visible import visible_cases_q
from haven.concerns.models import (
    UNTRIAGED,
    Concern,
    ConcernAddition,
    ConcernAttachment,
    ConcernPupil,
    ConcernStatus,
)
from haven.schools.models import Pupil, School

INBOX_PAGE_SIZE = 50
# The inbox's pupil filter lists at most this many pupils (by name); a pupil further down the
# alphabet is still reached from their own page, and the filter keeps any pupil chosen.
PUPIL_FILTER_LIMIT = 200
PUPIL_RESULTS = 10


def schools_for_recording(user: User) -> list[School]:
    return [school for school in schools_of(user) if can(user, Action.RECORD_CONCERN, school)]


# --- Pupils -------------------------------------------------------------------------------------


def find_pupils(
    user: User, school: School, query: str, *, exclude: Iterable[object] = ()
) -> list[Pupil]:
    """Pupils on roll at the school whose names contain every word typed. Says nothing about
    whether a pupil has any safeguarding record."""
    words = query.lower().split()[:4]
    if not can(user, Action.SEARCH_PUPILS, school) or len("".join(words)) < 2:
        return []
    pupils = Pupil.objects.filter(school=school, on_roll=True).exclude(pk__in=list(exclude))
    for word in words:
        pupils = pupils.filter(search_name__contains=word)
    return list(pupils.select_related("year_group", "reg_group")[:PUPIL_RESULTS])


def pupils_at(user: User, school: School, ids: Iterable[str]) -> dict[str, Pupil]:
    """The pupils with these ids at the school (any the user may not choose are left out)."""
    wanted = []
    for raw in ids:
        try:
            wanted.append(uuid.UUID(str(raw)))
        except ValueError:
            continue
    if not wanted or not can(user, Action.SEARCH_PUPILS, school):
        return {}
    found = Pupil.objects.filter(school=school, pk__in=wanted[:50]).select_related(
        "year_group", "reg_group"
    )
    return {str(pupil.pk): pupil for pupil in found}


# --- The reporter's own concerns ------------------------------------------------------------------


def _pupil_links() -> Prefetch[str]:
    """The pupils the reporter named themselves (never those the team linked later)."""
    return Prefetch(
        "concern_pupils",
        queryset=ConcernPupil.objects.filter(linked_by__isnull=True)
        .select_related("pupil")
        .order_by("added_at", "pk"),
    )


def concerns_reported_by(user: User) -> QuerySet[Concern]:
    """What the user recorded, at schools where they still work (the permission rule agrees)."""
    schools = [s.pk for s in schools_of(user) if records_concerns_at(user, s.pk)]
    return (
        Concern.objects.filter(reported_by=user, school_id__in=schools)
        .select_related("case", "school")
        .prefetch_related(_pupil_links())
        .order_by("-created_at")
    )


def own_additions(concern: Concern, user: User) -> list[ConcernAddition]:
    return list(concern.additions.filter(added_by=user))


# --- The team's inbox ---------------------------------------------------------------------------


@dataclass(frozen=True)
class InboxFilter:
    status: str = ""  # "" for all, "open" for new and acknowledged, or a ConcernStatus value
    # One pupil, by id: a name in the URL would land in access logs (and every poll repeats it).
    pupil: uuid.UUID | None = None

    def apply(self, concerns: QuerySet[Concern]) -> QuerySet[Concern]:
        if self.status == "open":
            concerns = concerns.filter(status__in=UNTRIAGED)
        elif self.status in ConcernStatus.values:
            concerns = concerns.filter(status=self.status)
        if self.pupil is not None:
            linked = ConcernPupil.objects.filter(pupil_id=self.pupil).values("concern_id")
            concerns = concerns.filter(pk__in=linked)
        return concerns


def pupils_with_open_concerns(
    user: User, *, chosen: uuid.UUID | None = None, limit: int = PUPIL_FILTER_LIMIT
) -> list[Pupil]:
    """The pupils in the team's open concerns (not yet triaged, or in a case still open), by
    name, at most `limit` of them: the choices of the inbox's pupil filter. One query however
    many (two when the pupil chosen is past the limit)."""
    schools = team_school_ids(user)
    # The team's open cases by their own index, not a join to every case in the trust (and only
    # those the user may see: visible_cases_q).
    open_cases = Case.objects.filter(visible_cases_q(user), status=CaseStatus.OPEN).values("pk")
    still_open = Q(concern__status__in=UNTRIAGED) | Q(concern__case_id__in=open_cases)
    links = ConcernPupil.objects.filter(still_open, concern__school_id__in=schools)
    pupils = list(
        Pupil.objects.filter(pk__in=links.values("pupil_id"))
        .select_related("year_group")
        .order_by("legal_last_name", "legal_first_name", "pk")[:limit]
    )
    if chosen is not None and all(pupil.pk != chosen for pupil in pupils):
        pupils += Pupil.objects.filter(pk=chosen, pk__in=links.values("pupil_id")).select_related(
            "year_group"
        )
    return pupils


def team_concerns(user: User) -> QuerySet[Concern]:
    """The concerns at the schools where the user is on the team, but those in a case they may
    not see (restricted: an adult who works with children is involved)."""
    return Concern.objects.filter(school_id__in=team_school_ids(user)).filter(
        Q(case__isnull=True) | visible_cases_q(user, "case__")
    )


def inbox_concerns(user: User, chosen: InboxFilter) -> QuerySet[Concern]:
    """The team's concerns: untriaged first, then the most urgent, then the newest."""
    needs_triage = Conditional(
        When(status__in=UNTRIAGED, then=Value(1)), default=Value(0), output_field=IntegerField()
    )
    return (
        chosen.apply(team_concerns(user))
        .annotate(needs_triage=needs_triage)
        .select_related("school", "reported_by", "public_report")
        .prefetch_related(_pupil_links())
        .order_by("-needs_triage", "-urgent", "-created_at")
    )


def inbox_page(
    user: User, chosen: InboxFilter, number: str | int | None = 1, *, count: int | None = None
) -> Page[Concern]:
    """One page of the inbox. `count`, when the caller has it (InboxState), saves the count."""
    paginator = Paginator(inbox_concerns(user, chosen), INBOX_PAGE_SIZE)
    if count is not None:
        paginator.count = count  # a cached_property: set, it is not counted again
    return paginator.get_page(number)


@dataclass(frozen=True)
class InboxState:
    fingerprint: str
    alert_count: int  # the user's unacknowledged alerts
    concern_count: int  # the concerns the inbox lists, as filtered


def _scalar(queryset: QuerySet[Any], function: str, field: str, output: Any) -> Subquery:
    """`SELECT COUNT(field)` (or MAX) of the rows, as a subquery: no GROUP BY, one row."""
    values = queryset.order_by().values(v=Func(F(field), function=function, output_field=output))
    return Subquery(values, output_field=output)


def inbox_state(user: User, chosen: InboxFilter) -> InboxState:
    """What the inbox would show, summed up in one query: its fingerprint changes whenever the
    list or the alerts change, so a poll can answer "no change" having read nothing else."""
    concerns = chosen.apply(team_concerns(user))
    alerts = Alert.objects.filter(recipient_id=OuterRef("pk"), acknowledged_at__isnull=True)
    count, latest, alert_count = (
        User.objects.filter(pk=user.pk)
        .annotate(
            inbox_concerns=_scalar(concerns, "COUNT", "pk", IntegerField()),
            inbox_latest=_scalar(concerns, "MAX", "updated_at", DateTimeField()),
            inbox_alerts=_scalar(alerts, "COUNT", "pk", IntegerField()),
        )
        .values_list("inbox_concerns", "inbox_latest", "inbox_alerts")
        .get()
    )
    raw = f"{count}|{latest}|{alert_count}"
    fingerprint = hashlib.sha256(raw.encode()).hexdigest()[:16]
    return InboxState(fingerprint, alert_count or 0, count or 0)


def inbox_fingerprint(user: User, chosen: InboxFilter) -> str:
    return inbox_state(user, chosen).fingerprint


# --- One concern, for the team --------------------------------------------------------------------


@dataclass(frozen=True)
class TeamView:
    concern: Concern
    links: list[ConcernPupil]
    additions: list[ConcernAddition]
    attachments: list[ConcernAttachment]
    alerts: list[Alert]
    suggested_cases: list[Case]


def team_view(concern: Concern, viewer: User | None = None) -> TeamView:
    links = list(concern.concern_pupils.select_related("pupil__year_group").order_by("added_at"))
    return TeamView(
        concern=concern,
        links=links,
        additions=list(concern.additions.select_related("added_by")),
        attachments=list(concern.attachments.all()),  # words decrypt only when shown
        alerts=list(concern.alerts.select_related("recipient").order_by("created_at", "pk")),
        suggested_cases=suggested_cases(concern, [link.pupil_id for link in links], viewer),
    )


def suggested_cases(
    concern: Concern, pupil_ids: list[uuid.UUID], viewer: User | None = None
) -> list[Case]:
    """Open cases at the school that share a pupil with the concern: likely the same incident
    (only those `viewer` may see, when given)."""
    if not pupil_ids:
        return []
    cases = Case.objects.filter(visible_cases_q(viewer)) if viewer else Case.objects.all()
    return list(
        cases.filter(
            school_id=concern.school_id, status=CaseStatus.OPEN, case_pupils__pupil_id__in=pupil_ids
        )
        .distinct()
        .order_by("-opened_at")[:10]
    )


def open_case_at(school_id: int, *, pk: str = "", reference: str = "") -> Case | None:
    """An open case at the school, by id or by its reference as typed."""
    cases = Case.objects.filter(school_id=school_id, status=CaseStatus.OPEN)
    if pk:
        try:
            return cases.filter(pk=uuid.UUID(pk)).first()
        except ValueError:
            return None
    if reference.strip():
        return cases.filter(reference__iexact=reference.strip()).first()
    return None


def case_path(case_id: object) -> str | None:
    """The case's page (`cases:detail`), or None if the case workflow has no page for it."""
    try:
        return reverse("cases:detail", args=[case_id])
    except NoReverseMatch:
        return None
