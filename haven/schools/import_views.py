"""The MIS import pages: upload a CSV, check what it would change, save it, watch it finish.

The run page polls itself with HTMX every second while the import is being saved; without
JavaScript, reloading the page (or its "Check again" link) shows the same progress.
"""

import uuid

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from haven.accounts.decorators import staff_required
from haven.http import AuthenticatedHttpRequest
from haven.schools import imports, mis, selectors
from haven.schools.forms import ImportForm
from haven.schools.models import ImportKind, ImportStatus
from haven.schools.views import managed_school

PREVIEW_LIST_LIMIT = 100  # names listed per section; the counts are always whole
# Past this many POSTed bytes Django drops the file before the form sees it (a 5 MB file plus the
# form's other fields fits well under it).
TOO_BIG_REQUEST = mis.MAX_FILE_BYTES + 64 * 1024


def _kind(kind: str) -> ImportKind:
    try:
        return ImportKind(kind)
    except ValueError:
        raise Http404 from None


@staff_required
@require_http_methods(["GET", "POST"])
def upload(request: AuthenticatedHttpRequest, school: str, kind: str) -> HttpResponse:
    place = managed_school(request, school)
    import_kind = _kind(kind)
    too_big = int(request.META.get("CONTENT_LENGTH") or 0) > TOO_BIG_REQUEST
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, too_big=too_big)
    else:
        form = ImportForm()
    if request.method == "POST" and form.is_valid():
        actor = request.user
        run = imports.check_file(
            actor=actor,
            school=place,
            kind=import_kind,
            data=form.text_bytes,
            whole_roll=form.cleaned_data["whole_roll"],
        )
        return redirect("schools:import_run", school=place.slug, run_id=run.pk)
    context = {
        "school": place,
        "kind": import_kind,
        "form": form,
        "columns": mis.PUPIL_COLUMNS if import_kind == ImportKind.PUPILS else mis.STAFF_COLUMNS,
        "imports": [r for r in selectors.recent_imports(place) if r.kind == import_kind],
    }
    return render(request, "schools/import_upload.html", context)


@staff_required
@require_GET
def run(request: AuthenticatedHttpRequest, school: str, run_id: uuid.UUID) -> HttpResponse:
    """One import: its errors, its preview, its progress or its result, as it stands now."""
    place = managed_school(request, school)
    import_run = selectors.import_run_at(place, run_id)
    context: dict[str, object] = {
        "school": place,
        "run": import_run,
        "limit": PREVIEW_LIST_LIMIT,
        "minus_limit": -PREVIEW_LIST_LIMIT,  # "and N more" after the names listed
    }
    if import_run.status == ImportStatus.PREVIEW:
        context["preview"] = imports.preview(import_run)
    if request.htmx and request.htmx.target == "import-progress":  # type: ignore[attr-defined]
        return render(request, "schools/import_run.html#progress", context)
    return render(request, "schools/import_run.html", context)


@staff_required
@require_POST
def save(request: AuthenticatedHttpRequest, school: str, run_id: uuid.UUID) -> HttpResponse:
    place = managed_school(request, school)
    import_run = selectors.import_run_at(place, run_id)
    actor = request.user
    try:
        imports.start_import(actor=actor, run=import_run)
    except imports.ImportRefused as refused:
        messages.info(request, str(refused))
    return redirect("schools:import_run", school=place.slug, run_id=import_run.pk)


@staff_required
@require_POST
def cancel(request: AuthenticatedHttpRequest, school: str, run_id: uuid.UUID) -> HttpResponse:
    place = managed_school(request, school)
    import_run = selectors.import_run_at(place, run_id)
    actor = request.user
    try:
        imports.cancel_import(actor=actor, run=import_run)
    except imports.ImportRefused as refused:
        messages.info(request, str(refused))
    else:
        messages.success(request, "Import cancelled. Nothing was saved.")
    return redirect("schools:import_upload", school=place.slug, kind=import_run.kind)
