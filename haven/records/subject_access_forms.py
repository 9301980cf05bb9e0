"""Forms for a subject access request: who asked, and what the DSL redacts."""

from typing import Any

from django import forms

from haven.lib.forms import Form
from haven.records.models import Requester
from haven.records.subject_access import MAX_REQUESTER

DATE = forms.DateInput(attrs={"class": "govuk-input govuk-input--width-10", "type": "date"})


class StartRequestForm(Form):
    requester_kind = forms.ChoiceField(
        label="Who asked to see the record?",
        choices=Requester.choices,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios__input"}),
    )
    requester = forms.CharField(
        label="Their name",
        max_length=MAX_REQUESTER,
        widget=forms.TextInput(attrs={"class": "govuk-input", "autocomplete": "off"}),
    )
    received_on = forms.DateField(
        label="The day the school received the request",
        help_text="The school answers within one month of this day.",
        widget=DATE,
    )


class RedactForm(Form):
    suggested = forms.MultipleChoiceField(
        label="Other pupils named in this record",
        help_text="Tick each name to redact.",
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes__input"}),
    )
    others = forms.CharField(
        label="Other words to redact, one to a line",
        help_text=(
            "Other people's names and details: addresses, phone numbers, a sibling, a member of "
            "staff where that is right. Each is replaced by [redacted] wherever it appears."
        ),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 5}),
    )

    def __init__(self, *args: Any, suggestions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["suggested"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(name, name) for name in suggestions]

    def phrases(self) -> list[str]:
        return [*self.cleaned_data["suggested"], *self.cleaned_data["others"].splitlines()]
