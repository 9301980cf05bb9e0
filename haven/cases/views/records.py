"""Referrals, take-down and deleting, devices, the support plan and follow-up reviews. Each section
lists what is recorded with a form to add more; each recorded item has its own page to update."""

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from haven.accounts.decorators import staff_required
from haven.cases.forms import (
    AcknowledgementForm,
    ActionForm,
    ChaseForm,
    CloseActionForm,
    CloseDeletionForm,
    ConfirmDeletionForm,
    DeletionForm,
    DeviceForm,
    FollowUpForm,
    FollowUpHeldForm,
    HandoverForm,
    OverrideForm,
    ReferralForm,
    ReferralOutcomeForm,
    TakedownForm,
    TakedownOutcomeForm,
)
from haven.cases.models import (
    Case,
    ConfiscatedDevice,
    DeletionRequest,
    FollowUpReview,
    Referral,
    SupportAction,
    TakedownHelp,
)
from haven.cases.selectors import override_refusals
from haven.cases.services import (
    add_action,
    ask_to_delete,
    close_action,
    close_deletion_unconfirmed,
    confirm_deletion,
    record_acknowledgement,
    record_confiscation,
    record_device_handover,
    record_follow_up_held,
    record_referral,
    record_referral_chase,
    record_referral_outcome,
    record_referral_override,
    record_takedown_help,
    record_takedown_outcome,
    schedule_follow_up,
)
from haven.cases.views.common import Section, item_page, saved, team_case, user_of, version_of

# --- Referrals -------------------------------------------------------------------------------


def _override_refusals(request: HttpRequest, case: Case) -> dict[str, Any]:
    return {"override_refusals": override_refusals(case, user_of(request))}


REFERRALS = Section(
    "cases/referrals.html",
    to="cases:detail",
    forms={
        "referral_form": (ReferralForm, "referral"),
        "override_form": (OverrideForm, "override"),
    },
    context=_override_refusals,
)


@staff_required
@require_GET
def referrals(request: HttpRequest, case_id: UUID) -> HttpResponse:
    return REFERRALS.show(request, case_id)


@staff_required
@require_POST
def add_referral(request: HttpRequest, case_id: UUID) -> HttpResponse:
    message = "The referral is recorded."
    return REFERRALS.add(request, case_id, "referral_form", record_referral, message)


@staff_required
@require_POST
def referral_override(request: HttpRequest, case_id: UUID) -> HttpResponse:
    message = "Recorded. The headteacher has been asked to agree."
    return REFERRALS.add(request, case_id, "override_form", record_referral_override, message)


# One referral: its acknowledgement and outcome (back to the list of referrals once saved).
REFERRAL = Section(
    "cases/referral.html",
    to="cases:referrals",
    forms={
        "ack_form": (AcknowledgementForm, "ack"),
        "chase_form": (ChaseForm, "chase"),
        "outcome_form": (ReferralOutcomeForm, "outcome"),
    },
)


def _referral(case: Case, referral_id: UUID) -> Referral:
    return get_object_or_404(Referral.objects.select_related("made_by"), pk=referral_id, case=case)


@staff_required
@require_GET
def referral(request: HttpRequest, case_id: UUID, referral_id: UUID) -> HttpResponse:
    case = team_case(request, case_id)
    return REFERRAL.page(request, case, {"referral": _referral(case, referral_id)})


def _on_referral(
    request: HttpRequest,
    case_id: UUID,
    referral_id: UUID,
    name: str,
    change: Callable[..., Any],
    message: str,
) -> HttpResponse:
    case = team_case(request, case_id)
    item = _referral(case, referral_id)
    return REFERRAL.save(
        request, case, name, change, message, also={"referral": item}, referral=item
    )


@staff_required
@require_POST
def referral_acknowledged(request: HttpRequest, case_id: UUID, referral_id: UUID) -> HttpResponse:
    message = "The acknowledgement is recorded."
    return _on_referral(request, case_id, referral_id, "ack_form", record_acknowledgement, message)


