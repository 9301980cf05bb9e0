"""The one way two people agree to something: ask, agree, refuse, withdraw, expire.

Each kind of agreement (`Kind`) says who may take part, who may agree to a given request, what
happens when it is agreed, and its audit codes. These functions do the rest the same way for
every kind: lock the row, check it is still pending and in time, refuse the asker (and the person
it is about) as the second person, record the decision, and write the audit event in the same
transaction as the change.
"""

from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any, ClassVar

from django.db import transaction
from django.utils import timezone

from haven.accounts.models import User
from haven.accounts.permissions import roles_at
from haven.agreements.models import AgreementStatus, TwoPersonAgreement
from haven.audit.services import record
from haven.lib.errors import Refused
from haven.schools.models import Role, School

AGREE, REFUSE, WITHDRAW = "agree", "refuse", "withdraw"
VERBS = (AGREE, REFUSE, WITHDRAW)


class AgreementRefused(Refused):
    """The rules do not allow this step; the message says why, in words for the page."""


class Kind[A: TwoPersonAgreement]:
    """One kind of two-person agreement. Subclass it once per kind, as a module-level object.

    `audit` maps each step (requested, agreed, refused, withdrawn, expired) to its stable audit
    code. `noun` names one request in messages ("reset", "change").
    """

    model: type[A]
    noun: ClassVar[str]
    lifetime: ClassVar[timedelta]
    audit: ClassVar[Mapping[str, str]]
    # Said when someone who may not take part tries a step.
    who_takes_part: ClassVar[str]

    def may_take_part(self, roles: set[Role]) -> bool:
        """Whether someone with these roles at the school may ask, refuse or withdraw."""
        raise NotImplementedError

    def why_not_agree(self, agreement: A, actor: User) -> str | None:
        """None when the actor may agree; otherwise the reason, in words. The asker and the
        subject are refused before this is asked."""
        raise NotImplementedError

    def carry_out(self, agreement: A, actor: User) -> dict[str, Any]:
        """Make the change (inside the agreeing transaction); returns extra audit data."""
        raise NotImplementedError

    def subject_id(self, agreement: A) -> int | None:
        """The member of staff the request is about (who never agrees or refuses it), if any."""
        return None

    def check_ask(self, actor: User, school: School, fields: Mapping[str, Any]) -> None:
        """Raise AgreementRefused if this request may not be asked for (beyond the roles)."""

    def pending_for(self, school: School, fields: Mapping[str, Any]) -> Iterable[A]:
        """Pending requests that a new one with these fields would clash with."""
        return ()

    def already_waiting(self, waiting: A) -> str:
        """Said when a clashing request is already waiting."""
        return f"A {self.noun} like this is already waiting. Agree to it or withdraw it first."

    def audit_data(self, agreement: A) -> dict[str, Any]:
        return {}

    def asked(self, agreement: A) -> None:
        """After asking (inside the transaction): tell whoever must hear of it."""


def is_overdue[A: TwoPersonAgreement](kind: Kind[A], agreement: A, now: Any = None) -> bool:
    return (now or timezone.now()) - agreement.requested_at > kind.lifetime


def _days(kind: Kind[Any]) -> str:
    days = kind.lifetime.days
    return f"{days} day" if days == 1 else f"{days} days"


def _lock[A: TwoPersonAgreement](kind: Kind[A], agreement: A) -> A:
    return (
        kind.model._default_manager.select_for_update()
        .select_related("school")
        .get(pk=agreement.pk)
    )


def _check_in_time[A: TwoPersonAgreement](kind: Kind[A], agreement: A) -> None:
    if agreement.status != AgreementStatus.PENDING:
        raise AgreementRefused(f"This {kind.noun} has already been decided or withdrawn.")
    if is_overdue(kind, agreement):
        raise AgreementRefused(
            f"This {kind.noun} was asked for more than {_days(kind)} ago, so it has expired. "
            "Ask for it again."
        )


def _check_takes_part[A: TwoPersonAgreement](kind: Kind[A], actor: User, school_id: int) -> None:
    if not kind.may_take_part(roles_at(actor, school_id)):
        raise AgreementRefused(kind.who_takes_part)


def _decide[A: TwoPersonAgreement](
    kind: Kind[A],
    agreement: A,
    actor: User | None,
    status: AgreementStatus,
    step: str,
    **extra: Any,
) -> None:
    agreement.status = status
    agreement.decided_by = actor
    agreement.decided_at = timezone.now()
    agreement.save(update_fields=["status", "decided_by", "decided_at"])
    record(
        kind.audit[step],
        actor=actor,
        school=agreement.school_id,
        obj=agreement,
        data={**kind.audit_data(agreement), **extra},
    )


@transaction.atomic
def ask[A: TwoPersonAgreement](
    kind: Kind[A], /, *, actor: User, school: School, check_roles: bool = True, **fields: Any
) -> A:
    """Ask for something a second person must agree to. Refused if the actor may not take part,
    or a request it would clash with is already waiting (one past its time is expired first).
    `check_roles=False` only where the asker's right was checked when they acted (an invitation
    they sent, accepted later). Audit: the kind's `requested` code."""
    if check_roles:
        _check_takes_part(kind, actor, school.pk)
    kind.check_ask(actor, school, fields)
    for waiting in kind.pending_for(school, fields):
        if is_overdue(kind, waiting):
            _decide(kind, waiting, None, AgreementStatus.EXPIRED, "expired")
        else:
            raise AgreementRefused(kind.already_waiting(waiting))
    agreement = kind.model._default_manager.create(school=school, requested_by=actor, **fields)
    record(
        kind.audit["requested"],
        actor=actor,
        school=school,
        obj=agreement,
        data=kind.audit_data(agreement),
    )
    kind.asked(agreement)
    return agreement


