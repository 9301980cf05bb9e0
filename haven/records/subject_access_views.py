"""Pages for a subject access request: record it, choose the redactions with a preview of the
redacted file, release it, and download the PDF exactly as released. The DSL and the head only."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from haven.accounts.decorators import staff_required
from haven.accounts.permissions import Action, get_for
from haven.audit.context import AuditContext
from haven.audit.services import record
from haven.http import AuthenticatedHttpRequest
from haven.lib.errors import Refused
from haven.records import rules, selectors, subject_access
from haven.records.models import SubjectAccessRequest
from haven.records.subject_access_forms import RedactForm, StartRequestForm
from haven.schools.models import Pupil


def _sar(request: HttpRequest, sar_id: object) -> SubjectAccessRequest:
    return get_for(
        request.user,
        Action.SUBJECT_ACCESS,
        SubjectAccessRequest.objects.select_related("pupil", "school", "released_by"),
        pk=sar_id,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def start(request: AuthenticatedHttpRequest, pupil_id: object) -> HttpResponse:
    child = get_for(
        request.user, Action.SUBJECT_ACCESS, Pupil.objects.select_related("school"), pk=pupil_id
    )
    form = StartRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            sar = subject_access.start_request(
                actor=request.user,
                pupil=child,
                context=AuditContext.of(request),
                **form.cleaned_data,
            )
        except Refused as error:
            form.add_error(None, str(error))
        else:
            return redirect("records:sar", sar_id=sar.pk)
    context = {"pupil": child, "school": child.school, "form": form}
    return render(request, "records/sar_start.html", context)


def _page(request: HttpRequest, sar: SubjectAccessRequest, **extra: Any) -> HttpResponse:
    suggestions = selectors.redaction_suggestions(sar.pupil)
    chosen = subject_access.redactions_of(sar)
    form = extra.pop("form", None) or RedactForm(
        suggestions=suggestions,
        initial={
            "suggested": [name for name in chosen if name in suggestions],
            "others": "\n".join(name for name in chosen if name not in suggestions),
        },
    )
    context = {
        "sar": sar,
        "pupil": sar.pupil,
        "school": sar.school,
        "respond_by": rules.respond_by(sar.received_on),
        "redactions": chosen,
        "form": form,
        "preview": None if sar.released else subject_access.preview(sar),
        **extra,
    }
    return render(request, "records/sar.html", context)


@staff_required
@require_GET
def detail(request: AuthenticatedHttpRequest, sar_id: object) -> HttpResponse:
    sar = _sar(request, sar_id)
    record(
        "records.subject_access_viewed",
        actor=request.user,
        school=sar.school_id,
        pupil=sar.pupil_id,
        obj=sar,
        context=AuditContext.of(request),
    )
    return _page(request, sar)


@staff_required
@require_POST
def redact(request: AuthenticatedHttpRequest, sar_id: object) -> HttpResponse:
    sar = _sar(request, sar_id)
    form = RedactForm(request.POST, suggestions=selectors.redaction_suggestions(sar.pupil))
    if form.is_valid():
        try:
            subject_access.set_redactions(
                actor=request.user,
                sar=sar,
                phrases=form.phrases(),
                context=AuditContext.of(request),
            )
        except Refused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Redactions saved: check the preview before releasing.")
            return redirect("records:sar", sar_id=sar.pk)
    return _page(request, sar, form=form)


@staff_required
@require_POST
def release(request: AuthenticatedHttpRequest, sar_id: object) -> HttpResponse:
    sar = _sar(request, sar_id)
    try:
        subject_access.release(actor=request.user, sar=sar, context=AuditContext.of(request))
    except Refused as error:
        return _page(request, sar, step_error=str(error))
    messages.success(request, "Released: Haven keeps the redacted file exactly as released.")
    return redirect("records:sar", sar_id=sar.pk)


@staff_required
@require_GET
def pdf(request: AuthenticatedHttpRequest, sar_id: object) -> HttpResponse:
    sar = _sar(request, sar_id)
    try:
        content = subject_access.released_pdf(sar)
    except Refused as error:
        return _page(request, sar, step_error=str(error))
    record(
        "records.subject_access_downloaded",
        actor=request.user,
        school=sar.school_id,
        pupil=sar.pupil_id,
        obj=sar,
        context=AuditContext.of(request),
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="subject-access.pdf"'
    response["Cache-Control"] = "no-store"
    return response
