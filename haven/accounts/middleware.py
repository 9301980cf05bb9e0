import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

LAST_SEEN = "haven_last_seen"


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
                return redirect(settings.LOGIN_URL)
            if generation != getattr(user, "session_generation", 0):
                logout(request)
                return redirect(settings.LOGIN_URL)
            request.session[LAST_SEEN] = now
        return self.get_response(request)
