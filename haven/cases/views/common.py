"""What every case view shares: fetching the case the user may act on, saving a change from a
form (safe against a stale page), and drawing the pages that hold the forms (every one of them
through `shown`, which audits the read)."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.forms import Form
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from haven.accounts.permissions import Action, get_for, team_school_ids
from haven.audit.context import AuditContext
from haven.audit.services import record
from haven.cases.forms.common import CaseForm
from haven.cases.models import Case
from haven.cases.rules import NextStep, next_step
from haven.cases.selectors import CaseRecords, load_records
from haven.cases.services import CaseBlocked, CaseError, StaleCase
from haven.http import AuthenticatedHttpRequest
from haven.language.views import advise_on


def team_case(
    request: AuthenticatedHttpRequest, case_id: UUID, action: Action = Action.MANAGE_CASE
) -> Case:
    """The case, if the user is on its school's safeguarding team; 404 for absent and denied."""
    return get_for(request.user, action, Case.objects.select_related("school"), pk=case_id)


def shown(
    request: AuthenticatedHttpRequest,
    template: str,
    context: Mapping[str, Any],
    case: Case | None = None,
) -> HttpResponse:
    """Draw a page (or an HTMX part of one) that shows case data, and audit that it was seen.

    Every case page comes through here: on a GET, after a refused form is drawn again as typed,
    and for the live assessment. So no read of a case goes unrecorded, and no view has to
    remember to record it. Pages about several cases (the list, the head's agreements) have no
    `case`.
    """
    _audit_read(request, case)
    return render(request, template, context)


def _audit_read(request: AuthenticatedHttpRequest, case: Case | None) -> None:
    """`cases.case_viewed` for one case, `cases.case_list_viewed` for a list. The data says which
    page (its URL name) and which item on it (the URL's ids): codes and ids, never what was shown.
    """
    match = request.resolver_match
    kwargs = match.kwargs if match else {}
    data: dict[str, Any] = {"section": match.url_name if match else ""}
    data.update({name: str(value) for name, value in kwargs.items() if name != "case_id"})
    if request.method == "POST":
        data["posted"] = True  # drawn in answer to a form: a refusal, or answers being checked
    user = request.user
    if case is not None:
        record(
            "cases.case_viewed",
            actor=user,
            school=case.school_id,
            obj=case,
            context=AuditContext.of(request),
            data=data,
        )
        return
    schools = team_school_ids(user)
    # A list can span a trust's schools; it goes in the one school's chain when there is one.
    school = schools[0] if len(schools) == 1 else None
    record(
        "cases.case_list_viewed",
        actor=user,
        school=school,
        context=AuditContext.of(request),
        data=data,
    )


def version_of(case: Case) -> dict[str, int]:
    return {"version": case.version}


def attempt(form: forms.Form, case: Case, change: Callable[..., Any], /, **kwargs: Any) -> bool:
    """Run a change (a service, with its keyword arguments). On a domain error put its reasons on
    the form, which keeps what was typed.

    A stale version also moves the form to the current version, so that after checking what
    changed the user can save again without retyping.
    """
    try:
        change(**kwargs)
    except CaseBlocked as blocked:
        for reason in blocked.blockers:
            form.add_error(None, reason)
        return False
    except StaleCase as stale:
        form.add_error(None, str(stale))
        data = QueryDict(mutable=True)
        data.update(form.data)
        data[form.add_prefix("version")] = str(
            Case.objects.values_list("version", flat=True).get(pk=case.pk)
        )
        form.data = data
        case.refresh_from_db()
        return False
    except CaseError as error:
        form.add_error(None, str(error))
        return False
    return True


# The page where each step of a case is done: the task list's tasks, and the decision to manage
# a case in school, which the review may offer.
STEP_PAGES = {
    "review": "cases:review",
    "referrals": "cases:referrals",
    "lado": "cases:lado",
    "early_help": "cases:early_help",
    "outcomes": "cases:referrals",
    "parents": "cases:parents",
    "support": "cases:support",
    "takedown": "cases:takedown",
    "devices": "cases:devices",
    "staff_seen": "cases:seen",
    "voice": "cases:voice",
    "follow_up": "cases:support",
    "closure": "cases:close",
    "manage_in_school": "cases:manage_in_school",
}


def step_of(records: CaseRecords) -> NextStep | None:
    """The case's one next step (haven.cases.rules.next_step), from what is recorded."""
    assessment = records.assessment
    return next_step(
        records.progress(),
        manage_in_school_allowed=bool(assessment and assessment.manage_in_school_allowed),
        refer_every_case=records.case.school.refer_every_case,
    )


