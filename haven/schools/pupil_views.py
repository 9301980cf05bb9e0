"""Pupil search for staff forms (the picker's HTMX endpoint)."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from haven.accounts.decorators import staff_required
from haven.http import AuthenticatedHttpRequest
from haven.schools.picker import FIELD_NAME, pupil_picker
from haven.schools.selectors import searchable_schools


@staff_required
@require_GET
def pupil_search(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Up to 20 on-roll pupils of the user's schools matching ?q= (or the picker's own field),
    as the picker's results, drawn as the form's picker draws them (`name`, `multiple`, `roles`,
    `school_field`). Staff who may search pupils only; everyone else gets 404."""
    if not searchable_schools(request.user):
        raise Http404
    name = request.GET.get("name") or "pupils"
    school_field = request.GET.get("school_field") or ""
    if not FIELD_NAME.match(name) or (school_field and not FIELD_NAME.match(school_field)):
        raise Http404
    picker = pupil_picker(
        request,
        field_name=name,
        multiple=request.GET.get("multiple") != "0",
        with_roles=request.GET.get("roles") == "1",
        school_field=school_field,
    )
    return render(request, "schools/pupil_picker.html#results", {"picker": picker})
