"""The case list, the case page (task list, timeline, pupils) and who else is looking."""

from uuid import UUID

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from haven.accounts.decorators import staff_required
from haven.accounts.permissions import Action, team_school_ids
from haven.cases.models import CaseStatus
from haven.cases.rules import case_tasks, next_steps
from haven.cases.selectors import (
    cases_for,
    concerns_in,
    load_records,
    others_viewing,
    timeline,
)
from haven.cases.services import still_looking
from haven.cases.views.common import STEP_PAGES, shown, step_of, step_url, team_case
from haven.http import AuthenticatedHttpRequest
from haven.lib.pagination import paginate, pagination

CASE_PAGE_SIZE = 50


@staff_required
@require_GET
def case_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The team's cases, open ones first by default. Constant queries however many cases."""
    user = request.user
    if not team_school_ids(user):
        raise Http404
    status = request.GET.get("status", CaseStatus.OPEN)
    statuses = [*CaseStatus.choices, ("all", "All")]
    if status not in {value for value, _label in statuses}:
        status = CaseStatus.OPEN  # never raw text into the page links
    # A page at a time: only the cases shown have their titles decrypted.
    page = paginate(cases_for(user, status=status), request.GET.get("page"), CASE_PAGE_SIZE)
    context = {
        "cases": page,
        "page": page,
        "pager": pagination(page, {"status": status}, label="Pages of cases"),
        "status": status,
        "statuses": statuses,
    }
    return shown(request, "cases/list.html", context)


@staff_required
@require_GET
def case_detail(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = team_case(request, case_id, Action.VIEW_CASE)
    user = request.user
    still_looking(user=user, case=case)
    records = load_records(case)
    assessment = records.assessment
    concerns = concerns_in(case)
    review = records.review
    step = step_of(records)
    context = {
        "concerns": concerns,
        "concern_since_review": bool(
            review and any(c.created_at > review.recorded_at for c in concerns)
        ),
        "case": case,
        "records": records,
        "tasks": [(task, STEP_PAGES[task.key]) for task in case_tasks(records.progress())],
        "step": step,
        "step_url": step_url(case, step) if step else "",
        "assessment": assessment,
        "next_steps": (
            next_steps(assessment, refer_every_case=case.school.refer_every_case)
            if assessment
            else []
        ),
        "events": timeline(case, concerns),
        "viewers": others_viewing(case, user),
        "page_version": case.version,
    }
    return shown(request, "cases/detail.html", context, case)


@staff_required
@require_POST
def viewers(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    """The page polls this every 20 seconds: note that this user is still looking, and say who
    else is, and whether the case has changed since the page was drawn. Not audited: it shows
    colleagues' names and the case's version, nothing of the case itself; and it is a background
    poll (the page sends X-Haven-Background), so it does not keep the session alive."""
    case = team_case(request, case_id, Action.VIEW_CASE)
    user = request.user
    still_looking(user=user, case=case)
    context = {
        "case": case,
        "viewers": others_viewing(case, user),
        "page_version": request.POST.get("version", ""),
    }
    return render(request, "cases/detail.html#viewers", context)
