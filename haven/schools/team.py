"""Changes to a school's safeguarding team: two people every time, and the team is told.

The DSL, deputy DSLs and headteacher see every safeguarding record of their school. So giving or
taking away one of those roles, or deactivating someone who holds one, is asked for by the school
administrator, the DSL or the headteacher, and happens only when a DSL or headteacher who is
neither the asker nor the person changed agrees (haven.accounts.rules). The team is alerted in
Haven when a change is asked for and when one is made. Staff and administrator roles stay a
one-person change (haven.schools.services.change_roles).

The operator, on the server (actor None), needs nobody's agreement: that is how a new school gets
its first DSL and headteacher (manage.py add_staff). The team is still alerted.
"""

from collections.abc import Iterable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from haven.accounts.models import Invitation, User
from haven.accounts.permissions import roles_at
from haven.accounts.rules import may_agree_to_team_change, may_ask_for_team_change, touches_team
from haven.accounts.services import deactivate_after_agreement, deactivate_staff_member
from haven.audit.services import record
from haven.concerns.alerts import notify, team_of
from haven.schools.models import (
    Role,
    School,
    StaffMembership,
    TeamChange,
    TeamChangeKind,
    TeamChangeStatus,
)
from haven.schools.services import (
    SchoolError,
    apply_roles,
    change_roles,
    check_wanted_roles,
    grant_roles,
)

CHANGE_LIFETIME = timedelta(days=7)
# Alert sentences are e-mailed, so they name nobody and nothing.
TEAM_CHANGED = "A safeguarding role was changed at your school"
CHANGE_ASKED = "A change to your school's safeguarding team is waiting for agreement"


def _held(school: School, user: User) -> set[Role]:
    memberships = StaffMembership.objects.filter(user=user, school=school, is_active=True)
    return {Role(role) for role in memberships.values_list("role", flat=True)}


def change_staff_roles(
    *, actor: User, school: School, user: User, roles: list[Role]
) -> TeamChange | None:
    """Make the user's roles at the school exactly these: at once when no safeguarding role
    changes; otherwise the whole change is asked for (and returned) and made when agreed."""
    check_wanted_roles(actor=actor, school=school, user=user, roles=roles)
    held = _held(school, user)
    added, removed = set(roles) - held, held - set(roles)
    if not touches_team(added | removed):
        change_roles(actor=actor, school=school, user=user, roles=roles)
        return None
    return ask_for_team_change(
        actor=actor, school=school, user=user, add=sorted(added), remove=sorted(removed)
    )


def ask_for_roles(*, actor: User, school: School, user: User, roles: list[Role]) -> TeamChange:
    """The safeguarding team's page: ask for the user's roles to become these. Only for a change
    that touches the team: other roles are the administrator's, on the staff pages."""
    check_wanted_roles(actor=actor, school=school, user=user, roles=roles)
    held = _held(school, user)
    added, removed = set(roles) - held, held - set(roles)
    if not touches_team(added | removed):
        raise SchoolError(
            "This does not change a safeguarding role. The school administrator changes other "
            "roles on the staff pages."
        )
    return ask_for_team_change(
        actor=actor, school=school, user=user, add=sorted(added), remove=sorted(removed)
    )


def deactivate_or_ask(*, actor: User, school: School, user: User) -> TeamChange | None:
    """A leaver: deactivated at once, unless they hold a safeguarding role here; then it is
    asked for (and returned) and done when a DSL or headteacher agrees."""
    if user.pk == actor.pk or not touches_team(_held(school, user)):
        deactivate_staff_member(actor=actor, school=school, user=user)  # refuses oneself
        return None
    return ask_for_team_change(actor=actor, school=school, user=user, deactivate=True)


def add_roles(
    *, actor: User | None, school: School, user: User, roles: Iterable[Role]
) -> TeamChange | None:
    """Add roles to someone who works here (the staff import): staff and administrator roles at
    once; safeguarding roles asked for, or given at once when the operator runs it."""
    roles = list(roles)
    plain = [role for role in roles if not touches_team([role])]
    team = [role for role in roles if touches_team([role])]
    if plain:
        grant_roles(actor=actor, school=school, user=user, roles=plain)
    if not team:
        return None
    if actor is None:
        _give_by_operator(school=school, user=user, roles=team, data={})
        return None
    return ask_for_team_change(actor=actor, school=school, user=user, add=team)


def give_roles_on_joining(*, invitation: Invitation, user: User) -> TeamChange | None:
    """The person accepted: the invitation's staff and administrator roles start now; its
    safeguarding roles are asked for in the inviter's name (or given, if the operator invited).
    Called inside accepting. Audit: schools.role_granted; as ask_for_team_change."""
    school, inviter = invitation.school, invitation.invited_by
    roles = [Role(role) for role in invitation.roles]
    data = {"invitation": str(invitation.pk)}
    plain = [role for role in roles if not touches_team([role])]
    team = [role for role in roles if touches_team([role])]
    apply_roles(actor=inviter, school=school, user=user, add=plain, remove=[], data=data)
    if invitation.job_title:
        StaffMembership.objects.filter(user=user, school=school).update(
            job_title=invitation.job_title
        )
    if not team:
        return None
    if inviter is None:
        _give_by_operator(school=school, user=user, roles=team, data=data)
        return None
    return _open(requested_by=inviter, school=school, user=user, add=team, remove=[])


def _give_by_operator(
    *, school: School, user: User, roles: list[Role], data: dict[str, str]
) -> None:
    before = team_of(school)
    apply_roles(actor=None, school=school, user=user, add=roles, remove=[], data=data)
    _alert_changed(school, before)


# --- Asking, agreeing, cancelling ---------------------------------------------------------------


