from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control

from haven.system.views import health

HEALTH_PATH = "/health/"  # as in haven/urls.py


class NoStoreMiddleware:
    """Nothing Haven shows may be kept by a browser or proxy cache.

    Safeguarding pages must not reappear from a shared computer's cache or back-history, and a
    family's page must not reveal itself to someone else using the same device. Static files are
    served by WhiteNoise before this middleware and keep their long cache headers.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        add_never_cache_headers(response)
        patch_cache_control(response, no_store=True, private=True)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response


class HealthBeforeSessionsMiddleware:
    """`/health/` answers before sessions and sign-in are looked at, so a monitor (or a browser
    with a session cookie) gets 503 when the database is down, never a 500 from loading the
    session. Placed before SessionMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == HEALTH_PATH:
            response = health(request)
            patch_cache_control(response, no_store=True, private=True)
            return response
        return self.get_response(request)
