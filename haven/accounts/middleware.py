import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.sessions.backends.base import UpdateError
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url

LAST_SEEN = "haven_last_seen"

logger = logging.getLogger(__name__)


def to_sign_in(request: HttpRequest) -> HttpResponse:
    """Send the browser to sign in; an HTMX request is told to load the whole page there, so the
    sign-in form is never swapped into part of another page."""
    url = resolve_url(settings.LOGIN_URL)
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


class IdleTimeoutMiddleware:
    """Ends a session after HAVEN_IDLE_TIMEOUT_MINUTES without a request, or after the user chose
    "sign out everywhere" on another device."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            now = time.time()
            idle = now - request.session.get(LAST_SEEN, now)
            generation = request.session.get("haven_generation", 0)
            if idle > settings.HAVEN_IDLE_TIMEOUT_MINUTES * 60:
                logout(request)
                messages.info(request, "You were signed out because you were away for a while.")
                return to_sign_in(request)
            if generation != getattr(user, "session_generation", 0):
                logout(request)
                return to_sign_in(request)
            # Background polls (inbox, alert badge) are not activity: an open page must still
            # time out.
            if request.headers.get("X-Haven-Background") != "1":
                request.haven_seen_at = now  # type: ignore[attr-defined]  # for LastSeenMiddleware
        return self.get_response(request)


class LastSeenMiddleware:
    """Saves the last-seen time IdleTimeoutMiddleware noted, once everything else has had its say
    about the session (messages included). Placed just after SessionMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        seen_at = getattr(request, "haven_seen_at", None)
        if seen_at is not None:
            note_last_seen(request, seen_at)
        return response


def note_last_seen(request: HttpRequest, now: float) -> None:
    """Record when the person was last seen, after the page is made. If the page changed the
    session anyway, it goes with that save; otherwise it is saved here, and a database that
    cannot take it (a blip, a dropped connection) costs only this one note, never the page:
    Django would answer such a failed session save with a bare "400 Bad Request"."""
    session = request.session
    if not request.user.is_authenticated or session.session_key is None:
        return  # signed out by the page itself
    changed_by_page = session.modified
    session[LAST_SEEN] = now
    if changed_by_page:
        return  # SessionMiddleware saves it with the page's own change
    try:
        session.save()
    except (DatabaseError, UpdateError):
        logger.warning("last-seen time not saved: the database did not answer")
    session.modified = False  # saved, or given up: SessionMiddleware need not save it again
