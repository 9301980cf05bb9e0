"""Telling parents and carers, or recording why they were not told."""

from uuid import UUID

from django.http import HttpResponse
from django.views.decorators.http import require_GET, require_POST

from haven.accounts.decorators import staff_required
from haven.cases.area_selectors import group_exceptions
from haven.cases.forms import (
    ParentsNotToldForm,
    ParentsToldForm,
)
from haven.cases.models import Case, GroupStep
from haven.cases.services import (
    record_parents_not_told,
    record_parents_told,
)
from haven.cases.views.common import Section
from haven.http import AuthenticatedHttpRequest


def _not_yet(request: AuthenticatedHttpRequest, case: Case) -> dict[str, object]:
    return {"not_yet": group_exceptions(case, GroupStep.PARENTS_TOLD)}


PARENTS = Section(
    "cases/parents.html",
    to="cases:parents",
    forms={
        "told_form": (ParentsToldForm, "told"),
        "not_told_form": (ParentsNotToldForm, "not-told"),
    },
    context=_not_yet,
)


@staff_required
@require_GET
def parents(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    return PARENTS.show(request, case_id)


@staff_required
@require_POST
def parents_told(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    message = "Recorded: parents or carers told."
    return PARENTS.add(request, case_id, "told_form", record_parents_told, message)


@staff_required
@require_POST
def parents_not_told(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    message = "Recorded: parents or carers not told."
    return PARENTS.add(request, case_id, "not_told_form", record_parents_not_told, message)
