"""Referrals, take-down and deleting, devices, the support plan and follow-up reviews. Each section
lists what is recorded with a form to add more; each recorded item has its own page to update."""

from datetime import date, datetime
from typing import Any
from uuid import UUID

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from haven.accounts.decorators import staff_required
from haven.cases.forms import (
    AcknowledgementForm,
    ActionForm,
    CloseActionForm,
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
from haven.cases.selectors import load_records
from haven.cases.services import (
    add_action,
    ask_to_delete,
    close_action,
    confirm_deletion,
    record_acknowledgement,
    record_confiscation,
    record_device_handover,
    record_follow_up_held,
    record_referral,
    record_referral_outcome,
    record_referral_override,
    record_takedown_help,
    record_takedown_outcome,
    schedule_follow_up,
)
from haven.cases.views.common import done, submitted, team_case, version_of


def section(
    request: HttpRequest, case: Case, template: str, forms_: dict[str, Any], bound: dict[str, Any]
) -> HttpResponse:
    """A page listing what is recorded, with its forms (one bound, with errors, after a POST)."""
    context: dict[str, Any] = {"case": case, "records": load_records(case), **forms_, **bound}
    context["errored"] = next(iter(bound.values()), None)
    return render(request, template, context)


def item_page(request: HttpRequest, case: Case, form: forms.Form, **context: Any) -> HttpResponse:
    """A page with one form about one recorded item (or the case itself); `rows` describe it."""
    rows = [(key, _shown(value)) for key, value in context.pop("rows", [])]
    return render(
        request, "cases/item_form.html", {"case": case, "form": form, "rows": rows, **context}
    )


def _shown(value: object) -> str:
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "j M Y, H:i")
    if isinstance(value, date):
        return date_format(value, "j M Y")
    return str(value)


# --- Referrals -------------------------------------------------------------------------------


def _referrals(request: HttpRequest, case: Case, **bound: forms.Form) -> HttpResponse:
    forms_: dict[str, forms.Form] = {
        "referral_form": ReferralForm(prefix="referral", initial=version_of(case)),
        "override_form": OverrideForm(prefix="override", initial=version_of(case)),
    }
    return section(request, case, "cases/referrals.html", forms_, bound)


@staff_required
@require_GET
def referrals(request: HttpRequest, case_id: UUID) -> HttpResponse:
    return _referrals(request, team_case(request, case_id))


