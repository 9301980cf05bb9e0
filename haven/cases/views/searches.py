"""Searching a device: recorded beside its custody."""

from typing import Any
from uuid import UUID

from django.http import HttpResponse
from django.views.decorators.http import require_GET, require_POST

from haven.accounts.decorators import staff_required
from haven.audit.context import AuditContext
from haven.cases.area_selectors import device_searches
from haven.cases.forms.searches import DeviceSearchForm
from haven.cases.models import Case
from haven.cases.services.searches import record_device_search
from haven.cases.views.common import Section, team_case
from haven.http import AuthenticatedHttpRequest


def _searches(request: AuthenticatedHttpRequest, case: Case) -> dict[str, Any]:
    return {"searches": device_searches(case)}


SEARCHES = Section(
    "cases/searches.html",
    to="cases:searches",
    forms={"form": (DeviceSearchForm, "search")},
    context=_searches,
)


@staff_required
@require_GET
def searches(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    return SEARCHES.show(request, case_id)


@staff_required
@require_POST
def add_search(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = team_case(request, case_id)
    message = "Recorded: the search of the device."
    context = AuditContext.of(request)
    return SEARCHES.save(
        request, case, "form", record_device_search, message, case=case, context=context
    )
