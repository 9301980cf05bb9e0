"""Forms for retention: the school's policy, a legal hold, and the confirmation of a deletion."""

from django import forms

from haven.lib.forms import Form
from haven.records import rules
from haven.records.services import MAX_REASON


class PolicyForm(Form):
    years_after_birth = forms.IntegerField(
        label="Keep each record until the pupil's date of birth plus how many years?",
        help_text="Most schools' policy is 25 years.",
        min_value=rules.MIN_YEARS,
        max_value=rules.MAX_YEARS,
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3"}),
    )


class HoldForm(Form):
    reason = forms.CharField(
        label="Why must the record be kept?",
        help_text="The inquiry or proceedings, and who asked. Only the safeguarding team sees it.",
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 3}),
    )


class DeleteForm(Form):
    upn = forms.CharField(
        label="Type the pupil's UPN to confirm",
        help_text="Deleting cannot be undone: the words are removed for good.",
        max_length=13,
        widget=forms.TextInput(
            attrs={"class": "govuk-input govuk-input--width-10", "autocomplete": "off"}
        ),
    )
