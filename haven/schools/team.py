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

from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from haven.accounts.models import Invitation, User
from haven.accounts.permissions import roles_at
from haven.accounts.resets import withdraw_resets_for_leaver
from haven.accounts.rules import may_agree_to_team_change, may_ask_for_team_change, touches_team
from haven.accounts.services import AccountError, end_sessions
from haven.agreements import services as agreements
from haven.agreements.models import AgreementStatus
from haven.agreements.services import AgreementRefused
from haven.alerts.people import team_of
from haven.alerts.services import notify
from haven.audit.services import record
from haven.schools.models import Role, School, StaffMembership, TeamChange, TeamChangeKind
from haven.schools.services import (
    SchoolError,
    apply_roles,
    change_roles,
    check_wanted_roles,
    grant_roles,
)

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
    return _open(inviter, school, user, add=team, check_roles=False)


def _give_by_operator(
    *, school: School, user: User, roles: list[Role], data: dict[str, str]
) -> None:
    before = team_of(school)
    apply_roles(actor=None, school=school, user=user, add=roles, remove=[], data=data)
    _alert_changed(school, before)


# --- The agreement ------------------------------------------------------------------------------


class TeamChangeAgreement(agreements.Kind[TeamChange]):
    model = TeamChange
    noun = "change"
    lifetime = timedelta(days=7)
    audit = {
        "requested": "schools.team_change_requested",
        "agreed": "schools.team_change_agreed",
        "refused": "schools.team_change_refused",
        "withdrawn": "schools.team_change_withdrawn",
        "expired": "schools.team_change_expired",
    }
    who_takes_part = "Only the school administrator, the DSL or the headteacher can do this."

    def may_take_part(self, roles: set[Role]) -> bool:
        return may_ask_for_team_change(roles)

    def check_ask(self, actor: User, school: School, fields: Mapping[str, Any]) -> None:
        user: User = fields["staff_member"]
        if user.pk == actor.pk:
            raise AgreementRefused(
                "You cannot ask for a change to your own safeguarding roles. Ask a colleague."
            )

    def pending_for(self, school: School, fields: Mapping[str, Any]) -> Iterable[TeamChange]:
        return TeamChange.objects.filter(
            school=school, staff_member=fields["staff_member"], status=AgreementStatus.PENDING
        )

    def already_waiting(self, waiting: TeamChange) -> str:
        return (
            f"A change for {waiting.staff_member.full_name} is already waiting. Agree to it or "
            "withdraw it first."
        )

    def subject_id(self, agreement: TeamChange) -> int | None:
        return agreement.staff_member_id

    def why_not_agree(self, agreement: TeamChange, actor: User) -> str | None:
        if not may_agree_to_team_change(
            approver_roles=roles_at(actor, agreement.school_id), is_requester=False,
            is_subject=False,
        ):  # fmt: skip
            return "Only a DSL or headteacher at this school can agree to a change to the team."
        if not may_ask_for_team_change(roles_at(agreement.requested_by, agreement.school_id)):
            return (
                f"{agreement.requested_by.full_name} no longer has a role that may ask for this. "
                "Refuse it, and ask again if it is still needed."
            )
        return None

    def carry_out(self, agreement: TeamChange, actor: User) -> dict[str, Any]:
        school, user = agreement.school, agreement.staff_member
        before = team_of(school)
        if agreement.kind == TeamChangeKind.DEACTIVATE:
            deactivate_after_agreement(actor=actor, school=school, user=user, agreed=agreement)
        else:
            apply_roles(
                actor=actor,
                school=school,
                user=user,
                add=agreement.roles_added,
                remove=agreement.roles_removed,
                data={"change": str(agreement.pk)},
            )
        _alert_changed(school, before)
        return {}

    def asked(self, agreement: TeamChange) -> None:
        notify(recipients=team_of(agreement.school), school=agreement.school, reason=CHANGE_ASKED)

    def audit_data(self, agreement: TeamChange) -> dict[str, Any]:
        return {
            "user": agreement.staff_member_id,
            "kind": agreement.kind,
            "added": list(agreement.roles_added),
            "removed": list(agreement.roles_removed),
            "requested_by": agreement.requested_by_id,
        }


