from django.conf import settings
from django.http import HttpRequest


def haven(request: HttpRequest) -> dict[str, object]:
    return {"HAVEN_ENV": settings.HAVEN_ENV}