def step_url(case: Case, step: NextStep) -> str:
    url = reverse(STEP_PAGES[step.key], args=[case.pk])
    return f"{url}#follow-up" if step.key == "follow_up" else url


def done(
    request: AuthenticatedHttpRequest,
    case: Case,
    message: str,
    /,
    *written: forms.BaseForm,
    to: str = "cases:detail",
    url: str | None = None,
) -> HttpResponse:
    """After a save: say so, give the language guard's advice on what was written in the forms
    (advice only: it is saved already), and go on to a page (POST, redirect, GET): `url`, or the
    case's page named `to`."""
    messages.success(request, message)
    advise_on(request, *written)
    return redirect(url) if url else redirect(to, case_id=case.pk)


def saved(
    request: AuthenticatedHttpRequest,
    form: forms.Form,
    case: Case,
    change: Callable[..., Any],
    message: str,
    /,
    *,
    to: str = "cases:detail",
    **extra: Any,
) -> HttpResponse | None:
    """Save from a form, safe against a stale page: the redirect after a POST whose form is valid
    and whose change the service accepted; None otherwise, for the caller to draw the form again
    as typed, with its errors (a stale page's among them).

    The form's fields are the service's keyword arguments (its `version` is the service's
    `expected_version`); `extra` names what the form does not hold (the case, the record).
    """
    if request.method != "POST" or not form.is_valid():
        return None
    data = dict(form.cleaned_data)
    version = data.pop("version")
    if not attempt(
        form, case, change, actor=request.user, expected_version=version, **data, **extra
    ):
        return None
    return done(request, case, message, form, to=to)


def _no_context(request: AuthenticatedHttpRequest, case: Case) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Section:
    """A case page listing what is recorded, with a form for each kind of thing to add.

    `forms` names each form as the template does, with its class and prefix. Each form posts to
    its own URL and goes back to `to` once saved; a refused form is drawn again in place, as
    typed, with its errors. `context` adds what else the page shows.
    """

    template: str
    to: str
    forms: Mapping[str, tuple[type[Form], str]]
    context: Callable[[AuthenticatedHttpRequest, Case], dict[str, Any]] = field(default=_no_context)

    def form(self, name: str, case: Case, data: QueryDict | None = None) -> Form:
        form_class, prefix = self.forms[name]
        if issubclass(form_class, CaseForm):  # it offers the case's pupils and staff
            return form_class(data, prefix=prefix, initial=version_of(case), case=case)
        return form_class(data, prefix=prefix, initial=version_of(case))

    def page(
        self,
        request: AuthenticatedHttpRequest,
        case: Case,
        also: Mapping[str, Any] | None = None,
        **bound: Form,
    ) -> HttpResponse:
        """The page, with a blank form for each kind of thing (or the one bound after a POST)."""
        context = {"case": case, "records": load_records(case), **self.context(request, case)}
        context.update(also or {})
        context.update(
            {name: bound[name] if name in bound else self.form(name, case) for name in self.forms}
        )
        context["errored"] = next(iter(bound.values()), None)
        return shown(request, self.template, context, case)

    def show(self, request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
        """GET: the page for the team's case."""
        return self.page(request, team_case(request, case_id))

    def add(
        self,
        request: AuthenticatedHttpRequest,
        case_id: UUID,
        name: str,
        change: Callable[..., Any],
        message: str,
    ) -> HttpResponse:
        """POST: add to the team's case with the form called `name` (its service takes `case`)."""
        case = team_case(request, case_id)
        return self.save(request, case, name, change, message, case=case)

    def save(
        self,
        request: AuthenticatedHttpRequest,
        case: Case,
        name: str,
        change: Callable[..., Any],
        message: str,
        /,
        *,
        also: Mapping[str, Any] | None = None,
        **extra: Any,
    ) -> HttpResponse:
        """Save the form called `name` from the POST (see `saved`), or draw the page again with
        `also` in it as well. `extra` names what the service needs that the form does not hold."""
        form = self.form(name, case, request.POST)
        response = saved(request, form, case, change, message, to=self.to, **extra)
        return response or self.page(request, case, also, **{name: form})


def item_page(
    request: AuthenticatedHttpRequest, case: Case, form: forms.Form, **context: Any
) -> HttpResponse:
    """A page with one form about one recorded item (or the case itself); `rows` describe it."""
    rows = [(key, _as_text(value)) for key, value in context.pop("rows", [])]
    context = {"case": case, "form": form, "rows": rows, **context}
    return shown(request, "cases/item_form.html", context, case)


def _as_text(value: object) -> str:
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "j M Y, H:i")
    if isinstance(value, date):
        return date_format(value, "j M Y")
    return str(value)