def why_not[A: TwoPersonAgreement](
    kind: Kind[A], agreement: A, actor: User, step: str
) -> str | None:
    """Why the actor may not take this step now (None if they may); the page uses it to offer
    only the buttons that will work, and every step checks it again under a lock."""
    if agreement.status != AgreementStatus.PENDING or is_overdue(kind, agreement):
        return f"This {kind.noun} is no longer waiting."
    is_asker = actor.pk == agreement.requested_by_id
    is_subject = actor.pk is not None and actor.pk == kind.subject_id(agreement)
    if step == WITHDRAW:
        return None if is_asker else f"Only the person who asked can withdraw this {kind.noun}."
    if is_asker:
        return f"You asked for this {kind.noun}, so someone else must agree to it or refuse it."
    if is_subject:
        return f"This {kind.noun} is about you, so someone else must agree to it or refuse it."
    if step == AGREE:
        return kind.why_not_agree(agreement, actor)
    if not kind.may_take_part(roles_at(actor, agreement.school_id)):
        return kind.who_takes_part
    return None


def allowed_steps[A: TwoPersonAgreement](kind: Kind[A], agreement: A, actor: User) -> list[str]:
    return [step for step in VERBS if why_not(kind, agreement, actor, step) is None]


def _step[A: TwoPersonAgreement](kind: Kind[A], agreement: A, actor: User, step: str) -> A:
    agreement = _lock(kind, agreement)
    _check_takes_part(kind, actor, agreement.school_id)
    _check_in_time(kind, agreement)
    if reason := why_not(kind, agreement, actor, step):
        raise AgreementRefused(reason)
    return agreement


@transaction.atomic
def agree[A: TwoPersonAgreement](kind: Kind[A], /, *, actor: User, agreement: A) -> A:
    """The second person agrees, and the change is made in the same transaction.
    Audit: the kind's `agreed` code (with what carrying it out returned)."""
    agreement = _step(kind, agreement, actor, AGREE)
    extra = kind.carry_out(agreement, actor)
    _decide(kind, agreement, actor, AgreementStatus.DONE, "agreed", **extra)
    return agreement


@transaction.atomic
def refuse[A: TwoPersonAgreement](kind: Kind[A], /, *, actor: User, agreement: A) -> A:
    """Someone who takes part, other than the asker and the person it is about, says no; nothing
    changes. Audit: the kind's `refused` code."""
    agreement = _step(kind, agreement, actor, REFUSE)
    _decide(kind, agreement, actor, AgreementStatus.REFUSED, "refused")
    return agreement


@transaction.atomic
def withdraw[A: TwoPersonAgreement](kind: Kind[A], /, *, actor: User, agreement: A) -> A:
    """The asker calls it off; nothing changes. Audit: the kind's `withdrawn` code."""
    agreement = _step(kind, agreement, actor, WITHDRAW)
    _decide(kind, agreement, actor, AgreementStatus.WITHDRAWN, "withdrawn")
    return agreement


def take_step[A: TwoPersonAgreement](
    kind: Kind[A], /, *, actor: User, agreement: A, step: str
) -> A:
    """One of agree, refuse or withdraw, by name (the pages post the step)."""
    steps = {AGREE: agree, REFUSE: refuse, WITHDRAW: withdraw}
    return steps[step](kind, actor=actor, agreement=agreement)


@transaction.atomic
def withdraw_for_leaver[A: TwoPersonAgreement](
    kind: Kind[A], agreements: Iterable[A], actor: User | None
) -> int:
    """Requests about someone who has left are withdrawn with them (by whoever deactivated them,
    or the operator). Audit: the kind's `withdrawn` code for each."""
    count = 0
    for agreement in agreements:
        _decide(kind, _lock(kind, agreement), actor, AgreementStatus.WITHDRAWN, "withdrawn")
        count += 1
    return count


def expire_overdue[A: TwoPersonAgreement](kind: Kind[A], now: Any = None) -> int:
    """Mark every pending request past its lifetime as expired (the periodic sweep).
    Audit: the kind's `expired` code for each (actor None). Safe to run twice."""
    cutoff = (now or timezone.now()) - kind.lifetime
    overdue = kind.model._default_manager.filter(
        status=AgreementStatus.PENDING, requested_at__lt=cutoff
    )
    count = 0
    for pk in list(overdue.values_list("pk", flat=True)):
        with transaction.atomic():
            agreement = kind.model._default_manager.select_for_update().get(pk=pk)
            if agreement.status == AgreementStatus.PENDING:
                _decide(kind, agreement, None, AgreementStatus.EXPIRED, "expired")
                count += 1
    return count


# Every kind, for the sweep; kinds register themselves where they are defined.
KINDS: list[Kind[Any]] = []


def register[K: Kind[Any]](kind: K) -> K:
    KINDS.append(kind)
    return kind
