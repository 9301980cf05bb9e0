"""A pupil's chronology, for their school's safeguarding team."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from haven.accounts.decorators import staff_required
from haven.accounts.permissions import Action, get_for
from haven.audit.context import AuditContext
from haven.audit.services import record
from haven.chronology.selectors import chronology_page
from haven.http import AuthenticatedHttpRequest
from haven.lib.pagination import pagination
from haven.schools.models import Pupil


@staff_required
@require_GET
def pupil(request: AuthenticatedHttpRequest, pk: object) -> HttpResponse:
    """Everything known about one child, oldest first. Viewing it is audited."""
    child = get_for(
        request.user,
        Action.VIEW_PUPIL_RECORD,
        Pupil.objects.select_related("school", "year_group", "reg_group"),
        pk=pk,
    )
    record(
        "chronology.viewed",
        actor=request.user,
        school=child.school,
        pupil=child,
        context=AuditContext.of(request),
    )
    page, lines = chronology_page(child, request.GET.get("page"), request.user)
    context = {
        "pupil": child,
        "lines": lines,
        "page": page,
        "pager": pagination(page, {}, label="Pages of the chronology"),
    }
    return render(request, "chronology/pupil.html", context)
