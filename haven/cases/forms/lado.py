"""Naming someone to see a case restricted because an adult who works with children is involved.

Validation of the form's own fields lives here; who may be named is checked by the service."""

from django import forms

from haven.accounts.models import User
from haven.accounts.permissions import sees_case
from haven.cases.forms.common import CaseForm, PersonChoice, staff_at
from haven.cases.forms.widgets import area
from haven.cases.models import Case, NamedAccess


class NameForCaseForm(CaseForm):
    reason = area(
        "Why do they need to see this case?",
        help_text="For example, they are the pupil's key adult and are not connected with the"
        " adult involved.",
    )

    def add_case_fields(self, case: Case) -> None:
        # The team members who do not see the case already (the DSL and the head always do).
        team = staff_at(case, team_only=True).order_by("full_name")
        hidden = [user.pk for user in team if not sees_case(user, case)]
        self.fields["user"] = PersonChoice(
            queryset=User.objects.filter(pk__in=hidden).order_by("full_name"),
            label="Who else on the safeguarding team should see it?",
            empty_label="Choose",
        )
        self.fields["user"].widget.attrs["class"] = "govuk-select"
        self.order_fields(["user", "reason"])


class RemoveNamedForm(CaseForm):
    """Stop a named person seeing the case: the page gives one button per person named."""

    def add_case_fields(self, case: Case) -> None:
        self.fields["access"] = forms.ModelChoiceField(
            queryset=NamedAccess.objects.filter(case=case, removed_at__isnull=True),
            widget=forms.HiddenInput,
            error_messages={"required": "Choose who should no longer see this case."},
        )
