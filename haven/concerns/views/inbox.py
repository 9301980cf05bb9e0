"""The safeguarding team's inbox, kept up to date by polling, and the alerts badge."""

from functools import cache

from django.core.paginator import Page
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from haven.accounts.decorators import staff_required
from haven.accounts.models import User
from haven.accounts.permissions import team_school_ids
from haven.alerts import selectors as alert_selectors
from haven.alerts.models import Alert
from haven.alerts.selectors import alert_path
from haven.alerts.services import dismiss_alert
from haven.audit.context import AuditContext
from haven.audit.services import record
from haven.concerns import selectors
from haven.concerns.forms import InboxFilterForm
from haven.concerns.models import Concern
from haven.http import AuthenticatedHttpRequest
from haven.lib.pagination import pagination
from haven.schools.models import Pupil

NO_CHANGE = 204  # HTMX leaves the page as it is


def _team_member(request: AuthenticatedHttpRequest) -> User:
    user = request.user
    if not team_school_ids(user):
        raise Http404
    return user


@staff_required
@require_GET
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    """New, acknowledged and triaged concerns: untriaged first, then urgent, then newest.

    Polled every 5 seconds by HTMX with the fingerprint of what is shown; an unchanged inbox
    answers 204 and nothing on the page moves. Every answer that shows concerns is audited: the
    page (`concerns.inbox_viewed`) and each poll that draws the list again because it changed
    (`concerns.inbox_refreshed`), with the filters as codes and ids. An unchanged poll shows
    nothing, so it is not.
    """
    user = _team_member(request)

    @cache
    def pupil_choices() -> list[Pupil]:
        """Read once however often the form draws its choices, and only if it does."""
        return selectors.pupils_with_open_concerns(user, chosen=chosen.pupil)

    filters = InboxFilterForm(request.GET or None, pupils=pupil_choices)
    chosen = filters.chosen()
    filters.mark_errors()
    # One query: an unchanged poll reads nothing more, and writes nothing (the poll is sent
    # with X-Haven-Background, so the session's last-seen time is left alone).
    state = selectors.inbox_state(user, chosen)
    if request.htmx and request.GET.get("seen") == state.fingerprint:  # type: ignore[attr-defined]
        return HttpResponse(status=NO_CHANGE)

    page = selectors.inbox_page(user, chosen, request.GET.get("page"), count=state.concern_count)
    query = _query(chosen)  # only what the form accepted: never raw text into a URL
    context = {
        "filters": filters,
        "page": page,
        "pager": pagination(page, query, previous="Newer", next="Older", label="Inbox pages"),
        "alerts": alert_selectors.alerts_for(user),
        # The header's badge reads this too (concerns_nav), so it is counted once.
        "alert_count": state.alert_count,
        "poll_url": _url(query, page=page.number, seen=state.fingerprint),
        "query": urlencode(query),
        "several_schools": len(team_school_ids(user)) > 1,
    }
    if request.htmx:  # type: ignore[attr-defined]
        _audit(request, user, "concerns.inbox_refreshed", chosen, page)
        return render(request, "concerns/inbox.html#concern_list", context)
    _audit(request, user, "concerns.inbox_viewed", chosen, page)
    return render(request, "concerns/inbox.html", context)


def _query(chosen: selectors.InboxFilter) -> dict[str, str]:
    query = {"status": chosen.status, "pupil": str(chosen.pupil) if chosen.pupil else ""}
    return {name: value for name, value in query.items() if value}


def _url(query: dict[str, str], **more: object) -> str:
    wanted = {**query, **{name: str(value) for name, value in more.items()}}
    return f"{reverse('concerns:inbox')}?{urlencode(wanted)}"


def _audit(
    request: HttpRequest,
    user: User,
    action: str,
    chosen: selectors.InboxFilter,
    page: Page[Concern],
) -> None:
    """Who saw the list, filtered how (codes and ids). Filtered to one pupil, the event names
    them, so it is on their "who has seen this" list; it is found among the rows shown, so no
    query and never an id that is not a real pupil of the team's."""
    pupil = next(
        (
            link.pupil
            for concern in page
            for link in concern.concern_pupils.all()
            if chosen.pupil is not None and link.pupil_id == chosen.pupil
        ),
        None,
    )
    schools = team_school_ids(user)
    school = pupil.school_id if pupil else (schools[0] if len(schools) == 1 else None)
    data = {**_query(chosen), "page": page.number}
    record(
        action, actor=user, school=school, pupil=pupil, context=AuditContext.of(request), data=data
    )


@staff_required
@require_GET
def alert_badge(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The count of alerts waiting for me, for the page header. 204 when it has not changed."""
    user = request.user
    count = alert_selectors.unacknowledged_alert_count(user) if team_school_ids(user) else 0
    if request.htmx and request.GET.get("shown") == str(count):  # type: ignore[attr-defined]
        return HttpResponse(status=NO_CHANGE)
    return render(request, "concerns/_alert_badge.html", {"alert_count": count})


@staff_required
@require_POST
def dismiss(request: AuthenticatedHttpRequest, alert_id: int) -> HttpResponse:
    """I have seen an alert about a case: take it off my list."""
    user = request.user
    alert = get_object_or_404(Alert, pk=alert_id, recipient=user)
    dismiss_alert(actor=user, alert=alert)
    if request.POST.get("next") == "alert":
        return redirect(alert_path(alert))
    return redirect("concerns:inbox")
