"""Recording a step for a group of pupils at once (parents or carers told), with exceptions."""

from uuid import UUID

from django.http import HttpResponse
from django.views.decorators.http import require_GET, require_POST

from haven.accounts.decorators import staff_required
from haven.audit.context import AuditContext
from haven.cases.forms.group import ActionsGroupForm, ParentsToldGroupForm
from haven.cases.models import Case
from haven.cases.services.group import add_action_for_group, record_parents_told_for_group
from haven.cases.views.common import Section, attempt, done, shown, team_case, version_of
from haven.http import AuthenticatedHttpRequest


def _page(
    request: AuthenticatedHttpRequest, case: Case, form: ParentsToldGroupForm
) -> HttpResponse:
    context = {"case": case, "form": form}
    return shown(request, "cases/parents_group.html", context, case)


@staff_required
@require_GET
def parents_group(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = team_case(request, case_id)
    return _page(request, case, ParentsToldGroupForm(initial=version_of(case), case=case))


@staff_required
@require_POST
def parents_group_told(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = team_case(request, case_id)
    form = ParentsToldGroupForm(request.POST, initial=version_of(case), case=case)
    if form.is_valid() and attempt(
        form,
        case,
        record_parents_told_for_group,
        actor=request.user,
        case=case,
        context=AuditContext.of(request),
        **form.service_arguments(),
    ):
        return done(request, case, "Recorded: parents or carers told.", form, to="cases:parents")
    return _page(request, case, form)


SUPPORT_GROUP = Section(
    "cases/support_group.html",
    to="cases:support",
    forms={"form": (ActionsGroupForm, "group")},
)


@staff_required
@require_GET
def support_group(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    return SUPPORT_GROUP.show(request, case_id)


@staff_required
@require_POST
def add_support_group(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = team_case(request, case_id)
    message = "Added: a support action for each pupil chosen."
    context = AuditContext.of(request)
    return SUPPORT_GROUP.save(
        request, case, "form", add_action_for_group, message, case=case, context=context
    )
