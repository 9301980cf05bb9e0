"""The reports' pages: the safeguarding team's dashboard at /reports/<school>/, and the trust
lead's view of the trust's schools at /reports/trust/<trust>/ (de-identified and suppressed, with
each school's figures but never a child, a case or a narrative).

Everyone else gets 404 (Action.VIEW_SCHOOL_REPORTS, Action.VIEW_TRUST_FIGURES).
"""

from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from haven.accounts.decorators import fresh_second_factor, staff_required
from haven.accounts.permissions import Action, get_for
from haven.audit.context import AuditContext
from haven.http import AuthenticatedHttpRequest
from haven.lib.pagination import paginate, pagination
from haven.reports import behind as behind_figures
from haven.reports import pages, selectors, services
from haven.reports.forms import GovernorsReportForm, ReturnForm
from haven.reports.models import FileStatus, ReportFile, ReportKind
from haven.reports.selectors import Period
from haven.schools.models import School, Trust


@staff_required
@require_GET
def dashboard(request: AuthenticatedHttpRequest, school: str) -> HttpResponse:
    """Open cases and what is waiting in them, response times, and this school year's trends."""
    place = get_for(request.user, Action.VIEW_SCHOOL_REPORTS, School.objects.all(), slug=school)
    today = timezone.localdate()
    load = selectors.caseload([place.pk], today)[place.pk]

    def behind(figure: str) -> str:
        return reverse("reports:behind", args=[place.slug, figure])

    links = {
        "Open cases": behind("open"),
        "Support actions overdue": behind("overdue-actions"),
        "Referrals waiting for the agency to acknowledge them": behind("referrals-waiting"),
        "of which past the day they were due": behind("referrals-late"),
        "Requests to delete imagery not yet confirmed": behind("deletions"),
        "Devices still held in school": behind("devices"),
        "Follow-up reviews due or overdue": behind("follow-ups"),
    }
    stage_links = [behind(f"stage-{code}") for code, _ in selectors.STAGES]
    context = {
        "school": place,
        "year": pages.school_year_label(today),
        "caseload": pages.caseload_figures(load, suppress=False, links=links),
        "stages": [
            (label, n, link) for (label, n), link in zip(load.stages, stage_links, strict=True)
        ],
        "times": pages.time_rows(
            selectors.response_times([place.pk], today)[place.pk],
            suppress=False,
            links={
                code: (behind(f"{code}-this"), behind(f"{code}-last"))
                for code in ("review", "referral")
            },
        ),
        "charts": pages.trend_charts(
            selectors.trends(place.pk, Period.school_year(today)), suppress=False
        ),
    }
    return render(request, "reports/dashboard.html", context)


@staff_required
@require_GET
def behind(request: HttpRequest, school: str, figure: str) -> HttpResponse:
    """The cases a figure on the dashboard counts: references and dates, each linked to its case."""
    place = get_for(request.user, Action.VIEW_SCHOOL_REPORTS, School.objects.all(), slug=school)
    if figure not in behind_figures.BEHIND:
        raise Http404
    cases = behind_figures.cases_behind(place.pk, figure, timezone.localdate(), request.user)
    page = paginate(cases.only("pk", "reference", "opened_at", "status"), request.GET.get("page"))
    context = {
        "school": place,
        "heading": behind_figures.BEHIND[figure],
        "cases": page,
        "page": page,
        "pager": pagination(page, {}, label="Pages of cases"),
    }
    return render(request, "reports/behind.html", context)


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


@staff_required
@fresh_second_factor
@require_http_methods(["GET", "POST"])
def governors_report(request: AuthenticatedHttpRequest, school: str) -> HttpResponse:
    """Ask for the governors' report for a period: the worker makes the PDF."""
    place = get_for(request.user, Action.VIEW_SCHOOL_REPORTS, School.objects.all(), slug=school)
    form = GovernorsReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        first, last = form.cleaned_data["first"], form.cleaned_data["last"]
        wanted = services.request_report(
            actor=request.user,
            school=place,
            kind=ReportKind.GOVERNORS,
            fmt="pdf",
            params={"first": first.isoformat(), "last": last.isoformat()},
            context=AuditContext.of(request),
        )
        return redirect("reports:file", school=place.slug, file_id=wanted.pk)
    return render(request, "reports/governors_form.html", {"school": place, "form": form})


@staff_required
@fresh_second_factor
@require_http_methods(["GET", "POST"])
def la_return(request: AuthenticatedHttpRequest, school: str) -> HttpResponse:
    """Ask for the local authority's annual return for a school year, as CSV or PDF."""
    place = get_for(request.user, Action.VIEW_SCHOOL_REPORTS, School.objects.all(), slug=school)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wanted = services.request_report(
            actor=request.user,
            school=place,
            kind=ReportKind.LA_RETURN,
            fmt=form.cleaned_data["fmt"],
            params={"year": form.cleaned_data["year"]},
            context=AuditContext.of(request),
        )
        return redirect("reports:file", school=place.slug, file_id=wanted.pk)
    return render(request, "reports/return_form.html", {"school": place, "form": form})


def _report_file(request: HttpRequest, school: str, file_id: UUID) -> ReportFile:
    return get_for(
        request.user,
        Action.DOWNLOAD_REPORT,
        ReportFile.objects.select_related("school").defer("content"),
        pk=file_id,
        school__slug=school,
    )


@staff_required
@require_GET
def report_file(request: HttpRequest, school: str, file_id: UUID) -> HttpResponse:
    """A report being made: its progress (the page asks again every second), then the link."""
    wanted = _report_file(request, school, file_id)
    context = {"school": wanted.school, "file": wanted}
    if request.htmx and request.htmx.target == "report-progress":  # type: ignore[attr-defined]
        return render(request, "reports/file.html#progress", context)
    return render(request, "reports/file.html", context)


@staff_required
@fresh_second_factor
@require_GET
def report_download(request: HttpRequest, school: str, file_id: UUID) -> HttpResponse:
    """The file itself, for the person who asked for it, with the second factor fresh."""
    wanted = _report_file(request, school, file_id)
    if wanted.status != FileStatus.READY:
        return redirect("reports:file", school=school, file_id=wanted.pk)
    data = ReportFile.objects.values_list("content", flat=True).get(pk=wanted.pk)
    services.note_download(actor=request.user, wanted=wanted, context=AuditContext.of(request))
    response = HttpResponse(bytes(data or b""), content_type=wanted.content_type)
    response["Content-Disposition"] = f'attachment; filename="{wanted.name}"'
    response["Cache-Control"] = "no-store"
    return response
