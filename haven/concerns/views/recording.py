"""Recording a concern, seeing your own, and adding to them (any member of staff)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from haven.accounts.decorators import staff_required
from haven.accounts.models import User
from haven.accounts.permissions import Action, can, get_for
from haven.audit.context import AuditContext
from haven.audit.services import record
from haven.concerns import selectors
from haven.concerns.attachments import DocumentUploadHandler
from haven.concerns.forms import (
    AdditionForm,
    ConcernForm,
    concern_pupil_picker,
    new_concern_form,
)
from haven.concerns.models import Concern
from haven.concerns.rules import reporter_status
from haven.concerns.services import ConcernError, add_to_concern, record_concern
from haven.concerns.views.team import team_page
from haven.http import AuthenticatedHttpRequest
from haven.language.views import advise_after_saving
from haven.lib.pagination import pagination
from haven.schools.models import School
from haven.schools.picker import PupilPicker

MINE_PAGE_SIZE = 50


def _recording_schools(user: User) -> list[School]:
    schools = selectors.schools_for_recording(user)
    if not schools:
        raise Http404
    return schools


def _form_page(
    request: HttpRequest, form: ConcernForm, picker: PupilPicker, *, files_dropped: bool = False
) -> HttpResponse:
    context = {"form": form, "picker": picker, "files_dropped": files_dropped}
    return render(request, "concerns/new.html", context)


@csrf_exempt  # the upload handler must be set before the CSRF check reads the body; checked below
@staff_required
@require_http_methods(["GET", "POST"])
def new_concern(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The one-page concern form. With JavaScript off it is one form post (Find is a button)."""
    request.upload_handlers = [DocumentUploadHandler(request)]
    return _new_concern(request)


@csrf_protect
def _new_concern(request: AuthenticatedHttpRequest) -> HttpResponse:
    schools = _recording_schools(request.user)
    picker = concern_pupil_picker(request)
    if request.method == "GET":
        return _form_page(request, new_concern_form(schools), picker)
    form = ConcernForm(request.POST, request.FILES, schools=schools, picker=picker)
    files_dropped = bool(request.FILES.getlist("attachments"))
    if picker.searching:
        return _form_page(request, form.without_errors(), picker, files_dropped=files_dropped)
    if not form.is_valid():
        _audit_refused_imagery(request, form)
        form.mark_errors()
        return _form_page(request, form, picker, files_dropped=files_dropped)
    try:
        recorded = record_concern(
            actor=request.user,
            school=form.cleaned_data["school"],
            submission_id=form.cleaned_data["submission_id"],
            details=form.details(),
            pupils=form.pupils(),
            attachments=form.cleaned_data["attachments"],
            context=AuditContext.of(request),
        )
    except ConcernError as error:
        form.add_error(None, str(error))
        return _form_page(request, form, picker, files_dropped=files_dropped)
    if recorded.created:
        advise_after_saving(request, form.cleaned_data["narrative"])
    return redirect("concerns:saved", pk=recorded.concern.pk)


def _audit_refused_imagery(request: AuthenticatedHttpRequest, form: ConcernForm) -> None:
    """Someone tried to attach an image: the team may need to know a device holds imagery."""
    if form.refused_imagery and form.chosen_school is not None:
        record(
            "concerns.imagery_refused",
            actor=request.user,
            school=form.chosen_school,
            context=AuditContext.of(request),
        )


def _own_concern(
    request: AuthenticatedHttpRequest, pk: object, action: Action = Action.VIEW_CONCERN
) -> Concern:
    return get_for(request.user, action, Concern.objects.select_related("school", "case"), pk=pk)


@staff_required
@require_GET
def saved(request: AuthenticatedHttpRequest, pk: object) -> HttpResponse:
    concern = _own_concern(request, pk)
    return render(request, "concerns/saved.html", {"concern": concern})


@staff_required
@require_GET
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The concerns I recorded, with their status in one word. Never the team's notes."""
    user = request.user
    page = Paginator(selectors.concerns_reported_by(user), MINE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [(c, _status_word(c)) for c in page]
    record("concerns.own_concerns_viewed", actor=user, context=AuditContext.of(request))
    pager = pagination(page, {}, previous="Newer", next="Older", label="Pages of your concerns")
    return render(request, "concerns/mine.html", {"page": page, "rows": rows, "pager": pager})


def _status_word(concern: Concern) -> str:
    closed = concern.case is not None and concern.case.status == "closed"
    return reporter_status(concern.status, case_closed=closed)


@staff_required
@require_GET
def detail(request: AuthenticatedHttpRequest, pk: object) -> HttpResponse:
    """The team sees everything; the member of staff who recorded it sees what they wrote."""
    concern = _own_concern(request, pk)
    user = request.user
    record(
        "concerns.concern_viewed",
        actor=user,
        school=concern.school,
        obj=concern,
        context=AuditContext.of(request),
    )
    if can(user, Action.TRIAGE_CONCERN, concern):
        return team_page(request, concern)
    return reporter_page(request, concern, AdditionForm())


def reporter_page(
    request: AuthenticatedHttpRequest, concern: Concern, form: AdditionForm
) -> HttpResponse:
    context = {
        "concern": concern,
        "status": _status_word(concern),
        # Only the pupils the reporter named: who else the team linked is not theirs to see.
        "links": list(
            concern.concern_pupils.filter(linked_by__isnull=True).select_related("pupil")
        ),
        "additions": selectors.own_additions(concern, request.user),
        "attachments": list(concern.attachments.defer("text")),
        "form": form,
    }
    return render(request, "concerns/reporter_detail.html", context)


@staff_required
@require_POST
def add_information(request: AuthenticatedHttpRequest, pk: object) -> HttpResponse:
    concern = _own_concern(request, pk, Action.ADD_TO_CONCERN)
    form = AdditionForm(request.POST)
    if form.is_valid():
        try:
            add_to_concern(
                actor=request.user,
                concern=concern,
                text=form.cleaned_data["text"],
                context=AuditContext.of(request),
            )
        except ConcernError as error:
            form.add_error("text", str(error))
        else:
            # The page names the form it confirms, so the browser lets go of the kept words.
            kept = f"haven-saved:addition:{reverse('concerns:add', args=[concern.pk])}"
            messages.success(request, "Your further information has been added.", extra_tags=kept)
            return redirect("concerns:detail", pk=concern.pk)
    form.mark_errors()
    if can(request.user, Action.TRIAGE_CONCERN, concern):
        return team_page(request, concern, addition=form)
    return reporter_page(request, concern, form)
