"""The school's safeguarding policy settings, set by the DSL and the headteacher together.

What they set: whether the school refers every case to children's social care (then the initial
review never offers managing in school, and the public pages say that in almost all cases an
incident results in a referral), the local children's services front door and police contact, and
the alert times (how long before an unacknowledged alert goes to the deputies and the head, and
the school day they count in). One asks; the other agrees
(haven.accounts.rules.may_agree_to_policy), through the shared two-person agreement
(haven.agreements). Every step is audited.
"""

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import time, timedelta
from typing import Any

from haven.accounts.models import User
from haven.accounts.permissions import roles_at
from haven.accounts.rules import may_agree_to_policy, may_take_part_in_policy
from haven.agreements import services as agreements
from haven.agreements.models import AgreementStatus
from haven.agreements.services import AgreementRefused
from haven.schools.models import PolicyChange, Role, School


@dataclass(frozen=True)
class Policy:
    """The policy settings, as the school holds them (or would, once agreed)."""

    refer_every_case: bool
    csc_front_door: str
    police_contact: str
    alert_escalation_minutes: int
    school_day_starts: time
    school_day_ends: time
    early_help_offer: str = ""


FIELDS = tuple(Policy.__dataclass_fields__)


def policy_of(school: School | PolicyChange) -> Policy:
    return Policy(**{name: getattr(school, name) for name in FIELDS})


def changed_fields(school: School, wanted: Policy) -> list[str]:
    return [name for name in FIELDS if getattr(school, name) != getattr(wanted, name)]


class PolicyAgreement(agreements.Kind[PolicyChange]):
    model = PolicyChange
    noun = "policy change"
    lifetime = timedelta(days=7)
    audit = {
        "requested": "schools.policy_change_requested",
        "agreed": "schools.policy_change_agreed",
        "refused": "schools.policy_change_refused",
        "withdrawn": "schools.policy_change_withdrawn",
        "expired": "schools.policy_change_expired",
    }
    who_takes_part = "Only the DSL or the headteacher can do this."

    def may_take_part(self, roles: set[Role]) -> bool:
        return may_take_part_in_policy(roles)

    def check_ask(self, actor: User, school: School, fields: Mapping[str, Any]) -> None:
        if fields["school_day_ends"] <= fields["school_day_starts"]:
            raise AgreementRefused("The school day must end after it starts.")
        if not changed_fields(school, Policy(**fields)):
            raise AgreementRefused("That is the policy already: nothing would change.")

    def pending_for(self, school: School, fields: Mapping[str, Any]) -> Iterable[PolicyChange]:
        return PolicyChange.objects.filter(school=school, status=AgreementStatus.PENDING)

    def already_waiting(self, waiting: PolicyChange) -> str:
        return (
            f"A policy change asked for by {waiting.requested_by.full_name} is already waiting. "
            "Agree to it, refuse it, or ask them to withdraw it first."
        )

    def why_not_agree(self, agreement: PolicyChange, actor: User) -> str | None:
        asker = roles_at(agreement.requested_by, agreement.school_id)
        if not may_take_part_in_policy(asker):
            return (
                f"{agreement.requested_by.full_name} is no longer the DSL or headteacher. Refuse "
                "it, and ask again if it is still needed."
            )
        if not may_agree_to_policy(
            asker_roles=asker, approver_roles=roles_at(actor, agreement.school_id)
        ):
            return (
                "The DSL and the headteacher set the policy together: the headteacher agrees to "
                "what the DSL asks, and the DSL to what the headteacher asks."
            )
        return None

    def carry_out(self, agreement: PolicyChange, actor: User) -> dict[str, Any]:
        school = School.objects.select_for_update().get(pk=agreement.school_id)
        wanted = policy_of(agreement)
        changed = changed_fields(school, wanted)
        for name in changed:
            setattr(school, name, getattr(wanted, name))
        if changed:
            school.save(update_fields=changed)
        return {"fields": changed}

    def audit_data(self, agreement: PolicyChange) -> dict[str, Any]:
        # Field names and the one yes/no, never the contact details typed.
        return {"refer_every_case": agreement.refer_every_case}


POLICY_CHANGE = agreements.register(PolicyAgreement())


def ask_for_policy(*, actor: User, school: School, policy: Policy) -> PolicyChange:
    """Ask for the school's policy settings to become these; made when the other of the DSL and
    headteacher agrees. Audit: schools.policy_change_requested (then _agreed, _refused, ...)."""
    return agreements.ask(POLICY_CHANGE, actor=actor, school=school, **asdict(policy))
