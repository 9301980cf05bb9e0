"""What every case form shares: the pupils and staff a form may name, and the base form.

Validation of the form's own fields lives here; what the guidance allows is checked by the
services (shown as form errors)."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from haven.accounts.models import User
from haven.cases.forms.widgets import (
    VersionedForm,
)
from haven.cases.models import (
    Case,
)
from haven.schools.models import SAFEGUARDING_TEAM, Pupil, Role


def pupils_in(case: Case) -> QuerySet[Pupil]:
    return Pupil.objects.filter(pk__in=case.case_pupils.values("pupil_id"))


def staff_at(case: Case, *, team_only: bool = False) -> QuerySet[User]:
    roles = (
        list(SAFEGUARDING_TEAM) if team_only else [r for r in Role.values if r != Role.SCHOOL_ADMIN]
    )
    return User.objects.filter(
        memberships__school_id=case.school_id,
        memberships__is_active=True,
        memberships__role__in=roles,
        is_active=True,
    ).distinct()


class PersonChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(getattr(obj, "display_name", None) or obj)


def pupil_field(case: Case, label: str, *, required: bool = True) -> PersonChoice:
    return PersonChoice(
        queryset=pupils_in(case),
        label=label,
        required=required,
        empty_label="Choose" if required else "Not about one pupil",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )


def staff_field(
    case: Case, label: str, *, team_only: bool = False, help_text: str = ""
) -> PersonChoice:
    return PersonChoice(
        queryset=staff_at(case, team_only=team_only),
        label=label,
        help_text=help_text,
        empty_label="Choose",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )


class CaseForm(VersionedForm):
    """A versioned form that knows its case (to offer its pupils and staff)."""

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        self.case = case
        super().__init__(*args, **kwargs)
        self.add_case_fields(case)

    def add_case_fields(self, case: Case) -> None:
        """Fields that depend on the case; none by default."""