@transaction.atomic
def ask_for_team_change(
    *,
    actor: User,
    school: School,
    user: User,
    add: Iterable[Role] = (),
    remove: Iterable[Role] = (),
    deactivate: bool = False,
) -> TeamChange:
    """Ask for a change to the safeguarding team; a DSL or headteacher must agree before it
    happens. Alerts the team. Audit: schools.team_change_requested."""
    if not may_ask_for_team_change(roles_at(actor, school.pk)):
        raise SchoolError(
            "Only the school administrator, the DSL or the headteacher can ask for this."
        )
    if user.pk == actor.pk:
        raise SchoolError(
            "You cannot ask for a change to your own safeguarding roles. Ask a colleague."
        )
    if not _held(school, user):
        raise SchoolError("Choose someone who works at this school.")
    return _open(
        requested_by=actor,
        school=school,
        user=user,
        add=list(add),
        remove=list(remove),
        deactivate=deactivate,
    )


def _open(
    *,
    requested_by: User,
    school: School,
    user: User,
    add: list[Role],
    remove: list[Role],
    deactivate: bool = False,
) -> TeamChange:
    if TeamChange.objects.filter(
        school=school, staff_member=user, status=TeamChangeStatus.PENDING
    ).exists():
        raise SchoolError(
            f"A change for {user.full_name} is already waiting. Agree to it or cancel it first."
        )
    change = TeamChange.objects.create(
        school=school,
        staff_member=user,
        kind=TeamChangeKind.DEACTIVATE if deactivate else TeamChangeKind.ROLES,
        roles_added=[Role(role).value for role in add],
        roles_removed=[Role(role).value for role in remove],
        requested_by=requested_by,
    )
    record(
        "schools.team_change_requested",
        actor=requested_by,
        school=school,
        obj=change,
        data=_audit_data(change),
    )
    notify(recipients=team_of(school), school=school, reason=CHANGE_ASKED)
    return change


@transaction.atomic
def agree_to_team_change(*, actor: User, change: TeamChange) -> None:
    """A DSL or headteacher agrees, and the change is made: roles switched on and off, or the
    person deactivated here. Alerts the team (as it was, and as it is now).
    Audit: schools.team_change_agreed, and the role or deactivation events."""
    change = (
        TeamChange.objects.select_for_update()
        .select_related("school", "staff_member", "requested_by")
        .get(pk=change.pk)
    )
    school, user = change.school, change.staff_member
    _check_pending(change)
    if not may_agree_to_team_change(
        approver_roles=roles_at(actor, school.pk),
        is_requester=actor.pk == change.requested_by_id,
        is_subject=actor.pk == user.pk,
    ):
        raise SchoolError(_who_must_agree(change, actor))
    if not may_ask_for_team_change(roles_at(change.requested_by, school.pk)):
        raise SchoolError(
            f"{change.requested_by.full_name} no longer has a role that may ask for this. "
            "Cancel it, and ask again if it is still needed."
        )
    before = team_of(school)
    _decide(change, actor, TeamChangeStatus.DONE)
    if change.kind == TeamChangeKind.DEACTIVATE:
        deactivate_after_agreement(actor=actor, school=school, user=user)
    else:
        apply_roles(
            actor=actor,
            school=school,
            user=user,
            add=change.roles_added,
            remove=change.roles_removed,
            data={"change": str(change.pk)},
        )
    record("schools.team_change_agreed", actor=actor, school=school, obj=change,
           data=_audit_data(change))  # fmt: skip
    _alert_changed(school, before)


@transaction.atomic
def cancel_team_change(*, actor: User, change: TeamChange) -> None:
    """Anyone who may ask calls it off. Audit: schools.team_change_cancelled."""
    change = TeamChange.objects.select_for_update().select_related("school").get(pk=change.pk)
    if not may_ask_for_team_change(roles_at(actor, change.school_id)):
        raise SchoolError("Only the school administrator, the DSL or the headteacher can do this.")
    if change.status != TeamChangeStatus.PENDING:
        raise SchoolError("This change has already been made or cancelled.")
    _decide(change, actor, TeamChangeStatus.CANCELLED)
    record("schools.team_change_cancelled", actor=actor, school=change.school, obj=change,
           data=_audit_data(change))  # fmt: skip


def _check_pending(change: TeamChange) -> None:
    if change.status != TeamChangeStatus.PENDING:
        raise SchoolError("This change has already been made or cancelled.")
    if timezone.now() - change.requested_at > CHANGE_LIFETIME:
        raise SchoolError("This change was asked for more than 7 days ago. Ask for it again.")


def _who_must_agree(change: TeamChange, actor: User) -> str:
    if actor.pk == change.requested_by_id:
        return "You asked for this change, so a DSL or headteacher other than you must agree."
    if actor.pk == change.staff_member_id:
        return "This change is about you, so a DSL or headteacher other than you must agree."
    return "Only a DSL or headteacher at this school can agree to a change to the team."


def _decide(change: TeamChange, actor: User, status: TeamChangeStatus) -> None:
    change.status = status
    change.decided_by = actor
    change.decided_at = timezone.now()
    change.save(update_fields=["status", "decided_by", "decided_at"])


def _audit_data(change: TeamChange) -> dict[str, object]:
    return {
        "user": change.staff_member_id,
        "kind": change.kind,
        "added": list(change.roles_added),
        "removed": list(change.roles_removed),
        "requested_by": change.requested_by_id,
    }


def _alert_changed(school: School, before: list[User]) -> None:
    # Everyone on the team before or after hears of it: a DSL whose role was taken away too.
    people = {person.pk: person for person in [*before, *team_of(school)]}
    notify(recipients=people.values(), school=school, reason=TEAM_CHANGED)
