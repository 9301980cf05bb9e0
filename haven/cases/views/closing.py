"""The typology for reports, closing a case and reopening it."""

from typing import Any
from uuid import UUID

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from haven.accounts.decorators import staff_required
from haven.cases.forms import CloseForm, CloseUnfinishedForm, ReopenForm, TypologyForm
from haven.cases.models import Case, DecisionType
from haven.cases.rules import ClosingBlocker, still_blocking, unfinished_request_blockers, waived
from haven.cases.selectors import load_records, no_head_to_agree
from haven.cases.services import ask_to_close_unfinished, close_case, record_typology, reopen_case
from haven.cases.views.common import item_page, saved, shown, team_case, version_of
from haven.http import AuthenticatedHttpRequest

# Where each blocker is settled (`ClosingBlocker.where`): the page, and a place on it.
SETTLED_AT = {
    "review": ("cases:review", ""),
    "decisions": ("cases:decisions", ""),
    "referrals": ("cases:referrals", ""),
    "devices": ("cases:devices", ""),
    "takedown": ("cases:takedown", ""),
    "parents": ("cases:parents", ""),
    "follow_up": ("cases:support", "#follow-up"),
    "support": ("cases:support", ""),
    "typology": ("cases:typology", ""),
}


@staff_required
@require_http_methods(["GET", "POST"])
def typology(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = team_case(request, case_id)
    initial = {
        **version_of(case),
        "typology": case.typology,
        "ai_generated": case.ai_generated,
        "sextortion": case.sextortion,
    }
    form = TypologyForm(request.POST or None, initial=initial)
    return saved(request, form, case, record_typology, "The type is recorded.", case=case) or (
        item_page(request, case, form, title="What type of incident was it?", button="Save")
    )


def _linked(case: Case, blockers: list[ClosingBlocker]) -> list[dict[str, Any]]:
    rows = []
    for blocker in blockers:
        name, anchor = SETTLED_AT[blocker.where]
        rows.append({"blocker": blocker, "href": reverse(name, args=[case.pk]) + anchor})
    return rows


def _close_page(
    request: AuthenticatedHttpRequest,
    case: Case,
    form: CloseForm,
    unfinished_form: CloseUnfinishedForm,
) -> HttpResponse:
    records = load_records(case)
    progress = records.progress()
    pending = records.current(DecisionType.CLOSE_UNFINISHED)
    may_ask = not unfinished_request_blockers(progress) and not no_head_to_agree(
        case, request.user, then=""
    )
    context = {
        "case": case,
        "form": form,
        "blockers": _linked(case, still_blocking(progress)),
        "waived": _linked(case, waived(progress)),
        "unfinished_form": unfinished_form,
        "unfinished_decision": pending,
        "may_ask_unfinished": may_ask,
    }
    return shown(request, "cases/close.html", context, case)


@staff_required
@require_http_methods(["GET", "POST"])
def close(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    """Close the case: the page lists, in words and each with a link to where it is settled,
    anything that stops it closing; and offers to ask the head to agree to closing with work not
    finished."""
    case = team_case(request, case_id)
    if not case.is_open:
        raise Http404
    form = CloseForm(request.POST or None, initial=version_of(case))
    if response := saved(request, form, case, close_case, "The case is closed.", case=case):
        return response
    return _close_page(request, case, form, CloseUnfinishedForm(initial=version_of(case)))


@staff_required
@require_POST
def close_unfinished(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    """Ask the headteacher to agree to closing the case with work not finished."""
    case = team_case(request, case_id)
    if not case.is_open:
        raise Http404
    form = CloseUnfinishedForm(request.POST)
    message = "The headteacher has been asked to agree to closing with work not finished."
    if response := saved(
        request, form, case, ask_to_close_unfinished, message, to="cases:close", case=case
    ):
        return response
    return _close_page(request, case, CloseForm(initial=version_of(case)), form)


@staff_required
@require_http_methods(["GET", "POST"])
def reopen(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = team_case(request, case_id)
    if case.is_open:
        raise Http404
    form = ReopenForm(request.POST or None, initial=version_of(case))
    return saved(request, form, case, reopen_case, "The case is open again.", case=case) or (
        item_page(request, case, form, title="Reopen the case", button="Reopen the case")
    )