@staff_required
@require_POST
def referral_chased(request: HttpRequest, case_id: UUID, referral_id: UUID) -> HttpResponse:
    message = "The chase is recorded."
    return _on_referral(request, case_id, referral_id, "chase_form", record_referral_chase, message)


@staff_required
@require_POST
def referral_outcome(request: HttpRequest, case_id: UUID, referral_id: UUID) -> HttpResponse:
    message = "The outcome is recorded."
    return _on_referral(
        request, case_id, referral_id, "outcome_form", record_referral_outcome, message
    )


# --- Take-down and deleting ------------------------------------------------------------------

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
def takedown(request: HttpRequest, case_id: UUID) -> HttpResponse:
    return TAKEDOWN.show(request, case_id)


@staff_required
@require_POST
def add_takedown(request: HttpRequest, case_id: UUID) -> HttpResponse:
    message = "The take-down help is recorded."
    return TAKEDOWN.add(request, case_id, "takedown_form", record_takedown_help, message)


@staff_required
@require_http_methods(["GET", "POST"])
def takedown_outcome(request: HttpRequest, case_id: UUID, help_id: UUID) -> HttpResponse:
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
def add_deletion(request: HttpRequest, case_id: UUID) -> HttpResponse:
    message = "Recorded: asked to delete the imagery."
    return TAKEDOWN.add(request, case_id, "deletion_form", ask_to_delete, message)


@staff_required
@require_http_methods(["GET", "POST"])
def deletion_confirmed(request: HttpRequest, case_id: UUID, request_id: UUID) -> HttpResponse:
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
def deletion_closed(request: HttpRequest, case_id: UUID, request_id: UUID) -> HttpResponse:
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


# --- Devices ---------------------------------------------------------------------------------

DEVICES = Section(
    "cases/devices.html", to="cases:devices", forms={"device_form": (DeviceForm, "device")}
)


@staff_required
@require_GET
def devices(request: HttpRequest, case_id: UUID) -> HttpResponse:
    return DEVICES.show(request, case_id)


@staff_required
@require_POST
def add_device(request: HttpRequest, case_id: UUID) -> HttpResponse:
    message = "The device is logged."
    return DEVICES.add(request, case_id, "device_form", record_confiscation, message)


@staff_required
@require_http_methods(["GET", "POST"])
def device_handover(request: HttpRequest, case_id: UUID, device_id: UUID) -> HttpResponse:
    case = team_case(request, case_id)
    item = get_object_or_404(ConfiscatedDevice, pk=device_id, case=case)
    if not item.is_held:
        raise Http404
    form = HandoverForm(request.POST or None, initial=version_of(case))
    rows = [("Device", item.description), ("Kept", item.stored_where)]
    return saved(
        request,
        form,
        case,
        record_device_handover,
        "The handover is recorded.",
        to="cases:devices",
        device=item,
    ) or item_page(
        request, case, form, title="Hand over or return the device", rows=rows, button="Save"
    )


# --- Support plan and follow-up reviews ------------------------------------------------------

SUPPORT = Section(
    "cases/support.html",
    to="cases:support",
    forms={"action_form": (ActionForm, "action"), "follow_up_form": (FollowUpForm, "follow-up")},
)


@staff_required
@require_GET
def support(request: HttpRequest, case_id: UUID) -> HttpResponse:
    return SUPPORT.show(request, case_id)


@staff_required
@require_POST
def add_support_action(request: HttpRequest, case_id: UUID) -> HttpResponse:
    message = "The action is added to the support plan."
    return SUPPORT.add(request, case_id, "action_form", add_action, message)


@staff_required
@require_http_methods(["GET", "POST"])
def support_action(request: HttpRequest, case_id: UUID, action_id: UUID) -> HttpResponse:
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
def book_follow_up(request: HttpRequest, case_id: UUID) -> HttpResponse:
    message = "The follow-up review is booked."
    return SUPPORT.add(request, case_id, "follow_up_form", schedule_follow_up, message)


@staff_required
@require_http_methods(["GET", "POST"])
def follow_up_held(request: HttpRequest, case_id: UUID, review_id: UUID) -> HttpResponse:
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
