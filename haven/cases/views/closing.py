"""The typology for reports, closing a case and reopening it."""

from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from haven.accounts.decorators import staff_required
from haven.cases.forms import CloseForm, ReopenForm, TypologyForm
from haven.cases.rules import structural_closing_blockers
from haven.cases.selectors import load_records
from haven.cases.services import close_case, record_typology, reopen_case
from haven.cases.views.common import item_page, saved, shown, team_case, version_of


@staff_required
@require_http_methods(["GET", "POST"])
def typology(request: HttpRequest, case_id: UUID) -> HttpResponse:
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


@staff_required
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """Close the case: the page lists, in words, anything that stops it closing."""
    case = team_case(request, case_id)
    if not case.is_open:
        raise Http404
    form = CloseForm(request.POST or None, initial=version_of(case))
    if response := saved(request, form, case, close_case, "The case is closed.", case=case):
        return response
    records = load_records(case)
    blockers = structural_closing_blockers(records.progress())
    if records.review is None:
        blockers.insert(0, "Hold the initial review first.")
    context = {"case": case, "form": form, "blockers": blockers}
    return shown(request, "cases/close.html", context, case)


@staff_required
@require_http_methods(["GET", "POST"])
def reopen(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = team_case(request, case_id)
    if case.is_open:
        raise Http404
    form = ReopenForm(request.POST or None, initial=version_of(case))
    return saved(request, form, case, reopen_case, "The case is open again.", case=case) or (
        item_page(request, case, form, title="Reopen the case", button="Reopen the case")
    )
