"""Devices confiscated and handed over."""

from uuid import UUID

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from haven.accounts.decorators import staff_required
from haven.cases.forms import (
    DeviceForm,
    HandoverForm,
)
from haven.cases.models import (
    ConfiscatedDevice,
)
from haven.cases.services import (
    record_confiscation,
    record_device_handover,
)
from haven.cases.views.common import Section, item_page, saved, team_case, version_of
from haven.http import AuthenticatedHttpRequest

DEVICES = Section(
    "cases/devices.html", to="cases:devices", forms={"device_form": (DeviceForm, "device")}
)


@staff_required
@require_GET
def devices(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    return DEVICES.show(request, case_id)


@staff_required
@require_POST
def add_device(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    message = "The device is logged."
    return DEVICES.add(request, case_id, "device_form", record_confiscation, message)


@staff_required
@require_http_methods(["GET", "POST"])
def device_handover(
    request: AuthenticatedHttpRequest, case_id: UUID, device_id: UUID
) -> HttpResponse:
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
