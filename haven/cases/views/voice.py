"""Talking with each young person: one conversation recorded at a time, per pupil."""

from typing import Any
from uuid import UUID

from django.http import HttpResponse
from django.views.decorators.http import require_GET, require_POST

from haven.accounts.decorators import staff_required
from haven.audit.context import AuditContext
from haven.cases.area_selectors import conversations
from haven.cases.forms.voice import ConversationForm
from haven.cases.models import Case
from haven.cases.services.voice import record_conversation
from haven.cases.views.common import Section, team_case, version_of
from haven.http import AuthenticatedHttpRequest


def _conversations(request: AuthenticatedHttpRequest, case: Case) -> dict[str, Any]:
    found = conversations(case)
    return {"conversations": found, "talked_with": {c.pupil_id for c in found}}


VOICE = Section(
    "cases/voice.html",
    to="cases:voice",
    forms={"form": (ConversationForm, "talk")},
    context=_conversations,
)


@staff_required
@require_GET
def voice(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    """The page; `?pupil=<id>` (from that pupil's line on the task list) chooses them already."""
    case = team_case(request, case_id)
    form = ConversationForm(
        prefix="talk",
        initial={**version_of(case), "pupil": request.GET.get("pupil", "")},
        case=case,
    )
    return VOICE.page(request, case, form=form)


@staff_required
@require_POST
def add_conversation(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = team_case(request, case_id)
    message = "Recorded: the conversation with the young person."
    context = AuditContext.of(request)
    return VOICE.save(
        request, case, "form", record_conversation, message, case=case, context=context
    )
