from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from haven.accounts.decorators import public


@public
@require_GET
def landing(request: HttpRequest) -> HttpResponse:
    """Haven's front door: what it is, and the way in for staff, families and young people."""
    return render(request, "public/landing.html")
