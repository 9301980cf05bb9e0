"""Decisions and what the guidance asks of them: managing in school with the head's agreement,
telling parents or not, and the exceptional viewing of imagery."""

from typing import Any
from uuid import UUID

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from haven.accounts.decorators import staff_required
from haven.accounts.permissions import Action, can
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
from haven.cases.selectors import load_records, pending_head_agreements
from haven.cases.services import (
    decide_manage_in_school,
    record_decision,
    record_head_agreement,
    record_imagery_viewing,
    record_parents_not_told,
    record_parents_told,
    request_imagery_viewing,
)
from haven.cases.views.common import done, submitted, team_case, user_of, version_of
from haven.cases.views.records import section

# --- Decisions -------------------------------------------------------------------------------


def _decisions(request: HttpRequest, case: Case, **bound: forms.Form) -> HttpResponse:
    context: dict[str, Any] = {
        "form": DecisionForm(prefix="decision", case=case, initial=version_of(case)),
        "is_head": can(user_of(request), Action.AGREE_AS_HEAD, case),
    }
    return section(request, case, "cases/decisions.html", context, bound)


@staff_required
@require_GET
def decisions(request: HttpRequest, case_id: UUID) -> HttpResponse:
    return _decisions(request, team_case(request, case_id))


@staff_required
@require_POST
def add_decision(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = team_case(request, case_id)
    form = DecisionForm(request.POST, prefix="decision", case=case)
    if submitted(request, form, case, record_decision, case=case):
        return done(request, case, "The decision is recorded.", to="cases:decisions")
    return _decisions(request, case, form=form)


@staff_required
@require_http_methods(["GET", "POST"])
def manage_in_school(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """Decide to manage the case in school, if the rules allow; the head is asked to agree."""
    case = team_case(request, case_id)
    form = ManageInSchoolForm(request.POST or None, initial=version_of(case))
    if submitted(request, form, case, decide_manage_in_school, case=case):
        return done(request, case, "Decision recorded. The headteacher has been asked to agree.")
    assessment = load_records(case).assessment
    blockers = (
        manage_in_school_blockers(assessment=assessment, head_agreed=True)
        if assessment
        else ["Hold the initial review first."]
    )
    context = {"case": case, "form": form, "blockers": blockers}
    return render(request, "cases/manage_in_school.html", context)


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
    if submitted(request, form, case, record_head_agreement, decision=decision):
        return done(request, case, "Your answer is recorded.")
    context = {"case": case, "decision": decision, "form": form}
    return render(request, "cases/head_agreement.html", context)


@staff_required
@require_GET
def agreements(request: HttpRequest) -> HttpResponse:
    """The decisions waiting for this headteacher's answer (none for anyone else)."""
    waiting = pending_head_agreements(user_of(request))
    return render(request, "cases/agreements.html", {"waiting": waiting})


# --- Parents and carers ----------------------------------------------------------------------


def _parents(request: HttpRequest, case: Case, **bound: forms.Form) -> HttpResponse:
    forms_: dict[str, Any] = {
        "told_form": ParentsToldForm(prefix="told", case=case, initial=version_of(case)),
        "not_told_form": ParentsNotToldForm(prefix="not-told", case=case, initial=version_of(case)),
    }
    return section(request, case, "cases/parents.html", forms_, bound)


@staff_required
@require_GET
def parents(request: HttpRequest, case_id: UUID) -> HttpResponse:
    return _parents(request, team_case(request, case_id))


@staff_required
@require_POST
def parents_told(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = team_case(request, case_id)
    form = ParentsToldForm(request.POST, prefix="told", case=case)
    if submitted(request, form, case, record_parents_told, case=case):
        return done(request, case, "Recorded: parents or carers told.", to="cases:parents")
    return _parents(request, case, told_form=form)


@staff_required
@require_POST
def parents_not_told(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = team_case(request, case_id)
    form = ParentsNotToldForm(request.POST, prefix="not-told", case=case)
    if submitted(request, form, case, record_parents_not_told, case=case):
        return done(request, case, "Recorded: parents or carers not told.", to="cases:parents")
    return _parents(request, case, not_told_form=form)


# --- Viewing imagery (exceptional) -----------------------------------------------------------


def _imagery(request: HttpRequest, case: Case, **bound: forms.Form) -> HttpResponse:
    viewings = case.viewings.select_related(
        "decision", "decision__head_by", "decision__decided_by", "viewed_by", "present"
    )
    forms_: dict[str, Any] = {
        "form": ViewingRequestForm(prefix="viewing", initial=version_of(case)),
        "viewings": viewings,
    }
    return section(request, case, "cases/imagery.html", forms_, bound)


@staff_required
@require_GET
def imagery(request: HttpRequest, case_id: UUID) -> HttpResponse:
    return _imagery(request, team_case(request, case_id))


@staff_required
@require_POST
def request_viewing(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = team_case(request, case_id)
    form = ViewingRequestForm(request.POST, prefix="viewing")
    if submitted(request, form, case, request_imagery_viewing, case=case):
        message = "The headteacher has been asked to authorise viewing."
        return done(request, case, message, to="cases:imagery")
    return _imagery(request, case, form=form)


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
    if submitted(request, form, case, record_imagery_viewing, viewing=viewing):
        return done(request, case, "The viewing is recorded.", to="cases:imagery")
    context = {"case": case, "viewing": viewing, "form": form}
    return render(request, "cases/record_viewing.html", context)
