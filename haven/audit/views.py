"""The safeguarding team's view of the audit log: who has seen or changed a pupil's records."""

from uuid import UUID

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from haven.accounts.decorators import staff_required
from haven.accounts.permissions import Action, get_for
from haven.audit.context import AuditContext
from haven.audit.labels import label_for
from haven.audit.selectors import events_about_pupil
from haven.audit.services import record
from haven.cases.visible import hidden_for
from haven.http import AuthenticatedHttpRequest
from haven.lib.pagination import pagination
from haven.schools.models import Pupil

PAGE_SIZE = 50


@staff_required
@require_GET
def pupil_access(request: AuthenticatedHttpRequest, pupil_id: UUID) -> HttpResponse:
    """Who viewed or changed this pupil's records, and when. Looking is itself recorded."""
    pupil = get_for(request.user, Action.VIEW_PUPIL_RECORD, Pupil.objects.all(), pk=pupil_id)
    # Recorded before the list is read, so the person looking sees their own look at the top.
    record(
        "audit.pupil_access_viewed",
        actor=request.user,
        school=pupil.school_id,
        pupil=pupil,
        obj=pupil,
        context=AuditContext.of(request),
    )
    hidden = hidden_for(request.user, pupil)
    events = events_about_pupil(pupil, hidden_cases=hidden.cases, hidden_concerns=hidden.concerns)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(event, label_for(event.action)) for event in page]
    pager = pagination(page, {}, previous="Newer", next="Older", label="Pages of this list")
    context = {"pupil": pupil, "page": page, "rows": rows, "pager": pager}
    return render(request, "audit/pupil_access.html", context)
