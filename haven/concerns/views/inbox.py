"""The safeguarding team's inbox, kept up to date by polling, and the alerts badge."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from haven.accounts.decorators import staff_required
from haven.accounts.models import User
from haven.accounts.permissions import team_school_ids
from haven.audit.services import record
from haven.concerns import selectors
from haven.concerns.alerts import alert_path, dismiss_alert
from haven.concerns.forms import InboxFilterForm
from haven.concerns.models import Alert

NO_CHANGE = 204  # HTMX leaves the page as it is


def _team_member(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    if not team_school_ids(user):
        raise Http404
    return user


@staff_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """New, acknowledged and triaged concerns: untriaged first, then urgent, then newest.

    Polled every 5 seconds by HTMX with the fingerprint of what is shown; an unchanged inbox
    answers 204 and nothing on the page moves.
    """
    user = _team_member(request)
    filters = InboxFilterForm(request.GET or None)
    chosen = filters.chosen()
    fingerprint = selectors.inbox_fingerprint(user, chosen)
    if request.htmx and request.GET.get("seen") == fingerprint:  # type: ignore[attr-defined]
        return HttpResponse(status=NO_CHANGE)
    page = selectors.inbox_page(user, chosen, request.GET.get("page"))
    query = {k: str(v) for k, v in request.GET.items() if k in ("status", "pupil", "page") and v}
    context = {
        "filters": filters,
        "page": page,
        "alerts": selectors.alerts_for(user),
        "alert_count": selectors.unacknowledged_alert_count(user),
        "poll_url": f"{reverse('concerns:inbox')}?{urlencode({**query, 'seen': fingerprint})}",
        "query": urlencode({k: v for k, v in query.items() if k != "page"}),
        "several_schools": len(team_school_ids(user)) > 1,
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "concerns/inbox.html#concern_list", context)
    record("concerns.inbox_viewed", actor=user, request=request)
    return render(request, "concerns/inbox.html", context)


@staff_required
@require_GET
def alert_badge(request: HttpRequest) -> HttpResponse:
    """The count of alerts waiting for me, for the page header. 204 when it has not changed."""
    user: User = request.user  # type: ignore[assignment]
    count = selectors.unacknowledged_alert_count(user) if team_school_ids(user) else 0
    if request.htmx and request.GET.get("shown") == str(count):  # type: ignore[attr-defined]
        return HttpResponse(status=NO_CHANGE)
    return render(request, "concerns/_alert_badge.html", {"alert_count": count})


@staff_required
@require_POST
def dismiss(request: HttpRequest, alert_id: int) -> HttpResponse:
    """I have seen an alert about a case: take it off my list."""
    user: User = request.user  # type: ignore[assignment]
    alert = get_object_or_404(Alert, pk=alert_id, recipient=user)
    dismiss_alert(actor=user, alert=alert)
    if request.POST.get("next") == "alert":
        return redirect(alert_path(alert))
    return redirect("concerns:inbox")
