"""Decisions with their reasons: managing in school with the head's agreement, and the heads'
list of decisions waiting for them."""

from typing import Any
from uuid import UUID

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from haven.accounts.decorators import staff_required
from haven.accounts.permissions import Action, can, is_head_anywhere
from haven.cases.forms import (
    DecisionForm,
    HeadAgreementForm,
    ManageInSchoolForm,
)
from haven.cases.models import Case, Decision
from haven.cases.rules import manage_in_school_blockers
from haven.cases.selectors import load_records, no_head_to_agree, pending_head_agreements
from haven.cases.services import (
    decide_manage_in_school,
    record_decision,
    record_head_agreement,
)
from haven.cases.views.common import Section, saved, shown, team_case, version_of
from haven.http import AuthenticatedHttpRequest


def _may_agree(request: AuthenticatedHttpRequest, case: Case) -> dict[str, Any]:
    return {"is_head": can(request.user, Action.AGREE_AS_HEAD, case)}


DECISIONS = Section(
    "cases/decisions.html",
    to="cases:decisions",
    forms={"form": (DecisionForm, "decision")},
    context=_may_agree,
)


@staff_required
@require_GET
def decisions(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    return DECISIONS.show(request, case_id)


@staff_required
@require_POST
def add_decision(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    return DECISIONS.add(request, case_id, "form", record_decision, "The decision is recorded.")


@staff_required
@require_http_methods(["GET", "POST"])
def manage_in_school(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    """Decide to manage the case in school, if the rules allow; the head is asked to agree."""
    case = team_case(request, case_id)
    form = ManageInSchoolForm(request.POST or None, initial=version_of(case))
    message = "Decision recorded. The headteacher has been asked to agree."
    if response := saved(request, form, case, decide_manage_in_school, message, case=case):
        return response
    assessment = load_records(case).assessment
    blockers = (
        manage_in_school_blockers(
            assessment=assessment,
            head_agreed=True,
            refer_every_case=case.school.refer_every_case,
        )
        if assessment
        else ["Hold the initial review first."]
    )
    blockers += no_head_to_agree(case, request.user, then="the case cannot be managed in school.")
    context = {"case": case, "form": form, "blockers": blockers}
    return shown(request, "cases/manage_in_school.html", context, case)


@staff_required
@require_http_methods(["GET", "POST"])
def head_agreement(
    request: AuthenticatedHttpRequest, case_id: UUID, decision_id: UUID
) -> HttpResponse:
    """The headteacher agrees to, or declines, a decision that asks for their agreement."""
    case = team_case(request, case_id, Action.AGREE_AS_HEAD)
    decision = get_object_or_404(
        Decision.objects.select_related("decided_by", "head_by"), pk=decision_id, case=case
    )
    decision.case = case  # one case object, so its version moves as the service bumps it
    form = HeadAgreementForm(request.POST or None, initial=version_of(case))
    message = "Your answer is recorded."
    if response := saved(request, form, case, record_head_agreement, message, decision=decision):
        return response
    own = decision.decided_by_id == request.user.pk  # another head must answer it
    context = {"case": case, "decision": decision, "form": form, "own_decision": own}
    return shown(request, "cases/head_agreement.html", context, case)


@staff_required
@require_GET
def agreements(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The decisions waiting for this headteacher's answer; not found for anyone who is not a head,
    like every other case page."""
    user = request.user
    if not is_head_anywhere(user):
        raise Http404
    waiting = pending_head_agreements(user)
    return shown(request, "cases/agreements.html", {"waiting": waiting})
