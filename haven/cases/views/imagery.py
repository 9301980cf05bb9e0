"""Viewing the imagery, only when unavoidable: asked for, then recorded by whoever viewed it."""

from typing import Any
from uuid import UUID

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from haven.accounts.decorators import staff_required
from haven.cases.forms import (
    ViewingRecordForm,
    ViewingRequestForm,
)
from haven.cases.models import Case, ImageryViewing
from haven.cases.services import (
    record_imagery_viewing,
    request_imagery_viewing,
)
from haven.cases.views.common import Section, saved, shown, team_case, version_of
from haven.http import AuthenticatedHttpRequest


def _viewings(request: AuthenticatedHttpRequest, case: Case) -> dict[str, Any]:
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
def imagery(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    return IMAGERY.show(request, case_id)


@staff_required
@require_POST
def request_viewing(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    message = "The headteacher has been asked to authorise viewing."
    return IMAGERY.add(request, case_id, "form", request_imagery_viewing, message)


@staff_required
@require_http_methods(["GET", "POST"])
def record_viewing(
    request: AuthenticatedHttpRequest, case_id: UUID, viewing_id: UUID
) -> HttpResponse:
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
