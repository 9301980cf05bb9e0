"""The LADO (an adult who works with children is involved): by when to tell them, the referral
(recorded and tracked on the referrals pages), and who else may see the restricted case."""

from typing import Any
from uuid import UUID

from django.http import HttpResponse
from django.views.decorators.http import require_GET, require_POST

from haven.accounts.decorators import staff_required
from haven.accounts.permissions import Action, can
from haven.audit.context import AuditContext
from haven.cases.forms import NameForCaseForm, ReferralForm, RemoveNamedForm
from haven.cases.models import Agency, Case
from haven.cases.services import name_for_case, remove_named_access
from haven.cases.views.common import Section, team_case
from haven.http import AuthenticatedHttpRequest


def _context(request: AuthenticatedHttpRequest, case: Case) -> dict[str, Any]:
    referral_form = ReferralForm(
        prefix="referral", initial={"version": case.version, "agency": Agency.LADO}
    )
    return {
        "may_name": can(request.user, Action.NAME_FOR_RESTRICTED_CASE, case),
        "referral_form": referral_form,
    }


LADO = Section(
    "cases/lado.html",
    to="cases:lado",
    forms={"name_form": (NameForCaseForm, "name"), "remove_form": (RemoveNamedForm, "remove")},
    context=_context,
)


@staff_required
@require_GET
def lado(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    return LADO.show(request, case_id)


@staff_required
@require_POST
def name_for(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = team_case(request, case_id, Action.NAME_FOR_RESTRICTED_CASE)
    message = "Recorded: they can now see this case."
    return LADO.save(
        request,
        case,
        "name_form",
        name_for_case,
        message,
        case=case,
        context=AuditContext.of(request),
    )


@staff_required
@require_POST
def remove_named(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = team_case(request, case_id, Action.NAME_FOR_RESTRICTED_CASE)
    message = "Recorded: they no longer see this case."
    return LADO.save(
        request, case, "remove_form", remove_named_access, message, context=AuditContext.of(request)
    )
