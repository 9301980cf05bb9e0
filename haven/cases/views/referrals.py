"""Referrals to children's social care and the police: the list with a form to add one (and to
override the criteria), and each referral's page for its acknowledgement, chasing and outcome."""

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET, require_POST

from haven.accounts.decorators import staff_required
from haven.cases.forms import (
    AcknowledgementForm,
    ChaseForm,
    OverrideForm,
    PartnerOutcomeForm,
    ReferralForm,
    ReferralOutcomeForm,
)
from haven.cases.models import (
    Case,
    Referral,
)
from haven.cases.selectors import override_refusals
from haven.cases.services import (
    record_acknowledgement,
    record_partner_outcome,
    record_referral,
    record_referral_chase,
    record_referral_outcome,
    record_referral_override,
)
from haven.cases.views.common import Section, team_case
from haven.http import AuthenticatedHttpRequest


def _override_refusals(request: AuthenticatedHttpRequest, case: Case) -> dict[str, Any]:
    return {"override_refusals": override_refusals(case, request.user)}


REFERRALS = Section(
    "cases/referrals.html",
    to="cases:detail",
    forms={
        "referral_form": (ReferralForm, "referral"),
        "override_form": (OverrideForm, "override"),
    },
    context=_override_refusals,
)


@staff_required
@require_GET
def referrals(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    return REFERRALS.show(request, case_id)


@staff_required
@require_POST
def add_referral(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    message = "The referral is recorded."
    return REFERRALS.add(request, case_id, "referral_form", record_referral, message)


@staff_required
@require_POST
def referral_override(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    message = "Recorded. The headteacher has been asked to agree."
    return REFERRALS.add(request, case_id, "override_form", record_referral_override, message)


# One referral: its acknowledgement and outcome (back to the list of referrals once saved).
REFERRAL = Section(
    "cases/referral.html",
    to="cases:referrals",
    forms={
        "ack_form": (AcknowledgementForm, "ack"),
        "chase_form": (ChaseForm, "chase"),
        "outcome_form": (ReferralOutcomeForm, "outcome"),
        "partner_form": (PartnerOutcomeForm, "decided"),
    },
)


def _referral(case: Case, referral_id: UUID) -> Referral:
    return get_object_or_404(Referral.objects.select_related("made_by"), pk=referral_id, case=case)


@staff_required
@require_GET
def referral(request: AuthenticatedHttpRequest, case_id: UUID, referral_id: UUID) -> HttpResponse:
    case = team_case(request, case_id)
    return REFERRAL.page(request, case, {"referral": _referral(case, referral_id)})


def _on_referral(
    request: AuthenticatedHttpRequest,
    case_id: UUID,
    referral_id: UUID,
    name: str,
    change: Callable[..., Any],
    message: str,
) -> HttpResponse:
    case = team_case(request, case_id)
    item = _referral(case, referral_id)
    return REFERRAL.save(
        request, case, name, change, message, also={"referral": item}, referral=item
    )


@staff_required
@require_POST
def referral_acknowledged(
    request: AuthenticatedHttpRequest, case_id: UUID, referral_id: UUID
) -> HttpResponse:
    message = "The acknowledgement is recorded."
    return _on_referral(request, case_id, referral_id, "ack_form", record_acknowledgement, message)


@staff_required
@require_POST
def referral_chased(
    request: AuthenticatedHttpRequest, case_id: UUID, referral_id: UUID
) -> HttpResponse:
    message = "The chase is recorded."
    return _on_referral(request, case_id, referral_id, "chase_form", record_referral_chase, message)


@staff_required
@require_POST
def referral_outcome(
    request: AuthenticatedHttpRequest, case_id: UUID, referral_id: UUID
) -> HttpResponse:
    message = "The outcome is recorded."
    return _on_referral(
        request, case_id, referral_id, "outcome_form", record_referral_outcome, message
    )


@staff_required
@require_POST
def partner_outcome(
    request: AuthenticatedHttpRequest, case_id: UUID, referral_id: UUID
) -> HttpResponse:
    message = "What they decided is recorded."
    return _on_referral(
        request, case_id, referral_id, "partner_form", record_partner_outcome, message
    )
