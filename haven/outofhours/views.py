"""Out of hours pages for the safeguarding team: the school's closed days and the on-call rota."""

from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from haven.accounts.decorators import staff_required
from haven.accounts.permissions import Action, get_for
from haven.audit.context import AuditContext
from haven.http import AuthenticatedHttpRequest
from haven.lib.errors import Refused
from haven.outofhours import selectors, services
from haven.outofhours.calendar_file import Entry
from haven.outofhours.forms import CalendarForm, ClosureForm, ShiftForm
from haven.outofhours.models import ClosureKind, OnCallShift, SchoolClosure
from haven.schools.models import School


def _school(request: HttpRequest, slug: str) -> School:
    return get_for(request.user, Action.MANAGE_OUT_OF_HOURS, School.objects.all(), slug=slug)


def _page(request: HttpRequest, school: School, **forms: object) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "school": school,
        "closures": selectors.closures_of(school, from_day=today),
        "shifts": selectors.shifts_of(school, from_moment=timezone.now()),
        "on_call": selectors.on_call_now(school),
        "school_time": selectors.is_school_time(school),
        "closure_form": forms.get("closure_form") or ClosureForm(),
        "calendar_form": forms.get("calendar_form") or CalendarForm(),
        "shift_form": forms.get("shift_form") or ShiftForm(school=school),
    }
    return render(request, "outofhours/index.html", context)


@staff_required
@require_GET
def index(request: AuthenticatedHttpRequest, school: str) -> HttpResponse:
    return _page(request, _school(request, school))


@staff_required
@require_POST
def add_closure(request: AuthenticatedHttpRequest, school: str) -> HttpResponse:
    place = _school(request, school)
    form = ClosureForm(request.POST)
    if form.is_valid():
        try:
            services.add_closure(
                actor=request.user,
                school=place,
                entry=Entry(
                    name=form.cleaned_data["name"],
                    kind=form.cleaned_data["kind"],
                    starts_on=form.cleaned_data["starts_on"],
                    ends_on=form.cleaned_data["ends_on"],
                ),
                context=AuditContext.of(request),
            )
        except Refused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Closed days saved.")
            return redirect("outofhours:index", school=place.slug)
    return _page(request, place, closure_form=form)


@staff_required
@require_POST
def read_calendar(request: AuthenticatedHttpRequest, school: str) -> HttpResponse:
    """Read the file and show what it holds; nothing is saved until the DSL says so."""
    place = _school(request, school)
    form = CalendarForm(request.POST, request.FILES)
    if not form.is_valid() or form.reading is None:
        return _page(request, place, calendar_form=form)
    context = {"school": place, "reading": form.reading, "kinds": dict(ClosureKind.choices)}
    return render(request, "outofhours/calendar_preview.html", context)


def _posted_entries(request: HttpRequest) -> list[Entry]:
    names = request.POST.getlist("name")
    kinds = request.POST.getlist("kind")
    starts = request.POST.getlist("starts_on")
    ends = request.POST.getlist("ends_on")
    if not (len(names) == len(kinds) == len(starts) == len(ends)):
        raise services.OutOfHoursError("The list was not sent whole. Upload the file again.")
    try:
        return [
            Entry(name=n, kind=k, starts_on=date.fromisoformat(s), ends_on=date.fromisoformat(e))
            for n, k, s, e in zip(names, kinds, starts, ends, strict=True)
        ]
    except ValueError:
        raise services.OutOfHoursError("A date in the list could not be read.") from None


@staff_required
@require_POST
def save_calendar(request: AuthenticatedHttpRequest, school: str) -> HttpResponse:
    place = _school(request, school)
    try:
        saved = services.import_closures(
            actor=request.user,
            school=place,
            entries=_posted_entries(request),
            context=AuditContext.of(request),
        )
    except Refused as error:
        messages.error(request, f"Nothing was saved: {error}")
    else:
        messages.success(request, f"{len(saved)} closures saved from the calendar.")
    return redirect("outofhours:index", school=place.slug)


@staff_required
@require_POST
def remove_closure(request: AuthenticatedHttpRequest, school: str, closure_id: int) -> HttpResponse:
    place = _school(request, school)
    closure = get_object_or_404(SchoolClosure, school=place, pk=closure_id)
    if request.POST.get("remove") != "yes":  # only the page's own button removes
        return redirect("outofhours:index", school=place.slug)
    services.remove_closure(actor=request.user, closure=closure, context=AuditContext.of(request))
    messages.success(request, f"“{closure.name}” removed.")
    return redirect("outofhours:index", school=place.slug)


@staff_required
@require_POST
def add_shift(request: AuthenticatedHttpRequest, school: str) -> HttpResponse:
    place = _school(request, school)
    form = ShiftForm(request.POST, school=place)
    if form.is_valid():
        starts, ends = form.moments()
        try:
            services.add_shift(
                actor=request.user,
                school=place,
                person=form.cleaned_data["person"],
                starts_at=starts,
                ends_at=ends,
                context=AuditContext.of(request),
            )
        except Refused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "On-call shift saved.")
            return redirect("outofhours:index", school=place.slug)
    return _page(request, place, shift_form=form)


@staff_required
@require_POST
def remove_shift(request: AuthenticatedHttpRequest, school: str, shift_id: int) -> HttpResponse:
    place = _school(request, school)
    shift = get_object_or_404(OnCallShift, school=place, pk=shift_id)
    if request.POST.get("remove") != "yes":
        return redirect("outofhours:index", school=place.slug)
    services.remove_shift(actor=request.user, shift=shift, context=AuditContext.of(request))
    messages.success(request, "On-call shift removed.")
    return redirect("outofhours:index", school=place.slug)
