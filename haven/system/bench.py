"""Only in the benchmark settings (haven/bench_settings.py): the floor view the pages are measured
against, and a header giving each answer's query count. Never in Haven's own URLs or middleware."""

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.template import engines

from haven.accounts.decorators import public
from haven.schools.models import School

QUERY_HEADER = "X-Haven-Queries"
_FLOOR = engines["django"].from_string("<!doctype html><title>Floor</title><p>{{ name }}</p>")


@public
def floor(request: HttpRequest) -> HttpResponse:
    """A bare Django view: one indexed query (a school by primary key) and a tiny template."""
    school = School.objects.filter(pk=1).only("name").first()
    return HttpResponse(_FLOOR.render({"name": school.name if school else ""}))


class QueryCountMiddleware:
    """Counts the database queries each request makes (outermost, so sessions count too)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        count = 0

        def counted(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counted):
            response = self.get_response(request)
        response[QUERY_HEADER] = str(count)
        return response