@staff_required
@require_POST
def add_referral(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = team_case(request, case_id)
    form = ReferralForm(request.POST, prefix="referral")
    if submitted(request, form, case, record_referral, case=case):
        return done(request, case, "The referral is recorded.")
    return _referrals(request, case, referral_form=form)


@staff_required
@require_POST
def referral_override(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = team_case(request, case_id)
    form = OverrideForm(request.POST, prefix="override")
    if submitted(request, form, case, record_referral_override, case=case):
        return done(request, case, "Recorded. The headteacher has been asked to agree.")
    return _referrals(request, case, override_form=form)


def _referral(case: Case, referral_id: UUID) -> Referral:
    return get_object_or_404(Referral.objects.select_related("made_by"), pk=referral_id, case=case)


def _referral_page(
    request: HttpRequest, case: Case, referral: Referral, **bound: forms.Form
) -> HttpResponse:
    forms_: dict[str, forms.Form] = {
        "ack_form": AcknowledgementForm(prefix="ack", initial=version_of(case)),
        "outcome_form": ReferralOutcomeForm(prefix="outcome", initial=version_of(case)),
    }
    return section(request, case, "cases/referral.html", {**forms_, "referral": referral}, bound)


@staff_required
@require_GET
def referral(request: HttpRequest, case_id: UUID, referral_id: UUID) -> HttpResponse:
    case = team_case(request, case_id)
    return _referral_page(request, case, _referral(case, referral_id))


@staff_required
@require_POST
def referral_acknowledged(request: HttpRequest, case_id: UUID, referral_id: UUID) -> HttpResponse:
    case = team_case(request, case_id)
    item = _referral(case, referral_id)
    form = AcknowledgementForm(request.POST, prefix="ack")
    if submitted(request, form, case, record_acknowledgement, referral=item):
        return done(request, case, "The acknowledgement is recorded.", to="cases:referrals")
    return _referral_page(request, case, item, ack_form=form)


@staff_required
@require_POST
def referral_outcome(request: HttpRequest, case_id: UUID, referral_id: UUID) -> HttpResponse:
    case = team_case(request, case_id)
    item = _referral(case, referral_id)
    form = ReferralOutcomeForm(request.POST, prefix="outcome")
    if submitted(request, form, case, record_referral_outcome, referral=item):
        return done(request, case, "The outcome is recorded.", to="cases:referrals")
    return _referral_page(request, case, item, outcome_form=form)


# --- Take-down and deleting ------------------------------------------------------------------


def _takedown(request: HttpRequest, case: Case, **bound: forms.Form) -> HttpResponse:
    forms_: dict[str, forms.Form] = {
        "takedown_form": TakedownForm(prefix="takedown", case=case, initial=version_of(case)),
        "deletion_form": DeletionForm(prefix="deletion", case=case, initial=version_of(case)),
    }
    return section(request, case, "cases/takedown.html", forms_, bound)


@staff_required
@require_GET
def takedown(request: HttpRequest, case_id: UUID) -> HttpResponse:
    return _takedown(request, team_case(request, case_id))


@staff_required
@require_POST
def add_takedown(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = team_case(request, case_id)
    form = TakedownForm(request.POST, prefix="takedown", case=case)
    if submitted(request, form, case, record_takedown_help, case=case):
        return done(request, case, "The take-down help is recorded.", to="cases:takedown")
    return _takedown(request, case, takedown_form=form)


@staff_required
@require_http_methods(["GET", "POST"])
def takedown_outcome(request: HttpRequest, case_id: UUID, help_id: UUID) -> HttpResponse:
    case = team_case(request, case_id)
    item = get_object_or_404(TakedownHelp.objects.select_related("pupil"), pk=help_id, case=case)
    form = TakedownOutcomeForm(request.POST or None, initial=version_of(case))
    if submitted(request, form, case, record_takedown_outcome, help=item):
        return done(request, case, "The outcome is recorded.", to="cases:takedown")
    rows = [
        ("Young person", item.pupil.display_name),
        ("Route", item.get_route_display()),
        ("Offered", item.offered_at),
    ]
    return item_page(
        request, case, form, title="What came of the take-down help?", rows=rows, button="Save"
    )


@staff_required
@require_POST
def add_deletion(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = team_case(request, case_id)
    form = DeletionForm(request.POST, prefix="deletion", case=case)
    if submitted(request, form, case, ask_to_delete, case=case):
        return done(request, case, "Recorded: asked to delete the imagery.", to="cases:takedown")
    return _takedown(request, case, deletion_form=form)


@staff_required
@require_http_methods(["GET", "POST"])
def deletion_confirmed(request: HttpRequest, case_id: UUID, request_id: UUID) -> HttpResponse:
    case = team_case(request, case_id)
    item = get_object_or_404(
        DeletionRequest.objects.select_related("pupil"), pk=request_id, case=case
    )
    if item.confirmed_at is not None:
        raise Http404
    form = ConfirmDeletionForm(request.POST or None, initial=version_of(case))
    if submitted(request, form, case, confirm_deletion, request=item):
        return done(request, case, "Deletion confirmed.", to="cases:takedown")
    rows = [("Young person", item.pupil.display_name), ("Deadline", item.deadline)]
    return item_page(
        request, case, form, title="Confirm the imagery is deleted", rows=rows, button="Confirm"
    )


# --- Devices ---------------------------------------------------------------------------------


def _devices(request: HttpRequest, case: Case, **bound: forms.Form) -> HttpResponse:
    forms_: dict[str, forms.Form] = {
        "device_form": DeviceForm(prefix="device", case=case, initial=version_of(case))
    }
    return section(request, case, "cases/devices.html", forms_, bound)


@staff_required
@require_GET
def devices(request: HttpRequest, case_id: UUID) -> HttpResponse:
    return _devices(request, team_case(request, case_id))


@staff_required
@require_POST
def add_device(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = team_case(request, case_id)
    form = DeviceForm(request.POST, prefix="device", case=case)
    if submitted(request, form, case, record_confiscation, case=case):
        return done(request, case, "The device is logged.", to="cases:devices")
    return _devices(request, case, device_form=form)


@staff_required
@require_http_methods(["GET", "POST"])
def device_handover(request: HttpRequest, case_id: UUID, device_id: UUID) -> HttpResponse:
    case = team_case(request, case_id)
    item = get_object_or_404(ConfiscatedDevice, pk=device_id, case=case)
    if not item.is_held:
        raise Http404
    form = HandoverForm(request.POST or None, initial=version_of(case))
    if submitted(request, form, case, record_device_handover, device=item):
        return done(request, case, "The handover is recorded.", to="cases:devices")
    rows = [("Device", item.description), ("Kept", item.stored_where)]
    return item_page(
        request, case, form, title="Hand over or return the device", rows=rows, button="Save"
    )


# --- Support plan and follow-up reviews ------------------------------------------------------


def _support(request: HttpRequest, case: Case, **bound: forms.Form) -> HttpResponse:
    forms_: dict[str, forms.Form] = {
        "action_form": ActionForm(prefix="action", case=case, initial=version_of(case)),
        "follow_up_form": FollowUpForm(prefix="follow-up", initial=version_of(case)),
    }
    return section(request, case, "cases/support.html", forms_, bound)


@staff_required
@require_GET
def support(request: HttpRequest, case_id: UUID) -> HttpResponse:
    return _support(request, team_case(request, case_id))


@staff_required
@require_POST
def add_support_action(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = team_case(request, case_id)
    form = ActionForm(request.POST, prefix="action", case=case)
    if submitted(request, form, case, add_action, case=case):
        return done(request, case, "The action is added to the support plan.", to="cases:support")
    return _support(request, case, action_form=form)


@staff_required
@require_http_methods(["GET", "POST"])
def support_action(request: HttpRequest, case_id: UUID, action_id: UUID) -> HttpResponse:
    case = team_case(request, case_id)
    item = get_object_or_404(SupportAction.objects.select_related("owner"), pk=action_id, case=case)
    if not item.is_open:
        raise Http404
    form = CloseActionForm(request.POST or None, initial=version_of(case))
    if submitted(request, form, case, close_action, action=item):
        return done(request, case, "The action is updated.", to="cases:support")
    rows = [("Action", item.description), ("Owner", item.owner), ("Due", item.due_on)]
    return item_page(request, case, form, title="Is the action done?", rows=rows, button="Save")


@staff_required
@require_POST
def book_follow_up(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = team_case(request, case_id)
    form = FollowUpForm(request.POST, prefix="follow-up")
    if submitted(request, form, case, schedule_follow_up, case=case):
        return done(request, case, "The follow-up review is booked.", to="cases:support")
    return _support(request, case, follow_up_form=form)


@staff_required
@require_http_methods(["GET", "POST"])
def follow_up_held(request: HttpRequest, case_id: UUID, review_id: UUID) -> HttpResponse:
    case = team_case(request, case_id)
    item = get_object_or_404(FollowUpReview, pk=review_id, case=case)
    if item.held_at is not None:
        raise Http404
    form = FollowUpHeldForm(request.POST or None, initial=version_of(case))
    if submitted(request, form, case, record_follow_up_held, review=item):
        return done(request, case, "The follow-up review is recorded.", to="cases:support")
    rows = [("Booked for", item.due_on)]
    return item_page(
        request, case, form, title="Record the follow-up review", rows=rows, button="Save"
    )
