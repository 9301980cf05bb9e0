"""Pages for sending the child protection file to the next school: the school's transfers, one
transfer (deadline, what was sent, receipt, chasing, the call to the new DSL), and the receiving
school's one-use links (confirm receipt; download the PDF with a code sent separately)."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from haven.accounts.decorators import public, staff_required
from haven.accounts.permissions import Action, can, get_for
from haven.audit.context import AuditContext
from haven.audit.services import record
from haven.http import AuthenticatedHttpRequest
from haven.language.views import advise_on
from haven.lib.errors import Refused
from haven.records import rules, selectors, transfers
from haven.records.models import Transfer, TransferStatus
from haven.records.transfer_forms import (
    CallForm,
    CodeForm,
    ConfirmForm,
    ReceiptForm,
    StartTransferForm,
)
from haven.schools.models import Pupil, School


def _transfer(
    request: HttpRequest, transfer_id: object, action: Action = Action.MANAGE_RECORDS
) -> Transfer:
    """The transfer, for the team (tracking it); `Action.START_TRANSFER` for whatever puts the
    whole file in someone's hands (sending it, a download link), which is the DSL's or head's:
    the file holds cases a deputy may not see (restricted for the LADO)."""
    return get_for(
        request.user,
        action,
        Transfer.objects.select_related("pupil", "school", "started_by", "sent_by", "called_by"),
        pk=transfer_id,
    )


@staff_required
@require_GET
def transfers_list(request: AuthenticatedHttpRequest, school: str) -> HttpResponse:
    place = get_for(request.user, Action.MANAGE_RECORDS, School.objects.all(), slug=school)
    today = timezone.localdate()
    rows = [
        (
            t,
            rules.transfer_overdue(
                confirmed=t.status == TransferStatus.CONFIRMED, due_on=t.due_on, today=today
            ),
        )
        for t in selectors.transfers_of(place)
    ]
    record(
        "records.transfers_viewed",
        actor=request.user,
        school=place,
        context=AuditContext.of(request),
    )
    return render(request, "records/transfers.html", {"school": place, "rows": rows})


def _start_page(request: HttpRequest, pupil: Pupil, form: StartTransferForm) -> HttpResponse:
    context = {
        "pupil": pupil,
        "school": pupil.school,
        "form": form,
        "open_case": selectors.has_open_case(pupil),
    }
    return render(request, "records/transfer_start.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def start(request: AuthenticatedHttpRequest, pupil_id: object) -> HttpResponse:
    child = get_for(
        request.user, Action.START_TRANSFER, Pupil.objects.select_related("school"), pk=pupil_id
    )
    if request.method == "GET":
        return _start_page(request, child, StartTransferForm())
    form = StartTransferForm(request.POST)
    if form.is_valid():
        try:
            made = transfers.start_transfer(
                actor=request.user,
                pupil=child,
                context=AuditContext.of(request),
                **form.cleaned_data,
            )
        except Refused as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"Transfer started: send the file by {made.due_on:%-d %B %Y}."
            )
            return redirect("records:transfer", transfer_id=made.pk)
    return _start_page(request, child, form)


def _page(request: HttpRequest, t: Transfer, **extra: Any) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "t": t,
        "pupil": t.pupil,
        "school": t.school,
        "overdue": rules.transfer_overdue(
            confirmed=t.status == TransferStatus.CONFIRMED, due_on=t.due_on, today=today
        ),
        "open_case": selectors.has_open_case(t.pupil),
        "confirm_form": extra.pop("confirm_form", None) or ConfirmForm(),
        "call_form": extra.pop("call_form", None) or CallForm(),
        "may_start": can(request.user, Action.START_TRANSFER, t.pupil),
        **extra,
    }
    return render(request, "records/transfer.html", context)


@staff_required
@require_GET
def detail(request: AuthenticatedHttpRequest, transfer_id: object) -> HttpResponse:
    t = _transfer(request, transfer_id)
    record(
        "records.transfer_viewed",
        actor=request.user,
        school=t.school_id,
        pupil=t.pupil_id,
        obj=t,
        context=AuditContext.of(request),
    )
    return _page(request, t)


def _step(
    request: AuthenticatedHttpRequest,
    transfer_id: object,
    done: str,
    step: Any,
    action: Action = Action.MANAGE_RECORDS,
) -> HttpResponse:
    t = _transfer(request, transfer_id, action)
    try:
        step(actor=request.user, transfer_=t, context=AuditContext.of(request))
    except Refused as error:
        return _page(request, t, step_error=str(error))
    messages.success(request, done)
    return redirect("records:transfer", transfer_id=t.pk)


@staff_required
@require_POST
def sent(request: AuthenticatedHttpRequest, transfer_id: object) -> HttpResponse:
    return _step(
        request,
        transfer_id,
        "Recorded as sent: Haven keeps the file as it was sent.",
        transfers.record_sent,
        Action.START_TRANSFER,
    )


@staff_required
@require_POST
def chase(request: AuthenticatedHttpRequest, transfer_id: object) -> HttpResponse:
    return _step(request, transfer_id, "Chase recorded.", transfers.record_chase)


@staff_required
@require_POST
def confirm(request: AuthenticatedHttpRequest, transfer_id: object) -> HttpResponse:
    t = _transfer(request, transfer_id)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            transfers.confirm_receipt(
                actor=request.user,
                transfer_=t,
                context=AuditContext.of(request),
                **form.cleaned_data,
            )
        except Refused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Receipt confirmed.")
            return redirect("records:transfer", transfer_id=t.pk)
    return _page(request, t, confirm_form=form)


@staff_required
@require_POST
def call(request: AuthenticatedHttpRequest, transfer_id: object) -> HttpResponse:
    t = _transfer(request, transfer_id)
    form = CallForm(request.POST)
    if form.is_valid():
        try:
            transfers.record_call(
                actor=request.user,
                transfer_=t,
                context=AuditContext.of(request),
                **form.cleaned_data,
            )
        except Refused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The call to the new DSL is recorded.")
            advise_on(request, form)
            return redirect("records:transfer", transfer_id=t.pk)
    return _page(request, t, call_form=form)


@staff_required
@require_POST
def receipt_link(request: AuthenticatedHttpRequest, transfer_id: object) -> HttpResponse:
    t = _transfer(request, transfer_id)
    try:
        token = transfers.make_receipt_link(
            actor=request.user, transfer_=t, context=AuditContext.of(request)
        )
    except Refused as error:
        return _page(request, t, step_error=str(error))
    url = request.build_absolute_uri(reverse("records:receipt", kwargs={"token": token}))
    return _page(request, t, receipt_url=url)


@staff_required
@require_POST
def download_link(request: AuthenticatedHttpRequest, transfer_id: object) -> HttpResponse:
    t = _transfer(request, transfer_id, Action.START_TRANSFER)
    try:
        token, code = transfers.make_download_link(
            actor=request.user, transfer_=t, context=AuditContext.of(request)
        )
    except Refused as error:
        return _page(request, t, step_error=str(error))
    t.refresh_from_db()
    url = request.build_absolute_uri(reverse("records:download", kwargs={"token": token}))
    return _page(request, t, download_url=url, download_code=code)


# The receiving school's links (no account: the link, and for a download the code, are the key)


@public
@require_http_methods(["GET", "POST"])
def receipt(request: HttpRequest, token: str) -> HttpResponse:
    form = ReceiptForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            t = transfers.confirm_by_link(
                token=token, context=AuditContext.of(request), **form.cleaned_data
            )
        except Refused as error:
            form.add_error(None, str(error))
        else:
            return render(request, "records/receipt_done.html", {"from_school": t.school.name})
    return render(request, "records/receipt.html", {"form": form})


@public
@require_http_methods(["GET", "POST"])
def download(request: HttpRequest, token: str) -> HttpResponse:
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            pdf, _ = transfers.download(
                token=token, code=form.cleaned_data["code"], context=AuditContext.of(request)
            )
        except Refused as error:
            form.add_error(None, str(error))
        else:
            response = HttpResponse(pdf, content_type="application/pdf")
            response["Content-Disposition"] = 'attachment; filename="child-protection-file.pdf"'
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "records/download.html", {"form": form})
