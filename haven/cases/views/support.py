"""The support plan and its follow-up reviews: one page, each action and review with its own
form."""

from uuid import UUID

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from haven.accounts.decorators import staff_required
from haven.cases.forms import (
    ActionForm,
    CloseActionForm,
    FollowUpForm,
    FollowUpHeldForm,
)
from haven.cases.models import (
    FollowUpReview,
    SupportAction,
)
from haven.cases.services import (
    add_action,
    close_action,
    record_follow_up_held,
    schedule_follow_up,
)
from haven.cases.views.common import Section, item_page, saved, team_case, version_of
from haven.http import AuthenticatedHttpRequest

SUPPORT = Section(
    "cases/support.html",
    to="cases:support",
    forms={"action_form": (ActionForm, "action"), "follow_up_form": (FollowUpForm, "follow-up")},
)


@staff_required
@require_GET
def support(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    return SUPPORT.show(request, case_id)


@staff_required
@require_POST
def add_support_action(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    message = "The action is added to the support plan."
    return SUPPORT.add(request, case_id, "action_form", add_action, message)


@staff_required
@require_http_methods(["GET", "POST"])
def support_action(
    request: AuthenticatedHttpRequest, case_id: UUID, action_id: UUID
) -> HttpResponse:
    case = team_case(request, case_id)
    item = get_object_or_404(SupportAction.objects.select_related("owner"), pk=action_id, case=case)
    if not item.is_open:
        raise Http404
    form = CloseActionForm(request.POST or None, initial=version_of(case))
    rows = [("Action", item.description), ("Owner", item.owner), ("Due", item.due_on)]
    return saved(
        request, form, case, close_action, "The action is updated.", to="cases:support", action=item
    ) or item_page(request, case, form, title="Is the action done?", rows=rows, button="Save")


@staff_required
@require_POST
def book_follow_up(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    message = "The follow-up review is booked."
    return SUPPORT.add(request, case_id, "follow_up_form", schedule_follow_up, message)


@staff_required
@require_http_methods(["GET", "POST"])
def follow_up_held(
    request: AuthenticatedHttpRequest, case_id: UUID, review_id: UUID
) -> HttpResponse:
    case = team_case(request, case_id)
    item = get_object_or_404(FollowUpReview, pk=review_id, case=case)
    if item.held_at is not None:
        raise Http404
    form = FollowUpHeldForm(request.POST or None, initial=version_of(case))
    message = "The follow-up review is recorded."
    return saved(
        request, form, case, record_follow_up_held, message, to="cases:support", review=item
    ) or item_page(
        request,
        case,
        form,
        title="Record the follow-up review",
        rows=[("Booked for", item.due_on)],
        button="Save",
    )
