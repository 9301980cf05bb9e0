from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from haven.accounts.decorators import public
from haven.system.selectors import health as read_health


@public
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: 200 when the database and a worker are alive, else 503."""
    state = read_health()
    body = {
        "status": "ok" if state.ok else "degraded",
        "database": "ok" if state.database else "unavailable",
        "worker": "ok" if state.worker else "not seen in the last minute",
        "queued_tasks": state.queued_tasks,
    }
    return JsonResponse(body, status=200 if state.ok else 503)
