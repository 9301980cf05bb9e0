"""The one page pattern for a two-person agreement: the list of what waits (with only the steps
this person may take), and one view that takes a step and says what happened.

Concrete pages (authenticator resets, safeguarding-team changes, school policy) fetch their
school and request through `haven.accounts.permissions` first, then call these.
"""

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse

from haven.accounts.models import User
from haven.accounts.permissions import read_memberships
from haven.agreements import services
from haven.agreements.models import TwoPersonAgreement
from haven.agreements.services import VERBS, AgreementRefused, Kind

STEP_DONE = {
    services.REFUSE: "Refused. Nothing was changed.",
    services.WITHDRAW: "Withdrawn. Nothing was changed.",
}


def with_steps[A: TwoPersonAgreement](
    kind: Kind[A], agreements: Sequence[A], viewer: User
) -> list[tuple[A, list[str]]]:
    """Each waiting agreement with the steps the viewer may take now (the template offers those
    buttons only; every step is checked again when it is taken)."""
    read_memberships([viewer, *(item.requested_by for item in agreements)])
    return [
        (agreement, services.allowed_steps(kind, agreement, viewer)) for agreement in agreements
    ]


def take_step[A: TwoPersonAgreement](
    request: HttpRequest,
    kind: Kind[A],
    agreement: A,
    step: str,
    *,
    actor: User,
    agreed_message: str,
    done: Callable[[], HttpResponse],
    refused: Callable[[str], HttpResponse],
) -> HttpResponse:
    """Take the posted step; on success a message and `done()`, else `refused(reason)`."""
    if step not in VERBS:
        raise Http404
    try:
        services.take_step(kind, actor=actor, agreement=agreement, step=step)
    except AgreementRefused as reason:
        return refused(str(reason))
    messages.success(request, agreed_message if step == services.AGREE else STEP_DONE[step])
    return done()


def step_urls(prefix: str) -> Mapping[str, Any]:
    """URL names of the three steps, for the shared template: `<prefix>_agree` and so on."""
    return {step: f"{prefix}_{step}" for step in VERBS}
