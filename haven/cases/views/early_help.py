"""Early help: offering the school's local early help offer when no referral is needed."""

from uuid import UUID

from django.http import HttpResponse
from django.views.decorators.http import require_GET, require_POST

from haven.accounts.decorators import staff_required
from haven.cases.forms.early_help import EarlyHelpForm
from haven.cases.services import record_early_help
from haven.cases.views.common import Section
from haven.http import AuthenticatedHttpRequest

EARLY_HELP = Section(
    "cases/early_help.html",
    to="cases:early_help",
    forms={"early_help_form": (EarlyHelpForm, "early")},
)


@staff_required
@require_GET
def early_help(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    return EARLY_HELP.show(request, case_id)


@staff_required
@require_POST
def add_early_help(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    message = "Recorded: early help offered."
    return EARLY_HELP.add(request, case_id, "early_help_form", record_early_help, message)