TEAM_CHANGE = TeamChangeAgreement()


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
    if user.pk != actor.pk and not _held(school, user):
        # (Someone joining by invitation holds no role yet: give_roles_on_joining asks for them.)
        raise AgreementRefused("Choose someone who works at this school.")
    return _open(actor, school, user, add=add, remove=remove, deactivate=deactivate)


def _open(
    actor: User,
    school: School,
    user: User,
    *,
    add: Iterable[Role] = (),
    remove: Iterable[Role] = (),
    deactivate: bool = False,
    check_roles: bool = True,
) -> TeamChange:
    return agreements.ask(
        TEAM_CHANGE,
        actor=actor,
        school=school,
        check_roles=check_roles,
        staff_member=user,
        kind=TeamChangeKind.DEACTIVATE if deactivate else TeamChangeKind.ROLES,
        roles_added=[Role(role).value for role in add],
        roles_removed=[Role(role).value for role in remove],
    )


def agree_to_team_change(*, actor: User, change: TeamChange) -> TeamChange:
    """A DSL or headteacher agrees, and the change is made: roles switched on and off, or the
    person deactivated here. Alerts the team (as it was, and as it is now).
    Audit: schools.team_change_agreed, and the role or deactivation events."""
    return agreements.agree(TEAM_CHANGE, actor=actor, agreement=change)


def _alert_changed(school: School, before: list[User]) -> None:
    # Everyone on the team before or after hears of it: a DSL whose role was taken away too.
    people = {person.pk: person for person in [*before, *team_of(school)]}
    notify(recipients=people.values(), school=school, reason=TEAM_CHANGED)


# --- Leavers ------------------------------------------------------------------------------------


TEAM_LEAVER = (
    "{name} holds a safeguarding role here, so the DSL or headteacher must agree before they are "
    "deactivated."
)


@transaction.atomic
def deactivate_staff_member(*, actor: User, school: School, user: User) -> bool:
    """A leaver who holds no safeguarding role here (for one who does, a DSL or headteacher must
    agree first: deactivate_or_ask). See deactivate_after_agreement.
    Returns whether the account was closed. Audit: schools.staff_deactivated.
    """
    if user.pk == actor.pk:
        raise AccountError("You cannot deactivate yourself. Ask another administrator.")
    if touches_team(_held(school, user)):
        raise AccountError(TEAM_LEAVER.format(name=user.full_name))
    return deactivate_after_agreement(actor=actor, school=school, user=user)


def deactivate_after_agreement(
    *, actor: User | None, school: School, user: User, agreed: TeamChange | None = None
) -> bool:
    """Their roles at this school stop, their sessions end, and any invitation, reset or team
    change waiting for them here is withdrawn (but `agreed`, the change being carried out).
    Nothing is deleted, so what they recorded stays theirs. If they hold no role anywhere else,
    the account itself is closed (is_active off, deactivated_at set). No rule checks:
    deactivate_staff_member and the agreed team change check first.
    Audit: schools.staff_deactivated, and a withdrawn event for each request withdrawn.
    """
    now = timezone.now()
    roles = StaffMembership.objects.filter(user=user, school=school, is_active=True)
    role_count = roles.update(is_active=False)
    Invitation.objects.filter(user=user, school=school, accepted_at=None, revoked_at=None).update(
        revoked_at=now
    )
    waiting = TeamChange.objects.filter(
        school=school, staff_member=user, status=AgreementStatus.PENDING
    )
    if agreed is not None:
        waiting = waiting.exclude(pk=agreed.pk)
    agreements.withdraw_for_leaver(TEAM_CHANGE, waiting, actor)
    withdraw_resets_for_leaver(actor=actor, school=school, user=user)
    closed = not StaffMembership.objects.filter(user=user, is_active=True).exists()
    if closed:
        user.is_active = False
        user.deactivated_at = now
        user.save(update_fields=["is_active", "deactivated_at"])
    end_sessions(user)
    record(
        "schools.staff_deactivated",
        actor=actor,
        school=school,
        obj=user,
        data={"user": user.pk, "roles": role_count, "account_closed": closed},
    )
    return closed
