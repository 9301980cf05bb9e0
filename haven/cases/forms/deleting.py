"""Asking people to delete the imagery, and confirming that they did.

Validation of the form's own fields lives here; what the guidance allows is checked by the
services (shown as form errors)."""

from django import forms

from haven.cases.forms.common import CaseForm, pupils_in
from haven.cases.forms.widgets import (
    Checkboxes,
    VersionedForm,
    area,
    day,
)
from haven.cases.models import (
    Case,
)


class DeletionForm(CaseForm):
    deadline = day("Confirm deletion by")

    def add_case_fields(self, case: Case) -> None:
        self.fields["pupils"] = forms.ModelMultipleChoiceField(
            queryset=pupils_in(case),
            label="Who was asked to delete it?",
            help_text="From every device, cloud store and social media account.",
            widget=Checkboxes,
        )
        self.order_fields(["pupils", "deadline"])


class ConfirmDeletionForm(VersionedForm):
    note = area("How was it confirmed?", required=False)


class CloseDeletionForm(VersionedForm):
    reason = area(
        "Why is it closed without confirmation?",
        help_text="For example, the young person has left the school, or the police took the"
        " device.",
    )
