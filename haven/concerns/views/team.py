"""The safeguarding team's pages: one concern in full, acknowledging and triaging it."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from haven.accounts.decorators import staff_required
from haven.accounts.permissions import Action, get_for
from haven.audit.context import AuditContext
from haven.audit.services import record
from haven.concerns import selectors
from haven.concerns.attachments import words_download
from haven.concerns.forms import (
    AddToCaseForm,
    HavenForm,
    LinkPupilForm,
    NoFurtherActionForm,
    OpenCaseForm,
    ReplyForm,
)
from haven.concerns.models import Concern, ConcernAttachment
from haven.concerns.rules import reporter_status
from haven.concerns.services import (
    ConcernError,
    acknowledge_concern,
    add_concern_to_case,
    link_pupil,
    open_case_from_concern,
    record_no_further_action,
    reply_to_public_report,
)
from haven.http import AuthenticatedHttpRequest
from haven.language.views import advise_on
from haven.schools.parts import PupilRole


def _team_concern(request: AuthenticatedHttpRequest, pk: object) -> Concern:
    queryset = Concern.objects.select_related("school", "case", "reported_by", "acknowledged_by")
    return get_for(request.user, Action.TRIAGE_CONCERN, queryset, pk=pk)


def team_page(
    request: AuthenticatedHttpRequest, concern: Concern, **forms: HavenForm
) -> HttpResponse:
    """The concern in full, with a form for each next step (bound ones keep what was typed).

    Every showing of the concern is audited as `concerns.concern_viewed`: on a GET by
    `recording.detail` (which opens everyone's concerns, the reporter's too), and here when a
    refused step draws the page again (a POST), which shows it all just the same.
    """
    if request.method == "POST":
        _audit_redrawn(request, concern)
    view = selectors.team_view(concern, request.user)
    query = request.GET.get("find", "").strip()
    linked = [link.pupil_id for link in view.links]
    context: dict[str, Any] = {
        "concern": concern,
        "view": view,
        "public": getattr(concern, "public_report", None) if concern.is_public else None,
        "replies": list(concern.public_replies.all()) if concern.is_public else [],
        "case_path": selectors.case_path(concern.case_id) if concern.case_id else None,
        "reporter_sees": reporter_status(
            concern.status, case_closed=bool(concern.case and concern.case.status == "closed")
        ),
        "find": query,
        "found": selectors.find_pupils(request.user, concern.school, query, exclude=linked),
        "roles": PupilRole.choices,
        "open_case_form": OpenCaseForm(initial={"title": f"Concern {concern.reference}"}),
        "add_to_case_form": AddToCaseForm(school_id=concern.school_id),
        "nfa_form": NoFurtherActionForm(),
        "reply_form": ReplyForm(),
        "problem_form": next((form for form in forms.values() if form.errors), None),
        "addition_form": forms.pop("addition", None),
        **{f"{name}_form": form for name, form in forms.items()},
    }
    return render(request, "concerns/team_detail.html", context)


def _audit_redrawn(request: AuthenticatedHttpRequest, concern: Concern) -> None:
    match = request.resolver_match
    record(
        "concerns.concern_viewed",
        actor=request.user,
        school=concern.school,
        obj=concern,
        context=AuditContext.of(request),
        data={"section": match.url_name if match else "", "posted": True},
    )


def _done(request: AuthenticatedHttpRequest, concern: Concern, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("concerns:detail", pk=concern.pk)


@staff_required
@require_POST
def acknowledge(request: AuthenticatedHttpRequest, pk: object) -> HttpResponse:
    concern = acknowledge_concern(
        actor=request.user, concern=_team_concern(request, pk), context=AuditContext.of(request)
    )
    return _done(
        request, concern, "You have acknowledged this concern. The team's alerts have stopped."
    )


def _step(
    request: AuthenticatedHttpRequest,
    concern: Concern,
    name: str,
    form: HavenForm,
    change: Callable[..., Any],
    message: str,
    /,
    to_case: bool = False,
    **answers: str,
) -> HttpResponse:
    """One next step, from its form: run `change` (a service) with the answers it needs (each
    argument named with the form field that holds it). Once done: `message` (formatted with what
    the service `made`), the language guard's advice on anything written (advice only: it is saved
    already), and the concern afresh, or with `to_case` the case the step `made` or joined, where
    the work goes on. A refused step draws the page again, the form as typed."""
    if form.is_valid():
        arguments = {argument: form.cleaned_data[field] for argument, field in answers.items()}
        try:
            made = change(
                actor=request.user, concern=concern, context=AuditContext.of(request), **arguments
            )
        except ConcernError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, message.format(made=made))
            advise_on(request, form)
            case_page = selectors.case_path(made.pk) if to_case else None
            return redirect(case_page or reverse("concerns:detail", args=[concern.pk]))
    form.mark_errors()
    return team_page(request, concern, **{name: form})


@staff_required
@require_POST
def open_case(request: AuthenticatedHttpRequest, pk: object) -> HttpResponse:
    concern = _team_concern(request, pk)
    form = OpenCaseForm(request.POST)
    message = "Case {made.reference} opened with this concern, which is acknowledged."
    return _step(
        request,
        concern,
        "open_case",
        form,
        open_case_from_concern,
        message,
        to_case=True,
        title="title",
    )


@staff_required
@require_POST
def add_to_case(request: AuthenticatedHttpRequest, pk: object) -> HttpResponse:
    concern = _team_concern(request, pk)
    form = AddToCaseForm(request.POST, school_id=concern.school_id)
    message = "Concern {concern} is now part of this case, and acknowledged."
    return _step(
        request,
        concern,
        "add_to_case",
        form,
        add_concern_to_case,
        message.replace("{concern}", concern.reference),
        to_case=True,
        case="found",
    )


@staff_required
@require_POST
def no_further_action(request: AuthenticatedHttpRequest, pk: object) -> HttpResponse:
    concern = _team_concern(request, pk)
    form = NoFurtherActionForm(request.POST)
    message = "No further action recorded, with your reason."
    return _step(request, concern, "nfa", form, record_no_further_action, message, reason="reason")


@staff_required
@require_POST
def link(request: AuthenticatedHttpRequest, pk: object) -> HttpResponse:
    concern = _team_concern(request, pk)
    form = LinkPupilForm(request.POST)
    if form.is_valid():
        pupils = selectors.pupils_at(
            request.user, concern.school, [str(form.cleaned_data["pupil"])]
        )
        pupil = next(iter(pupils.values()), None)
        if pupil is not None:
            try:
                link_pupil(
                    actor=request.user,
                    concern=concern,
                    pupil=pupil,
                    role=PupilRole(form.cleaned_data["role"]),
                    context=AuditContext.of(request),
                )
            except ConcernError as error:
                messages.error(request, str(error))
            else:
                return _done(
                    request, concern, f"{pupil.display_name} is now linked to this concern."
                )
    messages.error(request, "Choose a pupil from the search results.")
    return redirect("concerns:detail", pk=concern.pk)


@staff_required
@require_POST
def reply(request: AuthenticatedHttpRequest, pk: object) -> HttpResponse:
    concern = _team_concern(request, pk)
    form = ReplyForm(request.POST)
    message = "Your reply has been sent. They see it when they check."
    return _step(request, concern, "reply", form, reply_to_public_report, message, text="text")


@staff_required
@require_GET
def attachment(
    request: AuthenticatedHttpRequest, pk: object, attachment_id: object
) -> HttpResponse:
    """The words Haven kept from an attached document, as a text file (never the file itself)."""
    concern = _team_concern(request, pk)
    document = get_object_or_404(ConcernAttachment, pk=attachment_id, concern=concern)
    record(
        "concerns.attachment_downloaded",
        actor=request.user,
        school=concern.school,
        obj=concern,
        context=AuditContext.of(request),
        data={"attachment": str(document.pk)},
    )
    return words_download(document)
