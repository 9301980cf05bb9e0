"""Forms for sending the child protection file to the next school, and for the receiving school's
one-use links."""

from django import forms

from haven.lib.forms import Form
from haven.records.transfers import MAX_NOTE

DATE = forms.DateInput(attrs={"class": "govuk-input govuk-input--width-10", "type": "date"})
TEXT = {"class": "govuk-input", "autocomplete": "off"}


class StartTransferForm(Form):
    to_school = forms.CharField(
        label="Which school is the pupil moving to?",
        help_text="Its name, as the new school gives it (and its URN if you know it).",
        max_length=200,
        widget=forms.TextInput(attrs=TEXT),
    )
    leaves_on = forms.DateField(label="The pupil's last day at this school", widget=DATE)
    in_year = forms.TypedChoiceField(
        label="Is this a move during the school year?",
        choices=[("yes", "Yes, a move in-year"), ("no", "No, at the end of a school year")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect(attrs={"class": "govuk-radios__input"}),
    )
    starts_on = forms.DateField(
        label="The pupil's first day at the new school (if you know it)",
        help_text="For a move in-year the file must arrive before the child starts.",
        required=False,
        widget=DATE,
    )


class ConfirmForm(Form):
    confirmed_by = forms.CharField(
        label="Who at the new school confirmed receipt?",
        help_text="Their name and role, and how they confirmed (phone, secure e-mail, letter).",
        max_length=200,
        widget=forms.TextInput(attrs=TEXT),
    )


class CallForm(Form):
    note = forms.CharField(
        label="Whom did you speak to, and what did you tell them?",
        help_text="The new DSL's name, when you called, and what you said about the open case.",
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 4}),
    )


class CodeForm(Form):
    code = forms.CharField(
        label="The code the sending school gave you",
        help_text="It was sent separately from this link: 10 letters and numbers.",
        max_length=20,
        widget=forms.TextInput(attrs={**TEXT, "class": "govuk-input govuk-input--width-10"}),
    )


class ReceiptForm(Form):
    confirmed_by = forms.CharField(
        label="Your name and role",
        help_text="Your full name, and your role (for example, designated safeguarding lead).",
        max_length=200,
        widget=forms.TextInput(attrs=TEXT),
    )
