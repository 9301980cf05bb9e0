"""The reports' pages: the safeguarding team's dashboard at /reports/<school>/, and the trust
lead's view of the trust's schools at /reports/trust/<trust>/ (de-identified and suppressed, with
each school's figures but never a child, a case or a narrative).

Everyone else gets 404 (Action.VIEW_SCHOOL_REPORTS, Action.VIEW_TRUST_FIGURES).
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from haven.accounts.decorators import fresh_second_factor, staff_required
from haven.accounts.permissions import Action, get_for
from haven.audit.context import AuditContext
from haven.http import AuthenticatedHttpRequest
from haven.reports import pages, selectors, services
from haven.reports.forms import GovernorsReportForm, ReturnForm
from haven.reports.selectors import Period
from haven.schools.models import School, Trust


@staff_required
@require_GET
def dashboard(request: AuthenticatedHttpRequest, school: str) -> HttpResponse:
    """Open cases and what is waiting in them, response times, and this school year's trends."""
    place = get_for(request.user, Action.VIEW_SCHOOL_REPORTS, School.objects.all(), slug=school)
    today = timezone.localdate()
    load = selectors.caseload([place.pk], today)[place.pk]
    open_cases = reverse("cases:list") + "?status=open"
    overdue = reverse("accounts:home") + "#overdue-title"
    links = {
        "Open cases": open_cases,
        "Support actions overdue": overdue,
        "of which past the day they were due": overdue,
        "Requests to delete imagery not yet confirmed": overdue,
        "Follow-up reviews due or overdue": overdue,
    }
    context = {
        "school": place,
        "year": pages.school_year_label(today),
        "caseload": pages.caseload_figures(load, suppress=False, links=links),
        "stages": [(label, n, open_cases) for label, n in load.stages],
        "times": pages.time_rows(
            selectors.response_times([place.pk], today)[place.pk], suppress=False
        ),
        "charts": pages.trend_charts(
            selectors.trends(place.pk, Period.school_year(today)), suppress=False
        ),
    }
    return render(request, "reports/dashboard.html", context)


def _trust(request: HttpRequest, slug: str) -> Trust:
    return get_for(request.user, Action.VIEW_TRUST_FIGURES, Trust.objects.all(), slug=slug)


@staff_required
@require_GET
def trust(request: AuthenticatedHttpRequest, trust: str) -> HttpResponse:
    """Every school in the trust side by side: counts suppressed, response times this term."""
    place = _trust(request, trust)
    today = timezone.localdate()
    schools = list(School.objects.filter(trust=place).order_by("name"))
    ids = [s.pk for s in schools]
    figures = selectors.headline(ids, today)
    loads = selectors.caseload(ids, today)
    rows = [
        {
            "school": s,
            "concerns": pages.shown(figures[s.pk].concerns_this_year),
            "open_cases": pages.shown(figures[s.pk].open_cases),
            "overdue": pages.shown(loads[s.pk].overdue_actions + loads[s.pk].follow_ups_due),
            "times": pages.time_rows(figures[s.pk].times, suppress=True),
        }
        for s in schools
    ]
    context = {"trust": place, "year": pages.school_year_label(today), "rows": rows}
    return render(request, "reports/trust.html", context)


@staff_required
@require_GET
def trust_school(request: AuthenticatedHttpRequest, trust: str, school: str) -> HttpResponse:
    """One of the trust's schools: its figures, suppressed, with no way to a child or a case."""
    place = _trust(request, trust)
    found = School.objects.filter(trust=place, slug=school).first()
    if found is None:
        raise Http404
    today = timezone.localdate()
    load = selectors.caseload([found.pk], today)[found.pk]
    context = {
        "trust": place,
        "school": found,
        "year": pages.school_year_label(today),
        "caseload": pages.caseload_figures(load, suppress=True),
        "stages": [(label, pages.shown(n)) for label, n in load.stages],
        "times": pages.time_rows(
            selectors.response_times([found.pk], today)[found.pk], suppress=True
        ),
        "charts": pages.trend_charts(
            selectors.trends(found.pk, Period.school_year(today)), suppress=True
        ),
    }
    return render(request, "reports/trust_school.html", context)


def _file(data: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@staff_required
@fresh_second_factor
@require_http_methods(["GET", "POST"])
def governors_report(request: AuthenticatedHttpRequest, school: str) -> HttpResponse:
    """The governors' report for a period, as a PDF (figures without names)."""
    place = get_for(request.user, Action.VIEW_SCHOOL_REPORTS, School.objects.all(), slug=school)
    form = GovernorsReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        first, last = form.cleaned_data["first"], form.cleaned_data["last"]
        data = services.export_governors_report(
            actor=request.user,
            school=place,
            first=first,
            last=last,
            context=AuditContext.of(request),
        )
        return _file(data, f"governors-report-{place.slug}-{first}-{last}.pdf", "application/pdf")
    return render(request, "reports/governors_form.html", {"school": place, "form": form})


@staff_required
@fresh_second_factor
@require_http_methods(["GET", "POST"])
def la_return(request: AuthenticatedHttpRequest, school: str) -> HttpResponse:
    """The local authority's annual return for a school year, as CSV or PDF."""
    place = get_for(request.user, Action.VIEW_SCHOOL_REPORTS, School.objects.all(), slug=school)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        year, fmt = form.cleaned_data["year"], form.cleaned_data["fmt"]
        data = services.export_la_return(
            actor=request.user, school=place, year=year, fmt=fmt, context=AuditContext.of(request)
        )
        kind = "application/pdf" if fmt == "pdf" else "text/csv; charset=utf-8"
        return _file(data, f"la-return-{place.slug}-{year}.{fmt}", kind)
    return render(request, "reports/return_form.html", {"school": place, "form": form})
