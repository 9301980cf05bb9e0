"""What every case view shares: fetching the case the user may act on, and running a change."""

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect

from haven.accounts.models import User
from haven.accounts.permissions import Action, get_for
from haven.cases.models import Case
from haven.cases.services import CaseBlocked, CaseError, StaleCase


def user_of(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def team_case(request: HttpRequest, case_id: UUID, action: Action = Action.MANAGE_CASE) -> Case:
    """The case, if the user is on its school's safeguarding team; 404 for absent and denied."""
    return get_for(user_of(request), action, Case.objects.select_related("school"), pk=case_id)


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


def done(request: HttpRequest, case: Case, message: str, to: str = "cases:detail") -> HttpResponse:
    messages.success(request, message)
    return redirect(to, case_id=case.pk)


def submitted(
    request: HttpRequest, form: forms.Form, case: Case, change: Callable[..., Any], /, **extra: Any
) -> bool:
    """A POST whose form is valid and whose change the service accepted.

    The form's fields are the service's keyword arguments (its `version` is the service's
    `expected_version`); `extra` names what the form does not hold (the case, the record).
    """
    if request.method != "POST" or not form.is_valid():
        return False
    data = dict(form.cleaned_data)
    version = data.pop("version")
    return attempt(
        form, case, change, actor=user_of(request), expected_version=version, **data, **extra
    )
