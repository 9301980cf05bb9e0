"""Decisions and what the guidance asks of them: managing in school with the head's agreement,
telling parents or not, and the exceptional viewing of imagery."""

from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from haven.accounts.decorators import staff_required
from haven.accounts.permissions import Action, can, memberships
from haven.cases.forms import (
    DecisionForm,
    HeadAgreementForm,
    ManageInSchoolForm,
    ParentsNotToldForm,
    ParentsToldForm,
    ViewingRecordForm,
    ViewingRequestForm,
)
from haven.cases.models import Case, Decision, ImageryViewing
from haven.cases.rules import manage_in_school_blockers
from haven.cases.selectors import load_records, no_head_to_agree, pending_head_agreements
from haven.cases.services import (
    decide_manage_in_school,
    record_decision,
    record_head_agreement,
    record_imagery_viewing,
    record_parents_not_told,
    record_parents_told,
    request_imagery_viewing,
)
from haven.cases.views.common import Section, saved, shown, team_case, user_of, version_of
from haven.schools.models import Role

# --- Decisions -------------------------------------------------------------------------------


def _may_agree(request: HttpRequest, case: Case) -> dict[str, Any]:
    return {"is_head": can(user_of(request), Action.AGREE_AS_HEAD, case)}


DECISIONS = Section(
    "cases/decisions.html",
    to="cases:decisions",
    forms={"form": (DecisionForm, "decision")},
    context=_may_agree,
)


@staff_required
@require_GET
def decisions(request: HttpRequest, case_id: UUID) -> HttpResponse:
    return DECISIONS.show(request, case_id)


@staff_required
@require_POST
def add_decision(request: HttpRequest, case_id: UUID) -> HttpResponse:
    return DECISIONS.add(request, case_id, "form", record_decision, "The decision is recorded.")


@staff_required
@require_http_methods(["GET", "POST"])
def manage_in_school(request: HttpRequest, case_id: UUID) -> HttpResponse:
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
    blockers += no_head_to_agree(
        case, user_of(request), then="the case cannot be managed in school."
    )
    context = {"case": case, "form": form, "blockers": blockers}
    return shown(request, "cases/manage_in_school.html", context, case)


@staff_required
@require_http_methods(["GET", "POST"])
def head_agreement(request: HttpRequest, case_id: UUID, decision_id: UUID) -> HttpResponse:
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
    own = decision.decided_by_id == user_of(request).pk  # another head must answer it
    context = {"case": case, "decision": decision, "form": form, "own_decision": own}
    return shown(request, "cases/head_agreement.html", context, case)


@staff_required
@require_GET
def agreements(request: HttpRequest) -> HttpResponse:
    """The decisions waiting for this headteacher's answer; not found for anyone who is not a head,
    like every other case page."""
    user = user_of(request)
    if not any(m.role == Role.HEADTEACHER for m in memberships(user)):
        raise Http404
    waiting = pending_head_agreements(user)
    return shown(request, "cases/agreements.html", {"waiting": waiting})


# --- Parents and carers ----------------------------------------------------------------------

PARENTS = Section(
    "cases/parents.html",
    to="cases:parents",
    forms={
        "told_form": (ParentsToldForm, "told"),
        "not_told_form": (ParentsNotToldForm, "not-told"),
    },
)


@staff_required
@require_GET
def parents(request: HttpRequest, case_id: UUID) -> HttpResponse:
    return PARENTS.show(request, case_id)


@staff_required
@require_POST
def parents_told(request: HttpRequest, case_id: UUID) -> HttpResponse:
    message = "Recorded: parents or carers told."
    return PARENTS.add(request, case_id, "told_form", record_parents_told, message)


@staff_required
@require_POST
def parents_not_told(request: HttpRequest, case_id: UUID) -> HttpResponse:
    message = "Recorded: parents or carers not told."
    return PARENTS.add(request, case_id, "not_told_form", record_parents_not_told, message)


# --- Viewing imagery (exceptional) -----------------------------------------------------------


def _viewings(request: HttpRequest, case: Case) -> dict[str, Any]:
    viewings = case.viewings.select_related(
        "decision", "decision__head_by", "decision__decided_by", "viewed_by", "present"
    )
    return {"viewings": viewings}


IMAGERY = Section(
    "cases/imagery.html",
    to="cases:imagery",
    forms={"form": (ViewingRequestForm, "viewing")},
    context=_viewings,
)


@staff_required
@require_GET
def imagery(request: HttpRequest, case_id: UUID) -> HttpResponse:
    return IMAGERY.show(request, case_id)


@staff_required
@require_POST
def request_viewing(request: HttpRequest, case_id: UUID) -> HttpResponse:
    message = "The headteacher has been asked to authorise viewing."
    return IMAGERY.add(request, case_id, "form", request_imagery_viewing, message)


@staff_required
@require_http_methods(["GET", "POST"])
def record_viewing(request: HttpRequest, case_id: UUID, viewing_id: UUID) -> HttpResponse:
    case = team_case(request, case_id)
    viewing = get_object_or_404(
        ImageryViewing.objects.select_related("decision"), pk=viewing_id, case=case
    )
    if viewing.viewed_at is not None:
        raise Http404
    viewing.case = case
    form = ViewingRecordForm(request.POST or None, case=case, initial=version_of(case))
    message = "The viewing is recorded."
    if response := saved(
        request, form, case, record_imagery_viewing, message, to="cases:imagery", viewing=viewing
    ):
        return response
    context = {"case": case, "viewing": viewing, "form": form}
    return shown(request, "cases/record_viewing.html", context, case)
