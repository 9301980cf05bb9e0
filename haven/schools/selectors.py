"""Reads for the school administrator's pages and the pupil search, each scoped to the actor's
schools. None of them touches concerns or cases: an administrator sees no case data, and a search
result must not differ for a pupil with safeguarding records."""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import F, Q
from django.http import Http404

from haven.accounts.models import Invitation, MfaReset, User
from haven.accounts.permissions import Action, Person, can, schools_of
from haven.agreements.models import AgreementStatus, TwoPersonAgreement
from haven.schools.models import (
    ImportRun,
    Pupil,
    Role,
    School,
    StaffMembership,
    TeamChange,
)

SEARCH_LIMIT = 20
MIN_SEARCH_LENGTH = 2


def administered_schools(user: Person) -> list[School]:
    return [school for school in schools_of(user) if can(user, Action.MANAGE_SCHOOL, school)]


@dataclass
class StaffRow:
    """One person as the staff page shows them: their roles here and whether they can sign in."""

    user: User
    roles: list[Role] = field(default_factory=list)  # active roles at this school
    former_roles: list[Role] = field(default_factory=list)

    @property
    def role_labels(self) -> list[str]:
        return [role.label for role in sorted(self.roles, key=list(Role).index)]

    @property
    def is_active(self) -> bool:
        return bool(self.roles) and self.user.is_active

    @property
    def status(self) -> str:
        if not self.is_active:
            return "Deactivated"
        if not self.user.has_usable_password():
            return "Invited"
        return "Active"


def staff_rows(school: School, memberships: Iterable[StaffMembership]) -> list[StaffRow]:
    rows: dict[int, StaffRow] = {}
    for membership in memberships:
        row = rows.setdefault(membership.user_id, StaffRow(user=membership.user))
        (row.roles if membership.is_active else row.former_roles).append(Role(membership.role))
    return sorted(rows.values(), key=lambda r: (not r.is_active, r.user.full_name.lower()))


def staff_at(school: School) -> list[StaffRow]:
    """Everyone who holds or held a role at the school, current staff first. One query."""
    memberships = StaffMembership.objects.filter(school=school).select_related("user")
    return staff_rows(school, memberships)


def staff_member_at(school: School, user_id: int) -> StaffRow:
    """One person who holds or held a role at the school, or 404."""
    memberships = StaffMembership.objects.filter(school=school, user_id=user_id).select_related(
        "user"
    )
    rows = staff_rows(school, memberships)
    if not rows:
        raise Http404
    return rows[0]


def recent_imports(school: School, limit: int = 10) -> list[ImportRun]:
    return list(
        ImportRun.objects.filter(school=school)
        .select_related("started_by")
        .defer("rows", "errors")[:limit]
    )


def import_run_at(school: School, run_id: uuid.UUID) -> ImportRun:
    """One import of the school, or 404. Its rows (up to 5 MB of them) load only if used: the
    progress part, asked for every second, never needs them."""
    run = (
        ImportRun.objects.filter(school=school, pk=run_id)
        .select_related("school", "started_by")
        .defer("rows")
        .first()
    )
    if run is None:
        raise Http404
    return run


def invitations_waiting_at(school: School) -> list[Invitation]:
    """Invitations not yet accepted or withdrawn, newest first. Shown with the name the
    administrator typed, never the account's own: an address's owner may already use Haven."""
    return list(
        Invitation.objects.filter(school=school, accepted_at=None, revoked_at=None)
        .select_related("invited_by")
        .annotate(email=F("user__email"))
    )


def invitation_at(school: School, invitation_id: uuid.UUID) -> Invitation:
    """One invitation of the school still waiting, or 404."""
    invitation = (
        Invitation.objects.filter(
            school=school, pk=invitation_id, accepted_at=None, revoked_at=None
        )
        .select_related("invited_by")
        .annotate(email=F("user__email"))
        .first()
    )
    if invitation is None:
        raise Http404
    return invitation


@dataclass(frozen=True)
class Agreements[A: TwoPersonAgreement]:
    """A page's two-person agreements: those waiting, and the latest decided."""

    waiting: list[A]
    decided: list[A]


def _agreements[A: TwoPersonAgreement](model: type[A], school: School, limit: int) -> Agreements[A]:
    rows = model._default_manager.filter(school=school).select_related(
        "staff_member", "requested_by", "decided_by"
    )
    waiting = list(rows.filter(status=AgreementStatus.PENDING))
    decided = list(rows.exclude(status=AgreementStatus.PENDING)[:limit])
    return Agreements(waiting=waiting, decided=decided)


def _agreement_at[A: TwoPersonAgreement](model: type[A], school: School, pk: uuid.UUID) -> A:
    agreement = model._default_manager.filter(school=school, pk=pk).first()
    if agreement is None:
        raise Http404
    return agreement


def team_changes_at(school: School, limit: int = 20) -> Agreements[TeamChange]:
    """Changes to the safeguarding team: those waiting, then the latest decided."""
    return _agreements(TeamChange, school, limit)


def team_change_at(school: School, change_id: uuid.UUID) -> TeamChange:
    return _agreement_at(TeamChange, school, change_id)


def team_change_waiting_for(school: School, user_id: int) -> TeamChange | None:
    return (
        TeamChange.objects.filter(
            school=school, staff_member_id=user_id, status=AgreementStatus.PENDING
        )
        .select_related("requested_by")
        .first()
    )


def mfa_resets_at(school: School, limit: int = 20) -> Agreements[MfaReset]:
    """Authenticator resets: those waiting, then the latest decided."""
    return _agreements(MfaReset, school, limit)


def mfa_reset_at(school: School, reset_id: uuid.UUID) -> MfaReset:
    return _agreement_at(MfaReset, school, reset_id)


# --- Pupil search -------------------------------------------------------------------------------


def searchable_schools(user: Person) -> list[School]:
    return [school for school in schools_of(user) if can(user, Action.SEARCH_PUPILS, school)]


def search_pupils(
    schools: Sequence[School], query: str, *, exclude: Iterable[uuid.UUID] = ()
) -> list[Pupil]:
    """Up to 20 pupils on roll whose names have words starting with every word typed.

    Uses only the pupil's own fields (search_name is indexed), never anything safeguarding
    holds, so the answer is the same whether or not a pupil has a concern or a case. One query.
    """
    terms = query.lower().split()[:4]
    if not schools or len(query.strip()) < MIN_SEARCH_LENGTH:
        return []
    pupils = Pupil.objects.filter(school__in=schools, on_roll=True).exclude(pk__in=list(exclude))
    for term in terms:
        pupils = pupils.filter(
            Q(search_name__startswith=term) | Q(search_name__contains=f" {term}")
        )
    ordered = pupils.select_related("year_group", "school").order_by(
        "legal_last_name", "legal_first_name", "pk"
    )
    return list(ordered[:SEARCH_LIMIT])


def pupils_chosen(schools: Sequence[School], ids: Iterable[str]) -> list[Pupil]:
    """The pupils already ticked in a form, if they are at the user's schools. One query."""
    valid = []
    for raw in ids:
        try:
            valid.append(uuid.UUID(str(raw)))
        except ValueError:
            continue
    if not schools or not valid:
        return []
    return list(
        Pupil.objects.filter(school__in=schools, pk__in=valid[:SEARCH_LIMIT])
        .select_related("year_group", "school")
        .order_by("legal_last_name", "legal_first_name", "pk")
    )
