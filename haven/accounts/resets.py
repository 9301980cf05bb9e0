"""Resetting a colleague's lost authenticator app: a two-person agreement between the school
administrator and the DSL or headteacher (haven.accounts.rules), run by haven.agreements."""

from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any

from haven.accounts.models import MfaReset, User
from haven.accounts.permissions import roles_at
from haven.accounts.rules import may_approve_mfa_reset, may_take_part_in_mfa_reset
from haven.accounts.services import end_sessions, remove_second_factor
from haven.agreements import services as agreements
from haven.agreements.models import AgreementStatus
from haven.agreements.services import AgreementRefused
from haven.audit.services import record
from haven.schools.models import Role, School, StaffMembership


def works_elsewhere(user: User, school: School) -> bool:
    """Whether the user holds a role anywhere but this school (another school, or a trust)."""
    others = StaffMembership.objects.filter(user=user, is_active=True).exclude(school=school)
    return bool(others.exists())


def _only_here(staff_member: User, school: School) -> str | None:
    # A reset lets whoever knows the password set up a new app. For someone who also works at
    # another school, two people here could otherwise open that school's records too.
    if not works_elsewhere(staff_member, school):
        return None
    return (
        f"{staff_member.full_name} also has a role at another school or trust in Haven, so "
        "one school cannot reset their authenticator app. Ask the Haven operator (whoever "
        "runs Haven for your school or trust) to reset it."
    )


class MfaResetAgreement(agreements.Kind[MfaReset]):
    model = MfaReset
    noun = "reset"
    lifetime = timedelta(hours=72)
    audit = {
        "requested": "accounts.mfa_reset_requested",
        "agreed": "accounts.mfa_reset_approved",
        "refused": "accounts.mfa_reset_refused",
        "withdrawn": "accounts.mfa_reset_withdrawn",
        "expired": "accounts.mfa_reset_expired",
    }
    who_takes_part = "Only the school administrator, the DSL or the headteacher can do this."

    def may_take_part(self, roles: set[Role]) -> bool:
        return may_take_part_in_mfa_reset(roles)

    def check_ask(self, actor: User, school: School, fields: Mapping[str, Any]) -> None:
        staff_member: User = fields["staff_member"]
        if staff_member.pk == actor.pk:
            raise AgreementRefused("You cannot ask for your own reset. Ask a colleague to ask.")
        if not roles_at(staff_member, school.pk):
            raise AgreementRefused("Choose someone who works at this school.")
        if reason := _only_here(staff_member, school):
            raise AgreementRefused(reason)

    def pending_for(self, school: School, fields: Mapping[str, Any]) -> Iterable[MfaReset]:
        return MfaReset.objects.filter(
            school=school, staff_member=fields["staff_member"], status=AgreementStatus.PENDING
        )

    def already_waiting(self, waiting: MfaReset) -> str:
        return f"A reset for {waiting.staff_member.full_name} is already waiting."

    def subject_id(self, agreement: MfaReset) -> int | None:
        return agreement.staff_member_id

    def why_not_agree(self, agreement: MfaReset, actor: User) -> str | None:
        if not may_approve_mfa_reset(
            requester_roles=roles_at(agreement.requested_by, agreement.school_id),
            approver_roles=roles_at(actor, agreement.school_id),
            same_person=False,
        ):
            return (
                "A reset asked for by the administrator needs the DSL or headteacher to agree, "
                "and one asked for by the DSL or headteacher needs the administrator."
            )
        return _only_here(agreement.staff_member, agreement.school)

    def carry_out(self, agreement: MfaReset, actor: User) -> dict[str, Any]:
        removed = remove_second_factor(agreement.staff_member)
        end_sessions(agreement.staff_member)
        return {"removed": removed}

    def audit_data(self, agreement: MfaReset) -> dict[str, Any]:
        return {"user": agreement.staff_member_id}


MFA_RESET = MfaResetAgreement()


def request_mfa_reset(*, actor: User, school: School, staff_member: User) -> MfaReset:
    """Ask for a colleague's authenticator app to be reset; the other side must agree.
    Audit: accounts.mfa_reset_requested."""
    return agreements.ask(MFA_RESET, actor=actor, school=school, staff_member=staff_member)


def approve_mfa_reset(*, actor: User, reset: MfaReset) -> MfaReset:
    """The second person agrees: the colleague's apps and recovery codes are removed and their
    sessions end. Refused for someone who also works elsewhere (the operator resets them:
    manage.py reset_authenticator). Audit: accounts.mfa_reset_approved (with how many)."""
    return agreements.agree(MFA_RESET, actor=actor, agreement=reset)


def withdraw_resets_for_leaver(*, actor: User | None, school: School, user: User) -> int:
    """A leaver's waiting resets here are withdrawn with them."""
    waiting = MfaReset.objects.filter(school=school, staff_member=user, status="pending")
    return agreements.withdraw_for_leaver(MFA_RESET, waiting, actor)


def reset_second_factor_by_operator(*, user: User) -> int:
    """For someone no single school may reset (they work at more than one): run by the operator
    on the server (manage.py reset_authenticator), after checking who is asking. Removes their
    apps and recovery codes and ends their sessions. Returns how many were removed.
    Audit: accounts.mfa_reset_by_operator (actor None).
    """
    removed = remove_second_factor(user)
    end_sessions(user)
    record(
        "accounts.mfa_reset_by_operator",
        actor=None,
        obj=user,
        data={"user": user.pk, "removed": removed},
    )
    return removed
