import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url

LAST_SEEN = "haven_last_seen"


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
                request.session[LAST_SEEN] = now
        return self.get_response(request)
