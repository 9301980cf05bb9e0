"""Getting the imagery taken down and asking people to delete it: one page, each request with its
own outcome."""

from uuid import UUID

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from haven.accounts.decorators import staff_required
from haven.cases.forms import (
    CloseDeletionForm,
    ConfirmDeletionForm,
    DeletionForm,
    TakedownForm,
    TakedownOutcomeForm,
)
from haven.cases.models import (
    DeletionRequest,
    TakedownHelp,
)
from haven.cases.services import (
    ask_to_delete,
    close_deletion_unconfirmed,
    confirm_deletion,
    record_takedown_help,
    record_takedown_outcome,
)
from haven.cases.views.common import Section, item_page, saved, team_case, version_of
from haven.http import AuthenticatedHttpRequest

TAKEDOWN = Section(
    "cases/takedown.html",
    to="cases:takedown",
    forms={
        "takedown_form": (TakedownForm, "takedown"),
        "deletion_form": (DeletionForm, "deletion"),
    },
)


@staff_required
@require_GET
def takedown(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    return TAKEDOWN.show(request, case_id)


@staff_required
@require_POST
def add_takedown(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    message = "The take-down help is recorded."
    return TAKEDOWN.add(request, case_id, "takedown_form", record_takedown_help, message)


@staff_required
@require_http_methods(["GET", "POST"])
def takedown_outcome(
    request: AuthenticatedHttpRequest, case_id: UUID, help_id: UUID
) -> HttpResponse:
    case = team_case(request, case_id)
    item = get_object_or_404(TakedownHelp.objects.select_related("pupil"), pk=help_id, case=case)
    form = TakedownOutcomeForm(request.POST or None, initial=version_of(case))
    rows = [
        ("Young person", item.pupil.display_name),
        ("Route", item.get_route_display()),
        ("Offered", item.offered_at),
    ]
    return saved(
        request,
        form,
        case,
        record_takedown_outcome,
        "The outcome is recorded.",
        to="cases:takedown",
        help=item,
    ) or item_page(
        request, case, form, title="What came of the take-down help?", rows=rows, button="Save"
    )


@staff_required
@require_POST
def add_deletion(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    message = "Recorded: asked to delete the imagery."
    return TAKEDOWN.add(request, case_id, "deletion_form", ask_to_delete, message)


@staff_required
@require_http_methods(["GET", "POST"])
def deletion_confirmed(
    request: AuthenticatedHttpRequest, case_id: UUID, request_id: UUID
) -> HttpResponse:
    case = team_case(request, case_id)
    item = get_object_or_404(
        DeletionRequest.objects.select_related("pupil"), pk=request_id, case=case
    )
    if item.is_settled:
        raise Http404
    form = ConfirmDeletionForm(request.POST or None, initial=version_of(case))
    rows = [("Young person", item.pupil.display_name), ("Deadline", item.deadline)]
    return saved(
        request,
        form,
        case,
        confirm_deletion,
        "Deletion confirmed.",
        to="cases:takedown",
        request=item,
    ) or item_page(
        request, case, form, title="Confirm the imagery is deleted", rows=rows, button="Confirm"
    )


@staff_required
@require_http_methods(["GET", "POST"])
def deletion_closed(
    request: AuthenticatedHttpRequest, case_id: UUID, request_id: UUID
) -> HttpResponse:
    """Close a request to delete the imagery that was never confirmed, with the reason."""
    case = team_case(request, case_id)
    item = get_object_or_404(
        DeletionRequest.objects.select_related("pupil"), pk=request_id, case=case
    )
    if item.is_settled:
        raise Http404
    form = CloseDeletionForm(request.POST or None, initial=version_of(case))
    rows = [("Young person", item.pupil.display_name), ("Deadline", item.deadline)]
    return saved(
        request,
        form,
        case,
        close_deletion_unconfirmed,
        "The request is closed without confirmation.",
        to="cases:takedown",
        request=item,
    ) or item_page(
        request,
        case,
        form,
        title="Close the request without confirmation",
        rows=rows,
        button="Close the request",
    )
