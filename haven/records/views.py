"""Retention pages for the safeguarding team: the review queue, and one pupil's retention, legal
hold and deletion. Each page view is audited; every change goes through haven.records.services."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from haven.accounts.decorators import staff_required
from haven.accounts.permissions import Action, can, get_for
from haven.audit.context import AuditContext
from haven.audit.services import record
from haven.cases.visible import hidden_for
from haven.http import AuthenticatedHttpRequest
from haven.language.views import advise_on
from haven.lib.errors import Refused
from haven.lib.pagination import pagination
from haven.records import rules, selectors, services
from haven.records.forms import DeleteForm, HoldForm, PolicyForm
from haven.schools.models import Pupil, School


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _pupil(request: HttpRequest, pupil_id: object, action: Action) -> Pupil:
    """The pupil's record, for the team; 404 (as for any denied read) to someone who may not see
    one of its cases (restricted for the LADO): the page counts the cases and names the pupils
    who share them, so the DSL or the headteacher looks after that record."""
    pupil = get_for(request.user, action, Pupil.objects.select_related("school"), pk=pupil_id)
    if hidden_for(request.user, pupil).cases:
        raise Http404
    return pupil


def _queue_page(
    request: HttpRequest, school: School, policy_form: PolicyForm | None = None
) -> HttpResponse:
    years = selectors.years_of(school)
    page, rows = selectors.review_queue_page(school, timezone.localdate(), request.GET.get("page"))
    context = {
        "school": school,
        "years": years,
        "rows": rows,
        "pager": pagination(page, {}, label="Pages of the records due for review"),
        "may_set_policy": can(request.user, Action.DELETE_RECORDS, school),
        "policy_form": policy_form or PolicyForm(initial={"years_after_birth": years}),
    }
    return render(request, "records/queue.html", context)


@staff_required
@require_GET
def queue(request: AuthenticatedHttpRequest, school: str) -> HttpResponse:
    place = get_for(request.user, Action.MANAGE_RECORDS, School.objects.all(), slug=school)
    record(
        "records.review_queue_viewed",
        actor=request.user,
        school=place,
        context=AuditContext.of(request),
    )
    return _queue_page(request, place)


@staff_required
@require_POST
def set_policy(request: AuthenticatedHttpRequest, school: str) -> HttpResponse:
    place = get_for(request.user, Action.DELETE_RECORDS, School.objects.all(), slug=school)
    form = PolicyForm(request.POST)
    if form.is_valid():
        try:
            services.set_retention_years(
                actor=request.user,
                school=place,
                years=form.cleaned_data["years_after_birth"],
                context=AuditContext.of(request),
            )
        except Refused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Retention policy saved.")
            return redirect("records:queue", school=place.slug)
    return _queue_page(request, place, form)


def _pupil_page(request: HttpRequest, pupil: Pupil, **forms: object) -> HttpResponse:
    years = selectors.years_of(pupil.school)
    group = selectors.record_group(pupil)
    context = {
        "pupil": pupil,
        "school": pupil.school,
        "years": years,
        "review_on": rules.review_date(pupil.date_of_birth, years),
        "hold": selectors.hold_on(pupil),
        "holds": selectors.holds_of(pupil),
        "together": [member for member in group if member.pk != pupil.pk],
        "counts": selectors.record_counts(group),
        "may_delete": can(request.user, Action.DELETE_RECORDS, pupil),
        "may_transfer": can(request.user, Action.START_TRANSFER, pupil),
        "transfers": selectors.transfers_for(pupil),
        "may_answer_access": can(request.user, Action.SUBJECT_ACCESS, pupil),
        "access_requests": selectors.subject_access_of(pupil),
        "hold_form": forms.get("hold_form") or HoldForm(),
        "delete_form": forms.get("delete_form") or DeleteForm(),
        "release_error": forms.get("release_error"),
    }
    return render(request, "records/pupil.html", context)


@staff_required
@require_GET
def pupil(request: AuthenticatedHttpRequest, pupil_id: object) -> HttpResponse:
    child = _pupil(request, pupil_id, Action.MANAGE_RECORDS)
    record(
        "records.record_viewed",
        actor=request.user,
        school=child.school,
        pupil=child,
        context=AuditContext.of(request),
    )
    return _pupil_page(request, child)


@staff_required
@require_POST
def place_hold(request: AuthenticatedHttpRequest, pupil_id: object) -> HttpResponse:
    child = _pupil(request, pupil_id, Action.MANAGE_RECORDS)
    form = HoldForm(request.POST)
    if form.is_valid():
        try:
            services.place_hold(
                actor=request.user,
                pupil=child,
                reason=form.cleaned_data["reason"],
                context=AuditContext.of(request),
            )
        except Refused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Legal hold placed: the record cannot be deleted.")
            advise_on(request, form)
            return redirect("records:pupil", pupil_id=child.pk)
    return _pupil_page(request, child, hold_form=form)


@staff_required
@require_POST
def release_hold(request: AuthenticatedHttpRequest, pupil_id: object) -> HttpResponse:
    child = _pupil(request, pupil_id, Action.MANAGE_RECORDS)
    try:
        services.release_hold(actor=request.user, pupil=child, context=AuditContext.of(request))
    except Refused as error:
        return _pupil_page(request, child, release_error=str(error))
    messages.success(request, "Legal hold released.")
    return redirect("records:pupil", pupil_id=child.pk)


@staff_required
@require_POST
def delete(request: AuthenticatedHttpRequest, pupil_id: object) -> HttpResponse:
    child = _pupil(request, pupil_id, Action.DELETE_RECORDS)
    form = DeleteForm(request.POST)
    if form.is_valid():
        school = child.school
        try:
            done = services.delete_record(
                actor=request.user,
                pupil=child,
                confirm_upn=form.cleaned_data["upn"],
                context=AuditContext.of(request),
            )
        except Refused as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Deleted for good: {_count(done.pupils, 'pupil record')}, "
                f"{_count(done.concerns, 'concern')} and {_count(done.cases, 'case')}. "
                "The audit log keeps that they were deleted, by you.",
            )
            return redirect("records:queue", school=school.slug)
    return _pupil_page(request, child, delete_form=form)
