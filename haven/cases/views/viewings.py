"""An unavoidable viewing by someone outside the safeguarding team: recorded as it happened."""

from typing import Any
from uuid import UUID

from django.http import HttpResponse
from django.views.decorators.http import require_GET, require_POST

from haven.accounts.decorators import staff_required
from haven.audit.context import AuditContext
from haven.cases.area_selectors import unavoidable_viewings
from haven.cases.forms.viewings import UnavoidableViewingForm
from haven.cases.models import Case
from haven.cases.services.viewings import record_unavoidable_viewing
from haven.cases.views.common import Section, team_case
from haven.http import AuthenticatedHttpRequest


def _seen(request: AuthenticatedHttpRequest, case: Case) -> dict[str, Any]:
    return {"seen": unavoidable_viewings(case)}


SEEN = Section(
    "cases/seen.html",
    to="cases:seen",
    forms={"form": (UnavoidableViewingForm, "seen")},
    context=_seen,
)


@staff_required
@require_GET
def seen(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    return SEEN.show(request, case_id)


@staff_required
@require_POST
def add_seen(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = team_case(request, case_id)
    message = "Recorded: the imagery was seen unavoidably."
    context = AuditContext.of(request)
    return SEEN.save(
        request, case, "form", record_unavoidable_viewing, message, case=case, context=context
    )
